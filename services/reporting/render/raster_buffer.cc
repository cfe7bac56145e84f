#include "services/reporting/render/raster_buffer.h"

#include <sys/mman.h>

#include <cstdlib>

namespace govmetrics::reporting {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;  // x86-64 and arm64 (4 KiB base pages)

}  // namespace

void RasterBuffer::Free::operator()(unsigned char* bytes) const { std::free(bytes); }

unsigned char* RasterBuffer::Reserve(size_t size) {
  if (size <= capacity_) return bytes_.get();
  bytes_.reset();  // the old contents are not needed: free before allocating
  capacity_ = 0;
  const size_t rounded = (size + kHugePage - 1) / kHugePage * kHugePage;
  void* bytes = std::aligned_alloc(kHugePage, rounded);
  if (bytes == nullptr) return nullptr;
#ifdef MADV_HUGEPAGE
  (void)madvise(bytes, rounded, MADV_HUGEPAGE);  // advice only: refused means 4 KiB pages
#endif
  bytes_.reset(static_cast<unsigned char*>(bytes));
  capacity_ = rounded;
  return bytes_.get();
}

}  // namespace govmetrics::reporting
