#include "common/contracts/wild_bootstrap_request.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/provenance.h"
#include "common/stats/bootstrap_runner.h"
#include "common/stats/wild_cluster_bootstrap.h"

namespace govmetrics::contracts {

namespace mv1 = govmetrics::modeling::v1;

absl::Status AddWildBootstrap(const mv1::WildBootstrap& settings, const PreparedModel& model,
                              const std::function<bool()>* should_stop,
                              mv1::FitPanelModelResponse* response) {
  FieldViolations violations;
  if (settings.replications() < 0 || settings.replications() > stats::kMaxReplications) {
    violations.Add("variance.wild_bootstrap.replications",
                   absl::StrCat("must be in [0, ", stats::kMaxReplications, "] (0 means ",
                                kDefaultWildReplications, "), got ", settings.replications()));
  }
  const auto e = model.options.estimator;
  if (e != stats::PanelEstimator::kWithin && e != stats::PanelEstimator::kPooledOls) {
    violations.Add("estimator", "the wild cluster bootstrap supports ESTIMATOR_WITHIN and ESTIMATOR_POOLED_OLS");
  }
  if (!violations.empty()) return violations.ToStatus();

  stats::WildBootstrapOptions options;
  options.replications =
      settings.replications() == 0 ? kDefaultWildReplications : settings.replications();
  options.seed = settings.seed();
  options.automatic_weights = settings.weights() == mv1::WILD_WEIGHTS_UNSPECIFIED;
  options.weights = settings.weights() == mv1::WILD_WEIGHTS_WEBB ? stats::WildWeightType::kWebb
                                                                 : stats::WildWeightType::kRademacher;
  options.level = model.options.confidence_level;
  options.threads = 2;
  auto result = stats::WildClusterBootstrap(model.input, model.options, options, should_stop);
  if (!result.ok()) return WithPreconditionSubject(result.status(), "variance.wild_bootstrap");

  const mv1::WildWeights weights = result->weights == stats::WildWeightType::kWebb
                                       ? mv1::WILD_WEIGHTS_WEBB
                                       : mv1::WILD_WEIGHTS_RADEMACHER;
  for (const auto& t : result->tests) {
    auto* out = response->add_wild_bootstrap();
    out->set_name(t.name);
    out->set_p_value(t.p_value);
    out->set_ci_lower(t.ci_lower);
    out->set_ci_upper(t.ci_upper);
    out->set_replications(static_cast<int32_t>(t.replications));
    out->set_weights(stats::ToString(result->weights));
  }
  auto* provenance = response->mutable_provenance();
  provenance->add_seeds(options.seed);
  AddOption("wild_bootstrap.method", "WCR (restricted), symmetric p, CI by test inversion", provenance);
  AddOption("wild_bootstrap.replications", static_cast<double>(options.replications), provenance);
  AddOption("wild_bootstrap.seed", std::to_string(options.seed), provenance);
  AddOption("wild_bootstrap.weights", mv1::WildWeights_Name(weights), provenance);
  AddOption("wild_bootstrap.cluster_by", result->cluster_by, provenance);
  AddOption("wild_bootstrap.clusters", static_cast<double>(result->clusters), provenance);
  const bool enumerated = !result->tests.empty() && result->tests[0].enumerated;
  AddOption("wild_bootstrap.enumerated",
            enumerated ? "true (all 2^G Rademacher sign vectors)" : "false", provenance);
  AddOption("wild_bootstrap.ci_level", options.level, provenance);
  for (const auto& note : result->notes) AddOption("note", note, provenance);
  return absl::OkStatus();
}

}  // namespace govmetrics::contracts
