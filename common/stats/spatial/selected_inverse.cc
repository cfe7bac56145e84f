#include "common/stats/spatial/selected_inverse.h"

#include <algorithm>
#include <cassert>
#include <utility>
#include <vector>

namespace govmetrics::stats {
namespace {

// The position of row `row` in column `col` of `l`'s value array, or -1.
Eigen::Index Position(const Eigen::SparseMatrix<double>& l, int col, int row) {
  const int* begin = l.innerIndexPtr() + l.outerIndexPtr()[col];
  const int* end = l.innerIndexPtr() + l.outerIndexPtr()[col + 1];
  const int* it = std::lower_bound(begin, end, row);
  return (it != end && *it == row) ? static_cast<Eigen::Index>(it - l.innerIndexPtr()) : -1;
}

}  // namespace

// Column j from the last: acc(b) accumulates sum_k L_kj Z_ik for the b-th row i of
// column j. Every pair (i, k) of rows of column j with i > k lies on column k, so
// scanning column k once (rows found through `slot`) serves both Z_ik and Z_ki.
SelectedInverse::SelectedInverse(const Eigen::SparseMatrix<double>& l, const Eigen::VectorXd& d)
    : l_(l), lower_(Eigen::VectorXd::Zero(l.nonZeros())), diagonal_(d.size()) {
  const int n = static_cast<int>(d.size());
  const int* outer = l.outerIndexPtr();
  const int* rows = l.innerIndexPtr();
  const double* values = l.valuePtr();
  std::vector<int> slot(n, -1);
  std::vector<double> acc;
  for (int j = n - 1; j >= 0; --j) {
    const int begin = outer[j], count = outer[j + 1] - begin;
    acc.assign(count, 0.0);
    for (int a = 0; a < count; ++a) slot[rows[begin + a]] = a;
    for (int a = 0; a < count; ++a) {
      const int k = rows[begin + a];
      const double l_kj = values[begin + a];
      acc[a] += l_kj * diagonal_(k);
      for (int q = outer[k]; q < outer[k + 1]; ++q) {
        const int b = slot[rows[q]];
        if (b < 0) continue;
        acc[b] += l_kj * lower_(q);               // Z_ik with i = rows[q] > k
        acc[a] += values[begin + b] * lower_(q);  // Z_ki for the row k, via L_ij
      }
    }
    double diag = 1.0 / d(j);
    for (int a = 0; a < count; ++a) {
      lower_(begin + a) = -acc[a];
      diag -= values[begin + a] * lower_(begin + a);
      slot[rows[begin + a]] = -1;
    }
    diagonal_(j) = diag;
  }
}

Eigen::Index SelectedInverse::PositionOf(const Eigen::SparseMatrix<double>& l, int i, int j) {
  if (i < j) std::swap(i, j);
  return Position(l, j, i);
}

double SelectedInverse::operator()(int i, int j) const {
  if (i == j) return diagonal_(i);
  if (i < j) std::swap(i, j);
  const Eigen::Index p = Position(l_, j, i);
  assert(p >= 0);
  return p >= 0 ? lower_(p) : 0.0;
}

}  // namespace govmetrics::stats
