#ifndef GOVMETRICS_COMMON_STATS_STOP_CHECK_H_
#define GOVMETRICS_COMMON_STATS_STOP_CHECK_H_

// Long computations (alternating projections, bootstrap replicates, permutations) poll a
// caller-supplied predicate so an RPC whose client cancelled or whose deadline passed
// stops promptly. The stats layer knows nothing of gRPC: it only sees a std::function.

#include <functional>

#include "absl/status/status.h"

namespace govmetrics::stats {

using StopPredicate = std::function<bool()>;

// CANCELLED when `should_stop` is set and returns true; OK otherwise.
absl::Status CheckStop(const StopPredicate* should_stop);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_STOP_CHECK_H_
