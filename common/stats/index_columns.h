#ifndef GOVMETRICS_COMMON_STATS_INDEX_COLUMNS_H_
#define GOVMETRICS_COMMON_STATS_INDEX_COLUMNS_H_

// A read-only, zero-copy rows x indicators view made of one contiguous double array per
// indicator. A Panel keeps each column in its own protobuf repeated field, so a list of
// column pointers (not one matrix) is what lets the service hand the numerics its memory
// without copying; an Eigen matrix (column-major) is viewed the same way.

#include <cstddef>
#include <utility>
#include <vector>

#include "Eigen/Core"

namespace govmetrics::stats {

class IndicatorColumns {
 public:
  IndicatorColumns() = default;
  // `columns[j]` points at `rows` doubles; the memory must outlive the view.
  IndicatorColumns(int rows, std::vector<const double*> columns)
      : rows_(rows), columns_(std::move(columns)) {}
  // Views the columns of a column-major matrix (which must outlive the view).
  static IndicatorColumns FromMatrix(const Eigen::MatrixXd& m) {
    return FromPointer(m.data(), static_cast<int>(m.rows()), static_cast<int>(m.cols()));
  }
  static IndicatorColumns FromMatrix(const Eigen::Map<const Eigen::MatrixXd>& m) {
    return FromPointer(m.data(), static_cast<int>(m.rows()), static_cast<int>(m.cols()));
  }

  int rows() const { return rows_; }
  int cols() const { return static_cast<int>(columns_.size()); }
  Eigen::Map<const Eigen::VectorXd> col(int j) const {
    return Eigen::Map<const Eigen::VectorXd>(columns_[j], rows_);
  }
  const double* data(int j) const { return columns_[j]; }

 private:
  static IndicatorColumns FromPointer(const double* p, int rows, int cols) {
    std::vector<const double*> c(cols);
    for (int j = 0; j < cols; ++j) c[j] = p + static_cast<std::ptrdiff_t>(j) * rows;
    return IndicatorColumns(rows, std::move(c));
  }

  int rows_ = 0;
  std::vector<const double*> columns_;
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_INDEX_COLUMNS_H_
