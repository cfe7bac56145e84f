#include "common/stats/panel_sample.h"

#include <cmath>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/stats/panel/estimator_registry.h"

namespace govmetrics::stats {
namespace {

// Whether the estimator, its effects or the variance estimator need the
// entity (what = "entity") or period codes.
bool Needs(const PanelModelOptions& o, const char* what) {
  const EstimatorDefinition& def = GetEstimator(o.estimator);
  const FixedEffectsKind f =
      def.Accepts(o.fixed_effects) ? o.fixed_effects : def.DefaultFixedEffects();
  if (std::string(what) == "entity") {
    return def.needs_entity || f == FixedEffectsKind::kEntity || f == FixedEffectsKind::kTwoWay;
  }
  return def.needs_period || o.variance.type == VarianceType::kDriscollKraay ||
         f == FixedEffectsKind::kPeriod || f == FixedEffectsKind::kTwoWay;
}

template <typename T>
void CompactVector(std::vector<T>& v, int64_t n, const std::vector<char>& keep) {
  if (v.empty()) return;
  int64_t w = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (keep[i]) v[w++] = v[i];
  }
  v.resize(w);
}

void CompactColumn(double* col, int64_t n, const std::vector<char>& keep) {
  int64_t w = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (keep[i]) col[w++] = col[i];
  }
}

}  // namespace

absl::Status ValidatePanelInput(const PanelInput& in, const PanelModelOptions& o) {
  const int64_t n = in.y.size();
  if (n == 0) return absl::InvalidArgumentError("y: no observations");
  if (in.x.rows() != n) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "x: %d rows but y has %d", in.x.rows(), n));
  }
  if (static_cast<int64_t>(in.x_names.size()) != in.x.cols()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "x_names: %d names for %d columns", in.x_names.size(), in.x.cols()));
  }
  std::set<std::string> seen;
  for (const std::string& name : in.x_names) {
    if (name.empty()) return absl::InvalidArgumentError("x_names: empty name");
    if (!seen.insert(name).second) {
      return absl::InvalidArgumentError(absl::StrCat("x_names: duplicate '", name, "'"));
    }
  }
  if (!in.entity.empty() && static_cast<int64_t>(in.entity.size()) != n) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "entity: %d codes for %d rows", in.entity.size(), n));
  }
  if (!in.period.empty() && static_cast<int64_t>(in.period.size()) != n) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "period: %d codes for %d rows", in.period.size(), n));
  }
  if (Needs(o, "entity") && in.entity.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "entity: required by estimator ", ToString(o.estimator),
        " with fixed effects ", ToString(o.fixed_effects)));
  }
  if (Needs(o, "period") && in.period.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "period: required by estimator ", ToString(o.estimator),
        " / variance ", ToString(o.variance.type)));
  }
  if (in.absorb.size() != in.absorb_names.size()) {
    return absl::InvalidArgumentError("absorb: names and code vectors differ in number");
  }
  for (size_t a = 0; a < in.absorb.size(); ++a) {
    if (static_cast<int64_t>(in.absorb[a].size()) != n) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "absorb[%d] ('%s'): %d codes for %d rows", a, in.absorb_names[a],
          in.absorb[a].size(), n));
    }
  }
  if (in.clusters.size() != in.cluster_names.size()) {
    return absl::InvalidArgumentError("clusters: names and code vectors differ in number");
  }
  for (size_t c = 0; c < in.clusters.size(); ++c) {
    if (static_cast<int64_t>(in.clusters[c].size()) != n) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "clusters[%d] ('%s'): %d codes for %d rows", c, in.cluster_names[c],
          in.clusters[c].size(), n));
    }
  }
  if (o.variance.type == VarianceType::kCluster) {
    if (o.variance.cluster_by.size() > 2) {
      return absl::InvalidArgumentError("variance.cluster_by: at most two variables");
    }
    for (const std::string& c : o.variance.cluster_by) {
      if (c == "entity" || c == "period") {
        if ((c == "entity" ? in.entity : in.period).empty()) {
          return absl::InvalidArgumentError(absl::StrCat(
              "variance.cluster_by: '", c, "' given but no ", c, " codes"));
        }
        continue;
      }
      bool found = false;
      for (const std::string& name : in.cluster_names) found = found || name == c;
      if (!found) {
        return absl::InvalidArgumentError(absl::StrCat(
            "variance.cluster_by: no cluster variable '", c, "'"));
      }
    }
    if (o.variance.cluster_by.empty() && in.entity.empty()) {
      return absl::InvalidArgumentError(
          "variance.cluster_by: empty (defaults to entity) but no entity codes");
    }
  }
  if (GetEstimator(o.estimator).uses_instruments) {
    if (in.instruments.rows() != n ||
        static_cast<int64_t>(in.instrument_names.size()) != in.instruments.cols()) {
      return absl::InvalidArgumentError(
          "instruments: need an n-row matrix and one name per column");
    }
    if (o.endogenous.empty()) {
      return absl::InvalidArgumentError("endogenous: IV needs at least one endogenous regressor");
    }
    for (const std::string& e : o.endogenous) {
      bool found = false;
      for (const std::string& name : in.x_names) found = found || name == e;
      if (!found) {
        return absl::InvalidArgumentError(absl::StrCat(
            "endogenous: '", e, "' is not a regressor"));
      }
    }
    if (in.instruments.cols() < static_cast<int64_t>(o.endogenous.size())) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "instruments: %d excluded instruments for %d endogenous regressors "
          "(under-identified)",
          in.instruments.cols(), o.endogenous.size()));
    }
  }
  const EstimatorDefinition& def = GetEstimator(o.estimator);
  if (def.Refuses(o.fixed_effects)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "fixed_effects: ", ToString(o.fixed_effects), " effects are not supported by estimator ",
        def.name, " (use ", AcceptedFixedEffects(def), ")"));
  }
  if (!(o.confidence_level > 0 && o.confidence_level < 1)) {
    return absl::InvalidArgumentError("confidence_level: must be in (0, 1)");
  }
  return absl::OkStatus();
}

int64_t DropIncompleteRows(PanelInput& in, bool use_instruments,
                           std::vector<DroppedRows>* dropped) {
  const int64_t n = in.y.size();
  if (in.known_complete) return n;  // the caller checked every value (panel_input.h)
  const int64_t k = in.x.cols();
  const int64_t m = use_instruments ? in.instruments.cols() : 0;
  // reason index per row: -1 keep, 0 y, 1..k x, k+1.. instruments.
  std::vector<int> reason(n, -1);
  for (int64_t i = 0; i < n; ++i) {
    if (!std::isfinite(in.y[i])) reason[i] = 0;
  }
  for (int64_t j = 0; j < k; ++j) {
    const double* col = in.x.col(j).data();
    for (int64_t i = 0; i < n; ++i) {
      if (reason[i] < 0 && !std::isfinite(col[i])) reason[i] = 1 + j;
    }
  }
  for (int64_t j = 0; j < m; ++j) {
    const double* col = in.instruments.col(j).data();
    for (int64_t i = 0; i < n; ++i) {
      if (reason[i] < 0 && !std::isfinite(col[i])) reason[i] = 1 + k + j;
    }
  }
  std::vector<int64_t> counts(1 + k + m, 0);
  std::vector<char> keep(n, 1);
  int64_t bad = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (reason[i] >= 0) {
      ++counts[reason[i]];
      keep[i] = 0;
      ++bad;
    }
  }
  for (int64_t r = 0; r < 1 + k + m; ++r) {
    if (counts[r] == 0) continue;
    const std::string& name = r == 0 ? in.y_name
                              : r <= k ? in.x_names[r - 1]
                                       : in.instrument_names[r - 1 - k];
    dropped->push_back({absl::StrCat("missing value in '", name, "'"), counts[r]});
  }
  if (bad == 0) return n;
  return CompactPanelRows(in, n, keep);
}

int64_t CompactPanelRows(PanelInput& in, int64_t n, const std::vector<char>& keep) {
  int64_t kept = 0;
  for (int64_t i = 0; i < n; ++i) kept += keep[i] ? 1 : 0;
  if (kept == n) return n;
  CompactColumn(in.y.data(), n, keep);
  for (int64_t j = 0; j < in.x.cols(); ++j) CompactColumn(in.x.col(j).data(), n, keep);
  if (in.instruments.rows() >= n) {
    for (int64_t j = 0; j < in.instruments.cols(); ++j) {
      CompactColumn(in.instruments.col(j).data(), n, keep);
    }
  }
  CompactVector(in.entity, n, keep);
  in.entity_levels = 0;  // an entity may have lost all its rows
  in.entity_counts = {};  // counted over the rows before
  in.period_counts = {};
  CompactVector(in.period, n, keep);
  for (auto& a : in.absorb) CompactVector(a, n, keep);
  for (auto& c : in.clusters) CompactVector(c, n, keep);
  return kept;
}

}  // namespace govmetrics::stats
