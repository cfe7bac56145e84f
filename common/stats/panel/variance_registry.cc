#include "common/stats/panel/variance_registry.h"

#include <algorithm>
#include <vector>

namespace govmetrics::stats {
namespace {

// wire_value: the number of the matching govmetrics.modeling.v1.VarianceType
// value (proto/govmetrics/modeling/v1/model_spec.proto). A test checks that
// both enumerations agree.
VarianceDefinition Define(VarianceType id, const char* name, const char* cli_name,
                          int wire_value, const char* summary, CovarianceKernel covariance,
                          SmallSampleRule small_sample) {
  VarianceDefinition d;
  d.id = id;
  d.name = name;
  d.cli_name = cli_name;
  d.wire_value = wire_value;
  d.summary = summary;
  d.covariance = covariance;
  d.small_sample = small_sample;
  return d;
}

std::vector<VarianceDefinition> BuildTable() {
  std::vector<VarianceDefinition> t = {
      Define(VarianceType::kIid, "iid", "iid", 1, "classical: s^2 (X'X)^-1", IidCovariance,
             IidSmallSample),
      Define(VarianceType::kHc0, "hc0", "hc0", 2, "White heteroskedasticity-robust",
             HeteroskedasticCovariance, HeteroskedasticSmallSample),
      Define(VarianceType::kHc1, "hc1", "hc1", 3, "HC0 with a degrees-of-freedom factor",
             HeteroskedasticCovariance, HeteroskedasticSmallSample),
      Define(VarianceType::kHc2, "hc2", "hc2", 4, "HC0 with e_i^2 / (1 - h_i)",
             HeteroskedasticCovariance, HeteroskedasticSmallSample),
      Define(VarianceType::kHc3, "hc3", "hc3", 5, "HC0 with e_i^2 / (1 - h_i)^2",
             HeteroskedasticCovariance, HeteroskedasticSmallSample),
      Define(VarianceType::kCluster, "cluster", "cluster", 6,
             "cluster-robust by one or two variables (Cameron-Gelbach-Miller)",
             ClusterCovariance, ClusterSmallSample),
      Define(VarianceType::kDriscollKraay, "driscoll_kraay", "dk", 7,
             "Driscoll-Kraay: Bartlett kernel over period score sums, as plm vcovSCC",
             DriscollKraayCovariance, DriscollKraaySmallSample),
  };
  t[5].uses_clusters = true;
  t[6].needs_period = true;
  t[6].uses_max_lag = true;
  return t;
}

const std::vector<VarianceDefinition>& Table() {
  static const auto* table = new std::vector<VarianceDefinition>(BuildTable());
  return *table;
}

template <typename Pred>
const VarianceDefinition* FindIf(Pred pred) {
  const auto& t = Table();
  auto it = std::find_if(t.begin(), t.end(), pred);
  return it == t.end() ? nullptr : &*it;
}

}  // namespace

absl::Span<const VarianceDefinition> AllVariances() { return Table(); }

const VarianceDefinition& GetVariance(VarianceType v) {
  return *FindIf([v](const VarianceDefinition& d) { return d.id == v; });
}

const VarianceDefinition* FindVarianceByName(absl::string_view name) {
  return FindIf([name](const VarianceDefinition& d) { return d.name == name; });
}

const VarianceDefinition* FindVarianceByCliName(absl::string_view cli_name) {
  return FindIf([cli_name](const VarianceDefinition& d) { return d.cli_name == cli_name; });
}

const VarianceDefinition* FindVarianceByWireValue(int wire_value) {
  return FindIf([wire_value](const VarianceDefinition& d) { return d.wire_value == wire_value; });
}

}  // namespace govmetrics::stats
