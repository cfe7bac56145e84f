#include "common/stats/score_sums_by_rows.h"

#include <vector>

#include "common/stats/panel_parallel.h"

namespace govmetrics::stats {
namespace {

// Where each of `chunks` parts of [0, n) begins (and n at the end): the even split, each
// point moved on to the next row whose level differs from the row before.
std::vector<int64_t> LevelAlignedBounds(const std::vector<int>& codes, int64_t n, int chunks) {
  std::vector<int64_t> bounds(static_cast<size_t>(chunks) + 1, n);
  bounds[0] = 0;
  for (int c = 1; c < chunks; ++c) {
    int64_t at = std::max(n * c / chunks, bounds[c - 1]);
    while (at > 0 && at < n && codes[at] == codes[at - 1]) ++at;
    bounds[c] = at;
  }
  return bounds;
}

// Whether no level has rows in two of the parts `bounds` makes (each part marks its
// levels on its own thread): a pass over the codes alone, before any sum is made.
bool LevelsStayInTheirPart(const FactorCodes& group, const std::vector<int64_t>& bounds,
                           int chunks) {
  std::vector<std::vector<char>> seen(chunks);
  ParallelChunks(chunks, chunks, [&](int c, int64_t, int64_t) {
    seen[c].assign(static_cast<size_t>(group.levels), 0);
    for (int64_t i = bounds[c]; i < bounds[c + 1]; ++i) seen[c][group.codes[i]] = 1;
  });
  for (int c = 1; c < chunks; ++c) {
    for (int g = 0; g < group.levels; ++g) {
      if (!seen[c][g]) continue;
      if (seen[0][g]) return false;
      seen[0][g] = 1;
    }
  }
  return true;
}

// The score sums of rows [begin, end) into `sums` (zero where none of them is), as
// ScoreSums adds them: per column, in row order.
void SumRows(const Eigen::Ref<const Eigen::MatrixXd>& x, const double* e, const int* code,
             int64_t begin, int64_t end, Eigen::MatrixXd* sums) {
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    double* s = sums->col(j).data();
    const auto col = x.col(j);
    for (int64_t i = begin; i < end; ++i) s[code[i]] += col[i] * e[i];
  }
}

}  // namespace

std::optional<Eigen::MatrixXd> ScoreSumsByRows(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                               const Eigen::Ref<const Eigen::VectorXd>& resid,
                                               const FactorCodes& group, int chunks) {
  const int64_t n = x.rows();
  const std::vector<int64_t> bounds = LevelAlignedBounds(group.codes, n, chunks);
  if (!LevelsStayInTheirPart(group, bounds, chunks)) return std::nullopt;
  // Each level's rows are in one part, so its sums are that part's alone, added in row
  // order from zero: all parts add into the one matrix, each to rows no other touches.
  Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(group.levels, x.cols());
  ParallelChunks(chunks, chunks, [&](int c, int64_t, int64_t) {
    SumRows(x, resid.data(), group.codes.data(), bounds[c], bounds[c + 1], &sums);
  });
  return sums;
}

}  // namespace govmetrics::stats
