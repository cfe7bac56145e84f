#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_RASTER_BUFFER_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_RASTER_BUFFER_H_

// Scratch memory for chart rasters (megabytes per chart), reused from one chart to the
// next and asked of the kernel in transparent huge pages where it offers them (Linux's
// "madvise" mode, Debian's default). A chart's raster written into fresh 4 KiB pages
// took one page fault per page (perf on the demo study: page faults ~14% of the render
// step's CPU on this VM, where a fault is expensive); a 2 MiB page is one fault. Where
// huge pages are off, the buffer is ordinary memory and works the same.

#include <cstddef>
#include <memory>

namespace govmetrics::reporting {

class RasterBuffer {
 public:
  // At least `size` bytes, their contents unspecified (the caller writes them all), or
  // nullptr when the memory cannot be had. Valid until the next Reserve of a larger size.
  unsigned char* Reserve(size_t size);

 private:
  struct Free {
    void operator()(unsigned char* bytes) const;
  };
  std::unique_ptr<unsigned char, Free> bytes_;
  size_t capacity_ = 0;
};

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_RASTER_BUFFER_H_
