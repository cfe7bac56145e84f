// Per-group blocks of the GMM system: y, X and sparse instrument rows on pgmm's grid.
// A row with a missing value in y or X is zeroed (pgmm's narows); a missing
// instrument value is 0 (pgmm: W[is.na(W)] <- 0).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "common/stats/gmm/gmm_system.h"

namespace govmetrics::stats::gmm {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

// Values of one group on the grid: value(column, t) is NaN off the grid or if missing.
class GroupSeries {
 public:
  GroupSeries(const DynamicPanelData& data, const std::vector<int>* rows, int T) : data_(data), rows_(rows), T_(T) {}
  double operator()(int column, int t) const {
    if (t < 0 || t >= T_) return kMissing;
    const int row = (*rows_)[static_cast<size_t>(t)];
    return row < 0 ? kMissing : data_.columns[static_cast<size_t>(column)][row];
  }
  double Diff(int column, int t) const { return (*this)(column, t) - (*this)(column, t - 1); }

 private:
  const DynamicPanelData& data_;
  const std::vector<int>* rows_;
  int T_;
};

// Collects one row's instrument nonzeros.
struct RowWriter {
  GroupBlock* block;
  void Add(int col, double v) {
    if (std::isnan(v) || v == 0) return;
    block->cols.push_back(col);
    block->vals.push_back(v);
  }
  void End() { block->row_start.push_back(static_cast<int>(block->cols.size())); }
};

// Fills X's time-effect columns of row r (difference rows hold the differenced dummies).
void FillTimeX(const GmmLayout& l, bool system, bool level_row, int t, int r, GroupBlock* b) {
  const int k0 = l.k_regressors;
  if (!system) {
    b->x(r, k0 + t - l.tl1) = 1;
    if (t - 1 >= l.tl1) b->x(r, k0 + t - 1 - l.tl1) = -1;
    return;
  }
  // Intercept (level rows only), then dummies for tl2+1..T-1.
  if (level_row) {
    b->x(r, k0) = 1;
    if (t >= l.tl2 + 1) b->x(r, k0 + 1 + t - l.tl2 - 1) = 1;
    return;
  }
  b->x(r, k0 + 1 + t - l.tl2 - 1) = 1;
  if (t - 1 >= l.tl2 + 1) b->x(r, k0 + 1 + t - 1 - l.tl2 - 1) = -1;
}

// y and the regressors of row r; false if any is missing.
bool FillModelRow(const GroupSeries& s, const GmmLayout& l, int dependent, bool level_row, int t, int r,
                  GroupBlock* b) {
  double y = level_row ? s(dependent, t) : s.Diff(dependent, t);
  if (std::isnan(y)) return false;
  b->y[r] = y;
  int k = 0;
  for (const auto& term : l.model_terms) {
    for (int lag : term.lags) {
      const double v = level_row ? s(term.column, t - lag) : s.Diff(term.column, t - lag);
      if (std::isnan(v)) return false;
      b->x(r, k++) = v;
    }
  }
  return true;
}

void FillDifferenceInstruments(const GroupSeries& s, const GmmLayout& l, const DynamicPanelSpec& spec, int t,
                               RowWriter* w) {
  const int i = t - l.tl1;
  for (size_t g = 0; g < spec.gmm.size(); ++g) {
    const GmmInstrument& e = spec.gmm[g];
    const int base = l.gmm_difference_offset[g] + (e.collapse ? 0 : l.gmm_row_offset[g][static_cast<size_t>(i)]);
    for (int lag = e.min_lag; lag <= std::min(e.max_lag, t); ++lag) w->Add(base + lag - e.min_lag, s(e.column, t - lag));
  }
  if (spec.time_effects && spec.transformation == Transformation::kDifference) {
    w->Add(l.time_offset + i, 1);
    if (i > 0) w->Add(l.time_offset + i - 1, -1);
  }
  for (size_t j = 0; j < l.iv.size(); ++j) {
    for (size_t q = 0; q < l.iv[j].lags.size(); ++q) {
      w->Add(l.iv_difference_offset[j] + static_cast<int>(q), s.Diff(l.iv[j].column, t - l.iv[j].lags[q]));
    }
  }
}

void FillLevelInstruments(const GroupSeries& s, const GmmLayout& l, const DynamicPanelSpec& spec, int t,
                          RowWriter* w) {
  for (size_t g = 0; g < spec.gmm.size(); ++g) {
    if (t < 2) continue;
    const int col = l.gmm_level_offset[g] + (spec.gmm[g].collapse ? 0 : t - std::max(l.tl2, 2));
    w->Add(col, s.Diff(spec.gmm[g].column, t - 1));
  }
  if (spec.time_effects) {
    w->Add(l.time_offset, 1);
    if (t >= l.tl2 + 1) w->Add(l.time_offset + t - l.tl2, 1);
  }
  for (size_t j = 0; j < l.iv.size(); ++j) {
    for (size_t q = 0; q < l.iv[j].lags.size(); ++q) {
      w->Add(l.iv_level_offset[j] + static_cast<int>(q), s(l.iv[j].column, t - l.iv[j].lags[q]));
    }
  }
}

// One row (differenced if !level_row) of the group; returns whether it is usable.
bool FillRow(const GroupSeries& s, const GmmLayout& l, const DynamicPanelSpec& spec, bool level_row, int t, int r,
             GroupBlock* b) {
  RowWriter w{b};
  const bool system = spec.transformation == Transformation::kSystem;
  if (!FillModelRow(s, l, spec.dependent, level_row, t, r, b)) {
    b->y[r] = 0;
    b->x.row(r).setZero();
    w.End();
    return false;
  }
  if (spec.time_effects) FillTimeX(l, system, level_row, t, r, b);
  if (level_row) {
    FillLevelInstruments(s, l, spec, t, &w);
  } else {
    FillDifferenceInstruments(s, l, spec, t, &w);
  }
  w.End();
  return true;
}

std::vector<HEntry> BuildH(const GmmLayout& l) {
  std::vector<HEntry> h;
  const int r1 = l.rows_difference;
  for (int i = 0; i < r1; ++i) {
    h.push_back({i, i, 2});
    if (i + 1 < r1) {
      h.push_back({i, i + 1, -1});
      h.push_back({i + 1, i, -1});
    }
  }
  if (l.rows_level == 0) return h;
  // plm FSM(t, "full"): the differenced row i against level rows i (-1) and i + 1 (+1).
  for (int i = 0; i < r1; ++i) {
    h.push_back({i, r1 + i, -1});
    h.push_back({r1 + i, i, -1});
    h.push_back({i, r1 + i + 1, 1});
    h.push_back({r1 + i + 1, i, 1});
  }
  for (int j = 0; j < l.rows_level; ++j) h.push_back({r1 + j, r1 + j, 1});
  return h;
}

std::vector<int> Grid(const DynamicPanelData& data) {
  std::vector<int> grid(data.period);
  std::sort(grid.begin(), grid.end());
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  return grid;
}

}  // namespace

absl::StatusOr<GmmSystem> BuildSystem(const DynamicPanelData& data, const DynamicPanelSpec& spec) {
  const std::vector<int> grid = Grid(data);
  auto layout = BuildLayout(data, spec, grid);
  if (!layout.ok()) return layout.status();
  GmmSystem sys;
  sys.layout = std::move(*layout);
  const GmmLayout& l = sys.layout;
  sys.h = BuildH(l);
  const size_t T = static_cast<size_t>(l.T);
  std::vector<int> cell(static_cast<size_t>(data.n_entities) * T, -1);
  for (size_t r = 0; r < data.entity.size(); ++r) {
    const size_t t = static_cast<size_t>(std::lower_bound(grid.begin(), grid.end(), data.period[r]) - grid.begin());
    cell[static_cast<size_t>(data.entity[r]) * T + t] = static_cast<int>(r);
  }
  sys.groups.resize(static_cast<size_t>(data.n_entities));
  std::vector<int> rows(T);
  for (int e = 0; e < data.n_entities; ++e) {
    std::copy_n(cell.begin() + static_cast<std::ptrdiff_t>(e * T), T, rows.begin());
    const GroupSeries s(data, &rows, l.T);
    GroupBlock& b = sys.groups[static_cast<size_t>(e)];
    b.y = Eigen::VectorXd::Zero(l.rows());
    b.x = Eigen::MatrixXd::Zero(l.rows(), l.k);
    b.row_start.assign(1, 0);
    for (int t = l.tl1; t < l.T; ++t) sys.n_obs_difference += FillRow(s, l, spec, false, t, t - l.tl1, &b);
    for (int t = l.tl2; l.rows_level > 0 && t < l.T; ++t) {
      sys.n_obs_level += FillRow(s, l, spec, true, t, l.rows_difference + t - l.tl2, &b);
    }
  }
  if (sys.n_obs_difference == 0) {
    return absl::FailedPreconditionError(
        "no usable row in the differenced equation: every entity lacks the consecutive periods the lags need");
  }
  return sys;
}

GmmSystem RestrictInstruments(const GmmSystem& system, const std::vector<bool>& keep) {
  GmmSystem out;
  out.layout = system.layout;
  out.h = system.h;
  out.n_obs_difference = system.n_obs_difference;
  out.n_obs_level = system.n_obs_level;
  std::vector<int> new_index(keep.size(), -1);
  int next = 0;
  std::vector<int> owner;
  for (size_t c = 0; c < keep.size(); ++c) {
    if (!keep[c]) continue;
    new_index[c] = next++;
    owner.push_back(system.layout.owner[c]);
  }
  out.layout.n_instruments = next;
  out.layout.owner = std::move(owner);
  out.groups.reserve(system.groups.size());
  for (const GroupBlock& g : system.groups) {
    GroupBlock b;
    b.y = g.y;
    b.x = g.x;
    b.row_start.assign(1, 0);
    for (size_t r = 0; r + 1 < g.row_start.size(); ++r) {
      for (int p = g.row_start[r]; p < g.row_start[r + 1]; ++p) {
        const int c = new_index[static_cast<size_t>(g.cols[static_cast<size_t>(p)])];
        if (c < 0) continue;
        b.cols.push_back(c);
        b.vals.push_back(g.vals[static_cast<size_t>(p)]);
      }
      b.row_start.push_back(static_cast<int>(b.cols.size()));
    }
    out.groups.push_back(std::move(b));
  }
  return out;
}

void AddZtv(const GroupBlock& g, const Eigen::Ref<const Eigen::VectorXd>& weight, Eigen::VectorXd* out) {
  for (size_t r = 0; r + 1 < g.row_start.size(); ++r) {
    const double w = weight[static_cast<Eigen::Index>(r)];
    if (w == 0) continue;
    for (int p = g.row_start[r]; p < g.row_start[r + 1]; ++p) (*out)[g.cols[static_cast<size_t>(p)]] += w * g.vals[static_cast<size_t>(p)];
  }
}

}  // namespace govmetrics::stats::gmm
