#ifndef GOVMETRICS_COMMON_STATS_HUGE_PAGES_H_
#define GOVMETRICS_COMMON_STATS_HUGE_PAGES_H_

// Large arrays written once and then read (a dataset read by reference into columns, the
// engine's input matrix, the index's working matrix) are first touched page by page. On
// this class of VM a 4 KiB first-touch fault costs more than the bytes copied into the
// page (perf of a by-reference fit: about a third of the modeling process's CPU in page
// faults). Advising transparent huge pages before the first touch makes that one fault
// per 2 MiB wherever the kernel allows it (THP "always" or "madvise").
//
// Advisory only: nothing happens for arrays under 2 MiB, where THP is off, or off Linux.
// Call it after allocating (reserve, Eigen resize) and before writing the elements.

#include <cstddef>
#include <vector>

namespace govmetrics::stats {

void AdviseHugePages(const void* data, size_t bytes);

template <typename T>
void AdviseHugePages(const std::vector<T>& values) {
  AdviseHugePages(values.data(), values.capacity() * sizeof(T));
}

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_HUGE_PAGES_H_
