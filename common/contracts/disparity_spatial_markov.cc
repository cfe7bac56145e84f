#include "common/contracts/disparity_spatial_markov.h"

#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/spatial_weights_request.h"
#include "common/stats/disparity/spatial_markov.h"

namespace govmetrics::contracts {
namespace {

namespace idx = govmetrics::index::v1;

// rows_of_period[t][e]: position in `rows` of entity e's value in period t.
absl::StatusOr<std::vector<std::vector<int>>> CompleteCrossSections(const PanelView& panel,
                                                                    const DisparityRows& rows) {
  std::vector<std::vector<int>> grid(rows.periods.size(), std::vector<int>(panel.n_entities(), -1));
  for (size_t i = 0; i < rows.rows.size(); ++i) grid[rows.period_index[i]][rows.entity[i]] = static_cast<int>(i);
  for (size_t t = 0; t < grid.size(); ++t) {
    for (int e = 0; e < panel.n_entities(); ++e) {
      if (grid[t][e] < 0) {
        return FailedPreconditionOn(
            "spatial_weights", absl::StrCat("the spatial Markov chain needs every entity in every period: '",
                                            panel.entity_names()[e], "' has no value in period ", rows.periods[t]));
      }
    }
  }
  return grid;
}

void FillChain(const stats::MarkovChain& chain, int lag_class, int64_t transitions, int classes,
               idx::ConditionalMarkovChain* out) {
  out->set_lag_class(lag_class);
  for (int i = 0; i < classes; ++i) {
    for (int j = 0; j < classes; ++j) {
      out->add_counts(chain.counts(i, j));
      out->add_probabilities(chain.probabilities(i, j));
    }
  }
  out->mutable_steady_state()->Add(chain.steady_state.data(), chain.steady_state.data() + chain.steady_state.size());
  out->set_transitions(transitions);
}

}  // namespace

absl::Status FillSpatialMarkov(const idx::AnalyzeDisparityRequest& request, const PanelView& panel,
                               const DisparityRows& rows, const DisparityPlan& plan, const std::vector<int>& klass,
                               const std::vector<stats::PeriodPair>& pairs, idx::SpatialMarkovChain* out) {
  auto weights = BuildSpatialWeights(request.spatial_weights(), panel, "spatial_weights");
  if (!weights.ok()) return weights.status();
  auto grid = CompleteCrossSections(panel, rows);
  if (!grid.ok()) return grid.status();
  const Eigen::VectorXd lag = stats::SpatialLagByPeriod(rows.value, *weights, *grid);
  const stats::SpatialMarkovChain chain =
      stats::CountSpatialTransitions(klass, lag, rows.period_index, pairs, plan.markov_classes, plan.markov_scope);
  const bool pooled = plan.markov_scope == stats::QuantileScope::kPooled;
  for (Eigen::Index t = 0; t < chain.lag_breaks.rows(); ++t) {
    for (Eigen::Index c = 0; c < chain.lag_breaks.cols(); ++c) out->add_lag_breaks(chain.lag_breaks(t, c));
    if (!pooled) out->add_lag_break_periods(rows.periods[static_cast<size_t>(t)]);
  }
  for (int c = 0; c < plan.markov_classes; ++c) {
    const stats::MarkovChain& m = chain.by_lag_class[static_cast<size_t>(c)];
    FillChain(m, c, static_cast<int64_t>(m.counts.sum()), plan.markov_classes, out->add_chains());
  }
  for (int i : weights->islands) out->add_islands(panel.entity_names()[static_cast<size_t>(i)]);
  return absl::OkStatus();
}

}  // namespace govmetrics::contracts
