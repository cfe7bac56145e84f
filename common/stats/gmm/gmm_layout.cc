// Rows and columns of the GMM system, following plm::pgmm's grid layout (pgmm.R):
// TL1 = max(max model lag + 1, min GMM lag), differenced equations for grid periods
// TL1..T-1 (0-based), level equations for TL1-1..T-1; makegmm's instrument blocks.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/stats/gmm/gmm_system.h"

namespace govmetrics::stats::gmm {
namespace {

std::string TermName(const std::string& column, int lag) {
  return lag == 0 ? column : absl::StrCat("L", lag, ".", column);
}

absl::Status ValidateLags(const std::vector<int>& lags, int min_lag, const std::string& field) {
  if (lags.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": at least one lag is required"));
  for (int lag : lags) {
    if (lag < min_lag || lag > 50) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": lag ", lag, " outside ", min_lag, "..50"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateSpec(const DynamicPanelSpec& spec) {
  if (auto s = ValidateLags(spec.dependent_lags, 1, "dependent_lags"); !s.ok()) return s;
  for (size_t i = 0; i < spec.regressors.size(); ++i) {
    if (auto s = ValidateLags(spec.regressors[i].lags, 0, absl::StrCat("regressors[", i, "].lags")); !s.ok()) return s;
  }
  if (spec.gmm.empty()) {
    return absl::InvalidArgumentError("gmm_instruments: at least one GMM-style instrument is required");
  }
  for (size_t g = 0; g < spec.gmm.size(); ++g) {
    const GmmInstrument& e = spec.gmm[g];
    if (e.min_lag < 1 || e.max_lag < e.min_lag) {
      return absl::InvalidArgumentError(
          absl::StrCat("gmm_instruments[", g, "]: lags must satisfy 1 <= min_lag <= max_lag (got ", e.min_lag, "..",
                       e.max_lag, ")"));
    }
  }
  return absl::OkStatus();
}

int MaxLag(const std::vector<LaggedVariable>& terms) {
  int m = 0;
  for (const auto& t : terms) m = std::max(m, *std::max_element(t.lags.begin(), t.lags.end()));
  return m;
}

// makegmm: non-collapsed blocks, one per differenced row, of lags min..min(max, t).
void LayOutGmm(const DynamicPanelSpec& spec, GmmLayout* l, int* next) {
  for (const GmmInstrument& e : spec.gmm) {
    l->gmm_difference_offset.push_back(*next);
    std::vector<int> row_offset;
    if (e.collapse) {
      *next += std::min(l->T - e.min_lag, e.max_lag - e.min_lag + 1);
    } else {
      for (int t = l->tl1; t < l->T; ++t) {
        row_offset.push_back(*next - l->gmm_difference_offset.back());
        *next += std::min(e.max_lag, t) - e.min_lag + 1;
      }
    }
    l->gmm_row_offset.push_back(std::move(row_offset));
    l->owner.resize(*next, static_cast<int>(l->gmm_difference_offset.size()) - 1);
  }
}

// makeW2: the first difference at t - 1 of each GMM variable, one column per level row
// that has one (t >= 2), or one column when collapsed.
void LayOutLevelGmm(const DynamicPanelSpec& spec, GmmLayout* l, int* next) {
  for (size_t g = 0; g < spec.gmm.size(); ++g) {
    l->gmm_level_offset.push_back(*next);
    *next += spec.gmm[g].collapse ? 1 : l->T - std::max(l->tl2, 2);
    l->owner.resize(*next, static_cast<int>(g));
  }
}

void LayOutTime(const DynamicPanelSpec& spec, GmmLayout* l, int* next) {
  if (!spec.time_effects) return;
  l->time_offset = *next;
  *next += spec.transformation == Transformation::kSystem ? l->T - l->tl2 : l->T - l->tl1;
  l->owner.resize(*next, -1);
}

void LayOutIv(bool system, GmmLayout* l, int* next) {
  for (size_t j = 0; j < l->iv.size(); ++j) {
    l->iv_difference_offset.push_back(*next);
    *next += static_cast<int>(l->iv[j].lags.size());
    l->owner.resize(*next, -2 - static_cast<int>(j));
  }
  for (size_t j = 0; system && j < l->iv.size(); ++j) {
    l->iv_level_offset.push_back(*next);
    *next += static_cast<int>(l->iv[j].lags.size());
    l->owner.resize(*next, -2 - static_cast<int>(j));
  }
}

void NameCoefficients(const DynamicPanelData& data, const DynamicPanelSpec& spec,
                      const std::vector<int>& grid, GmmLayout* l) {
  for (const auto& t : l->model_terms) {
    for (int lag : t.lags) l->names.push_back(TermName(data.column_names[t.column], lag));
  }
  l->k_regressors = static_cast<int>(l->names.size());
  if (!spec.time_effects) return;
  int first = l->tl1;
  if (spec.transformation == Transformation::kSystem) {
    l->names.push_back("(Intercept)");
    first = l->tl2 + 1;
  }
  for (int t = first; t < l->T; ++t) l->names.push_back(absl::StrCat("period=", grid[t]));
}

}  // namespace

std::vector<LaggedVariable> ResolvedIvInstruments(const DynamicPanelSpec& spec) {
  if (spec.iv.has_value()) return *spec.iv;
  std::vector<LaggedVariable> terms = {{spec.dependent, spec.dependent_lags}};
  terms.insert(terms.end(), spec.regressors.begin(), spec.regressors.end());
  std::vector<LaggedVariable> iv;
  for (const LaggedVariable& t : terms) {
    const bool is_gmm = std::any_of(spec.gmm.begin(), spec.gmm.end(),
                                    [&](const GmmInstrument& g) { return g.column == t.column; });
    if (!is_gmm) iv.push_back(t);
  }
  return iv;
}

absl::StatusOr<GmmLayout> BuildLayout(const DynamicPanelData& data, const DynamicPanelSpec& spec,
                                      const std::vector<int>& grid) {
  if (auto s = ValidateSpec(spec); !s.ok()) return s;
  GmmLayout l;
  l.T = static_cast<int>(grid.size());
  l.model_terms.push_back({spec.dependent, spec.dependent_lags});
  for (const auto& r : spec.regressors) l.model_terms.push_back(r);
  l.iv = ResolvedIvInstruments(spec);
  int min_gmm_lag = spec.gmm.front().min_lag;
  for (const auto& e : spec.gmm) min_gmm_lag = std::min(min_gmm_lag, e.min_lag);
  l.tl1 = std::max(MaxLag(l.model_terms) + 1, min_gmm_lag);
  l.tl2 = l.tl1 - 1;
  for (size_t g = 0; g < spec.gmm.size(); ++g) {
    if (spec.gmm[g].min_lag > l.tl1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "gmm_instruments[", g, "].min_lag: ", spec.gmm[g].min_lag, " exceeds the first differenced period's lag (",
          l.tl1, " = max(model lag + 1, smallest min_lag)); lower it or add a longer model lag"));
    }
  }
  if (l.T < l.tl1 + 2) {
    return absl::FailedPreconditionError(absl::StrCat(
        "too few periods: the model's lags use ", l.tl1, " of the ", l.T,
        " periods, leaving fewer than 2 periods for the differenced equation (need at least ", l.tl1 + 2,
        " distinct periods)"));
  }
  l.first_period = grid[static_cast<size_t>(l.tl1)];
  const bool system = spec.transformation == Transformation::kSystem;
  l.rows_difference = l.T - l.tl1;
  l.rows_level = system ? l.T - l.tl2 : 0;
  int next = 0;
  LayOutGmm(spec, &l, &next);
  if (!system) LayOutTime(spec, &l, &next);
  if (system) {
    LayOutLevelGmm(spec, &l, &next);
    LayOutTime(spec, &l, &next);
  }
  LayOutIv(system, &l, &next);
  l.n_instruments = next;
  NameCoefficients(data, spec, grid, &l);
  l.k = static_cast<int>(l.names.size());
  if (l.n_instruments < l.k) {
    return absl::InvalidArgumentError(absl::StrCat("the model has ", l.n_instruments, " instruments for ", l.k,
                                                   " coefficients: add GMM-style lags or IV-style instruments"));
  }
  return l;
}

}  // namespace govmetrics::stats::gmm
