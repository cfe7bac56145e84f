#ifndef GOVMETRICS_COMMON_RPC_AGENCY_QUOTA_H_
#define GOVMETRICS_COMMON_RPC_AGENCY_QUOTA_H_

// The budgets of the access policy (access_policy.h), per agency: a token bucket for the
// call rate (calls_per_second, burst) and a count of calls in progress
// (max_concurrent_calls). A call over budget gets RESOURCE_EXHAUSTED with a
// google.rpc.QuotaFailure (subject "agency:NAME") and a google.rpc.RetryInfo: for the
// rate, the time until the bucket holds a token again; for concurrency, kConcurrencyRetry.
//
// The state outlives policy reloads: an agency keeps its bucket and its count when the
// policy is replaced, and the new rate and depth apply from the next call.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "absl/container/node_hash_map.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/rpc/access_policy.h"
#include "common/rpc/request_limits.h"

namespace govmetrics::rpc {

// A call refused for the agency's concurrency limit is told to retry after this: calls
// of the services take from milliseconds to minutes, so there is no better estimate.
inline constexpr absl::Duration kConcurrencyRetry = absl::Milliseconds(500);

class AgencyQuotas {
 public:
  // One agency's live state. The address is stable for the life of the AgencyQuotas.
  struct State {
    std::mutex mutex;
    double tokens = -1;  // < 0: not yet filled (a new bucket starts full)
    std::chrono::steady_clock::time_point refilled;
    std::atomic<int> in_flight{0};
  };

  // Admits one call of `agency_name` under its policy block `agency` at `now`: takes a
  // concurrency slot, then a rate token. On success *slot is the state whose in_flight
  // the caller must Release when the call ends (null when the block sets no budget).
  // Refusals are counted under `metrics_label` (AgencyLabel).
  absl::Status Admit(const AgencyPolicy& agency, const std::string& agency_name,
                     const std::string& metrics_label,
                     std::chrono::steady_clock::time_point now, State** slot);
  static void Release(State* slot) {
    if (slot != nullptr) slot->in_flight.fetch_sub(1);
  }

 private:
  State* StateOf(const std::string& agency_name);
  std::mutex mutex_;
  absl::node_hash_map<std::string, State> states_;
};

// RESOURCE_EXHAUSTED when a request measured as `size` asks for more than the agency's
// own row / column / replication limits (those lower than the server's).
absl::Status CheckAgencyLimits(const RequestSize& size, const AgencyPolicy& agency,
                               const std::string& agency_name);

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_AGENCY_QUOTA_H_
