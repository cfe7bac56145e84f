// Runs the replicates of a resampling procedure (bootstrap, jackknife,
// permutation test) on a fixed number of std::threads.
//
// Determinism: the body receives the replicate index r and must draw every
// random number from a stream derived from (seed, r) (random_streams.h) and
// write only its own output slot r. Which thread runs which replicate is then
// irrelevant, so results are bit-identical for 1, 2 or 64 threads.
// Cancellation: `should_stop` is polled before every replicate (it must be safe
// to call from any thread); once it returns true the workers stop and the call
// returns CANCELLED.
#ifndef GOVMETRICS_COMMON_STATS_BOOTSTRAP_RUNNER_H_
#define GOVMETRICS_COMMON_STATS_BOOTSTRAP_RUNNER_H_

#include <cstdint>
#include <functional>

#include "absl/status/status.h"

namespace govmetrics::stats {

// Largest replication / permutation count accepted by the public entry points
// (documented in docs/methods/inference.md): beyond it Monte Carlo error is
// negligible and a request is more likely a mistake than a need.
inline constexpr int kMaxReplications = 100000;

// body(r, worker) for r in [0, replications); worker in [0, threads) identifies
// the calling thread so the body can reuse per-worker scratch space.
absl::Status RunReplicates(int64_t replications, int threads,
                           const std::function<bool()>* should_stop,
                           const std::function<void(int64_t r, int worker)>& body);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_BOOTSTRAP_RUNNER_H_
