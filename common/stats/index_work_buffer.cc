#include "common/stats/index_work_buffer.h"

#include <cstdlib>

#include "common/stats/huge_pages.h"

namespace govmetrics::stats {
namespace {
constexpr size_t kHugePage = size_t{2} << 20;
}  // namespace

WorkBuffer::WorkBuffer(Eigen::Index rows, Eigen::Index cols) : rows_(rows), cols_(cols) {
  const size_t bytes = static_cast<size_t>(rows) * static_cast<size_t>(cols) * sizeof(double);
  if (bytes == 0) return;
  if (bytes >= kHugePage) {
    void* p = nullptr;
    if (posix_memalign(&p, kHugePage, bytes) == 0) {
      data_ = static_cast<double*>(p);
      AdviseHugePages(p, bytes);
    }
  } else {
    data_ = static_cast<double*>(std::malloc(bytes));
  }
}

WorkBuffer::~WorkBuffer() { std::free(data_); }

}  // namespace govmetrics::stats
