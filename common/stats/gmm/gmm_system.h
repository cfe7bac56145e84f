// Internal to common/stats/gmm: the stacked-by-group GMM system. Each group keeps its
// own rows (differenced equation first, then the level equation of system GMM) with
// a dense y and X and sparse instrument rows, so every cross product is a sum of
// per-group pieces (Z_i' H Z_i, Z_i' X_i, Z_i' u_i) and the stacked Z never exists.
#ifndef GOVMETRICS_COMMON_STATS_GMM_GMM_SYSTEM_H_
#define GOVMETRICS_COMMON_STATS_GMM_GMM_SYSTEM_H_

#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/gmm/dynamic_panel.h"

namespace govmetrics::stats::gmm {

// Rows, columns and their meaning, shared by every group (pgmm's grid layout).
struct GmmLayout {
  int T = 0;            // grid periods
  int tl1 = 0;          // differenced equations for periods tl1..T-1 (0-based)
  int tl2 = 0;          // level equations for tl2..T-1 (system); tl2 = tl1 - 1
  int first_period = 0;  // grid period tl1 (the first differenced equation)
  int rows_difference = 0;
  int rows_level = 0;   // 0 for difference GMM
  int k_regressors = 0; // lagged dependent and regressors
  int k = 0;            // plus time effects
  int n_instruments = 0;
  std::vector<LaggedVariable> model_terms;  // dependent lags first, then regressors
  std::vector<LaggedVariable> iv;           // resolved IV-style instruments
  std::vector<std::string> names;
  // First instrument column of each GMM entry's differenced and level blocks, of the
  // time columns, of each IV entry's differenced and level blocks.
  std::vector<int> gmm_difference_offset;
  std::vector<std::vector<int>> gmm_row_offset;  // non-collapsed: per differenced row
  std::vector<int> gmm_level_offset;
  int time_offset = -1;
  std::vector<int> iv_difference_offset;
  std::vector<int> iv_level_offset;
  // Owner of each instrument column: GMM entry g -> g, IV entry j -> -2 - j, time -> -1.
  std::vector<int> owner;
  int rows() const { return rows_difference + rows_level; }
};

// Nonzeros of the step-one matrix H (pgmm: 2/-1 band; system: plm's "full" FSM).
struct HEntry {
  int r = 0;
  int s = 0;
  double h = 0;
};

struct GroupBlock {
  Eigen::VectorXd y;   // rows(); zero on unusable rows
  Eigen::MatrixXd x;   // rows() x k
  std::vector<int> row_start;  // CSR of the instrument rows: rows() + 1 entries
  std::vector<int> cols;
  std::vector<double> vals;
};

struct GmmSystem {
  GmmLayout layout;
  std::vector<HEntry> h;
  std::vector<GroupBlock> groups;
  int n_obs_difference = 0;
  int n_obs_level = 0;
};

// Validates the spec against the data and lays out rows and columns.
absl::StatusOr<GmmLayout> BuildLayout(const DynamicPanelData& data, const DynamicPanelSpec& spec,
                                      const std::vector<int>& grid_periods);

// Fills every group's block (gmm_blocks.cc).
absl::StatusOr<GmmSystem> BuildSystem(const DynamicPanelData& data, const DynamicPanelSpec& spec);

// The same system restricted to the instrument columns with keep[c] true.
GmmSystem RestrictInstruments(const GmmSystem& system, const std::vector<bool>& keep);

// Sum over the group's instrument rows r of weight[r] * z_r (an n_instruments vector).
void AddZtv(const GroupBlock& g, const Eigen::Ref<const Eigen::VectorXd>& weight, Eigen::VectorXd* out);

}  // namespace govmetrics::stats::gmm

#endif  // GOVMETRICS_COMMON_STATS_GMM_GMM_SYSTEM_H_
