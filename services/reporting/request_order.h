#ifndef GOVMETRICS_SERVICES_REPORTING_REQUEST_ORDER_H_
#define GOVMETRICS_SERVICES_REPORTING_REQUEST_ORDER_H_

// The order in which the runner starts a round's requests: the longest first. A round
// ends when its last answer arrives, so a long request started after a queue of short
// ones keeps the whole study waiting; started first, it runs while the short ones share
// the other slots. The study's answers do not depend on this order (each request is
// answered on its own and stored under its name), only its wall time does.
//
// "Longest" is judged from the request alone, by the resampling it asks for: in the
// demo study the two requests whose every draw re-runs a search or a refit (the
// threshold F tests' bootstrap, the wild cluster bootstrap) took ~1.3 s each on a
// loaded machine, the other resampling ones (mediation bootstrap, group permutation
// test, Moran's I permutations, spatial effect draws) 0.1-0.3 s, the rest a few ms.

#include <cstddef>
#include <vector>

#include "services/reporting/request_plan.h"

namespace govmetrics::reporting {

enum class ExpectedCost {
  kPlain = 0,          // one fit, one test, one index
  kResampling = 1,     // draws of a statistic from one fitted model
  kResampledFits = 2,  // every draw a search (threshold grid) or a refit per coefficient (wild bootstrap)
};

ExpectedCost ExpectedCostOf(const ServiceRequest& request);

// Indices of `requests`, costliest class first; plan order within a class.
std::vector<size_t> LongestFirst(const std::vector<PlannedRequest>& requests);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_REQUEST_ORDER_H_
