#include "common/rpc/rpc_call.h"

#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <random>

#include "absl/strings/str_format.h"
#include "common/rpc/call_admission.h"
#include "common/rpc/json_log.h"
#include "common/rpc/status_mapping.h"

namespace govmetrics::rpc {

// How often a long computation asks gRPC whether its call was cancelled (StopPredicate).
constexpr std::chrono::milliseconds kCancelPollInterval(10);

namespace {

std::string NewRequestId() {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t prefix = std::random_device{}();
  return absl::StrFormat("%08x-%06x", static_cast<uint32_t>(prefix), counter.fetch_add(1));
}

}  // namespace

std::string RequestIdOf(const grpc::ServerContextBase* context) {
  const auto& metadata = context->client_metadata();
  auto it = metadata.find("x-request-id");
  if (it != metadata.end()) return std::string(it->second.data(), it->second.size());
  return NewRequestId();
}

std::function<bool()> StopPredicate(grpc::ServerContextBase* context) {
  // On the sync API ServerContext::IsCancelled() plucks the server's completion queue (a
  // poll of the call's pollset): several microseconds a time, and the stats layer asks
  // between every column and replicate, which made a 217-row fit's handler four times
  // slower than the fit. The deadline is checked on every call (a clock read); the
  // cancellation flag at most every kCancelPollInterval, so a cancelled call stops within
  // that interval, and calls shorter than it never poll at all.
  struct PollState {
    std::atomic<int64_t> next_poll;  // steady_clock ticks
    std::atomic<bool> cancelled{false};
  };
  auto state = std::make_shared<PollState>();
  state->next_poll =
      (std::chrono::steady_clock::now() + kCancelPollInterval).time_since_epoch().count();
  const auto deadline = context->deadline();
  return [context, deadline, state]() {
    if (state->cancelled.load(std::memory_order_relaxed)) return true;
    if (std::chrono::system_clock::now() > deadline) return true;
    const auto now = std::chrono::steady_clock::now();
    int64_t due = state->next_poll.load(std::memory_order_relaxed);
    if (now.time_since_epoch().count() < due) return false;
    // One thread polls per interval; the others keep computing.
    const int64_t next = (now + kCancelPollInterval).time_since_epoch().count();
    if (!state->next_poll.compare_exchange_strong(due, next, std::memory_order_relaxed)) {
      return false;
    }
    if (!context->IsCancelled()) return false;
    state->cancelled = true;  // sticky: every worker thread sees it from now on
    return true;
  };
}

grpc::Status RunRpc(grpc::ServerContextBase* context, const char* method,
                    const std::function<absl::Status(RpcStats*)>& handler) {
  return RunRpc(context, method, GetAdmission(context).value_or(Admission{}), handler);
}

grpc::Status RunRpc(grpc::ServerContextBase* context, const char* method,
                    const Admission& admission,
                    const std::function<absl::Status(RpcStats*)>& handler) {
  const auto start = std::chrono::steady_clock::now();
  const std::string request_id = RequestIdOf(context);
  context->AddInitialMetadata("x-request-id", request_id);
  RpcStats stats;
  absl::Status status;
  // The server interceptor's verdict (tokens, concurrency cap, request limits): a
  // refused call never reaches the handler.
  try {
    status = admission.status.ok() ? handler(&stats) : admission.status;
  } catch (const std::exception& e) {
    status = absl::InternalError(absl::StrFormat("unexpected error: %s", e.what()));
  } catch (...) {
    status = absl::InternalError("unexpected error");
  }
  // A computation abandoned because the deadline passed reports DEADLINE_EXCEEDED, not
  // CANCELLED, so clients and the log line say why. (gRPC also marks the call cancelled
  // when its deadline passes, so IsCancelled() alone cannot tell the two apart; and its
  // timer can fire a few milliseconds before deadline() as the system clock reads it,
  // hence the margin: a client cancel that close to its own deadline counts as one.)
  constexpr auto kDeadlineTimerMargin = std::chrono::milliseconds(100);
  if (status.code() == absl::StatusCode::kCancelled &&
      (!context->IsCancelled() || std::chrono::system_clock::now() + kDeadlineTimerMargin >= context->deadline())) {
    status = absl::DeadlineExceededError("deadline exceeded during computation");
  }
  const double latency_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  LogLine line("rpc", status.ok() ? "info" : "warn");
  if (!admission.service.empty()) line.Str("service", admission.service);
  line.Str("method", method)
      .Str("code", absl::StatusCodeToString(status.code()))
      .Num("latency_ms", latency_ms)
      .Int("rows", stats.rows)
      .Str("request_id", request_id)
      .Str("peer", context->peer());
  if (!stats.input_fingerprint.empty()) line.Str("input_fingerprint", stats.input_fingerprint);
  // Who called: the agency of the bearer token (never the token itself) and, under
  // mTLS, the client certificate's identity.
  if (!admission.agency.empty()) line.Str("agency", admission.agency);
  if (const auto auth = context->auth_context(); auth != nullptr && auth->IsPeerAuthenticated()) {
    const auto identity = auth->GetPeerIdentity();
    if (!identity.empty()) line.Str("client_cert", std::string(identity.front().data(),
                                                               identity.front().size()));
  }
  if (!status.ok()) line.Str("error", status.message());
  line.Emit();
  return ToGrpcStatus(status);
}

}  // namespace govmetrics::rpc
