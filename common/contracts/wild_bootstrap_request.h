#ifndef GOVMETRICS_COMMON_CONTRACTS_WILD_BOOTSTRAP_REQUEST_H_
#define GOVMETRICS_COMMON_CONTRACTS_WILD_BOOTSTRAP_REQUEST_H_

// FitPanelModel's optional wild cluster restricted bootstrap (VarianceSpec.wild_bootstrap):
// validation of its settings, the stats call on the same prepared model, and the
// WildBootstrapResult entries of the response (plus provenance: seed, weights, clusters).

#include <functional>

#include "absl/status/status.h"
#include "common/contracts/model_request.h"
#include "govmetrics/modeling/v1/panel_model.pb.h"

namespace govmetrics::contracts {

// Default replications when the request leaves them at 0.
inline constexpr int kDefaultWildReplications = 999;

// INVALID_ARGUMENT naming "variance.wild_bootstrap.replications" (range [0, 100000],
// 0 = 999) or "estimator" (pooled OLS / within only); FAILED_PRECONDITION with fewer
// than two clusters; CANCELLED when should_stop fires.
absl::Status AddWildBootstrap(const modeling::v1::WildBootstrap& settings,
                              const PreparedModel& model, const std::function<bool()>* should_stop,
                              modeling::v1::FitPanelModelResponse* response);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_WILD_BOOTSTRAP_REQUEST_H_
