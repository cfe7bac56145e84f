#ifndef GOVMETRICS_COMMON_STATS_INDEX_WORK_BUFFER_H_
#define GOVMETRICS_COMMON_STATS_INDEX_WORK_BUFFER_H_

// The one large allocation of the index computation: the rows x indicators working
// matrix. Allocated 2 MiB-aligned and, on Linux, advised for transparent huge pages:
// first-touch page faults on a fresh 240 MB buffer (1e6 x 30) otherwise cost more than
// the arithmetic (~60,000 4 KiB faults per call).

#include <cstddef>

#include "Eigen/Core"

namespace govmetrics::stats {

class WorkBuffer {
 public:
  WorkBuffer(Eigen::Index rows, Eigen::Index cols);
  ~WorkBuffer();
  WorkBuffer(const WorkBuffer&) = delete;
  WorkBuffer& operator=(const WorkBuffer&) = delete;

  // Uninitialised; every element is written before it is read.
  Eigen::Map<Eigen::MatrixXd> matrix() { return Eigen::Map<Eigen::MatrixXd>(data_, rows_, cols_); }
  bool ok() const { return data_ != nullptr; }

 private:
  double* data_ = nullptr;
  Eigen::Index rows_ = 0;
  Eigen::Index cols_ = 0;
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_INDEX_WORK_BUFFER_H_
