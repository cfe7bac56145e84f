#include "common/rpc/agency_quota.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/rpc/metrics.h"
#include "common/rpc/quota_failure.h"

namespace govmetrics::rpc {
namespace {

std::string Subject(const std::string& agency_name) { return absl::StrCat("agency:", agency_name); }

// Refills the bucket for the time since it was last touched and takes one token, or
// returns how long until one is there.
absl::Status TakeToken(AgencyQuotas::State* state, const AgencyPolicy& agency,
                       const std::string& agency_name,
                       std::chrono::steady_clock::time_point now) {
  std::lock_guard<std::mutex> lock(state->mutex);
  if (state->tokens < 0) {
    state->tokens = agency.burst;
  } else {
    const double elapsed = std::chrono::duration<double>(now - state->refilled).count();
    state->tokens = std::min(agency.burst, state->tokens + std::max(0.0, elapsed) *
                                                               agency.calls_per_second);
  }
  state->refilled = now;
  // A reload may lower the depth below what the bucket holds.
  state->tokens = std::min(state->tokens, agency.burst);
  if (state->tokens >= 1) {
    state->tokens -= 1;
    return absl::OkStatus();
  }
  const double wait_seconds = (1 - state->tokens) / agency.calls_per_second;
  return QuotaExceeded(
      Subject(agency_name),
      absl::StrFormat("agency %s is over its rate limit of %g calls/s (burst %g) in the "
                      "access policy; retry in %.3f s",
                      agency_name, agency.calls_per_second, agency.burst, wait_seconds),
      absl::Seconds(wait_seconds));
}

}  // namespace

AgencyQuotas::State* AgencyQuotas::StateOf(const std::string& agency_name) {
  std::lock_guard<std::mutex> lock(mutex_);
  return &states_[agency_name];  // node_hash_map: the address never moves
}

absl::Status AgencyQuotas::Admit(const AgencyPolicy& agency, const std::string& agency_name,
                                 const std::string& metrics_label,
                                 std::chrono::steady_clock::time_point now, State** slot) {
  *slot = nullptr;
  if (agency.calls_per_second <= 0 && agency.max_concurrent_calls <= 0) {
    return absl::OkStatus();
  }
  State* state = StateOf(agency_name);
  const int running = state->in_flight.fetch_add(1);
  if (agency.max_concurrent_calls > 0 && running >= agency.max_concurrent_calls) {
    state->in_flight.fetch_sub(1);
    CountAgencyQuotaExceeded(metrics_label, "concurrency");
    return QuotaExceeded(
        Subject(agency_name),
        absl::StrFormat("agency %s already has %d calls in progress, its limit in the access "
                        "policy (max_concurrent_calls); retry when one finishes",
                        agency_name, running),
        kConcurrencyRetry);
  }
  if (agency.calls_per_second > 0) {
    absl::Status token = TakeToken(state, agency, agency_name, now);
    if (!token.ok()) {
      state->in_flight.fetch_sub(1);
      CountAgencyQuotaExceeded(metrics_label, "rate");
      return token;
    }
  }
  *slot = state;
  return absl::OkStatus();
}

absl::Status CheckAgencyLimits(const RequestSize& size, const AgencyPolicy& agency,
                               const std::string& agency_name) {
  const auto over = [&](const char* what, long long value, long long limit,
                        const char* key) -> absl::Status {
    return QuotaExceeded(Subject(agency_name),
                         absl::StrFormat("the request has %d %s, over agency %s's limit of %d "
                                         "(access policy %s)",
                                         value, what, agency_name, limit, key));
  };
  const RequestLimits& limits = agency.limits;
  if (limits.max_rows > 0 && size.rows > limits.max_rows) {
    return over("rows", size.rows, limits.max_rows, "max_rows");
  }
  if (limits.max_columns > 0 && size.columns > limits.max_columns) {
    return over("columns", size.columns, limits.max_columns, "max_columns");
  }
  if (limits.max_replications > 0 && size.replications > limits.max_replications) {
    return over("replications", size.replications, limits.max_replications, "max_replications");
  }
  return absl::OkStatus();
}

}  // namespace govmetrics::rpc
