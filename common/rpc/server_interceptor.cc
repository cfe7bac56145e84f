#include "common/rpc/server_interceptor.h"

#include <chrono>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "common/rpc/call_admission.h"
#include "common/rpc/metrics.h"
#include "common/rpc/status_mapping.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "prometheus/gauge.h"

namespace govmetrics::rpc {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;
using grpc::experimental::ServerRpcInfo;

const char* TypeName(ServerRpcInfo::Type type) {
  switch (type) {
    case ServerRpcInfo::Type::UNARY: return "unary";
    case ServerRpcInfo::Type::CLIENT_STREAMING: return "client_stream";
    case ServerRpcInfo::Type::SERVER_STREAMING: return "server_stream";
    case ServerRpcInfo::Type::BIDI_STREAMING: return "bidi_stream";
  }
  return "unknown";
}

// The raw "authorization" metadata value, empty when absent.
absl::string_view AuthorizationOf(InterceptorBatchMethods* methods) {
  auto* metadata = methods->GetRecvInitialMetadata();
  if (metadata == nullptr) return {};
  auto it = metadata->find("authorization");
  if (it == metadata->end()) return {};
  return absl::string_view(it->second.data(), it->second.size());
}


class GovmetricsServerInterceptor : public grpc::experimental::Interceptor {
 public:
  GovmetricsServerInterceptor(ServerRpcInfo* info,
                              std::shared_ptr<const InterceptorState> shared)
      : info_(info),
        shared_(std::move(shared)),
        metrics_(MethodMetrics::Get(MethodMetrics::Side::kServer, info->method(),
                                    TypeName(info->type()))),
        api_call_(!IsInfrastructureMethod(info->method())) {}

  ~GovmetricsServerInterceptor() override {
    if (started_ && !handled_) {
      // The call ended without a status passing through us (e.g. torn down at shutdown).
      metrics_->Handled(grpc::StatusCode::CANCELLED, Elapsed());
      CountAgency(grpc::StatusCode::CANCELLED);
    }
    ReleaseSlot();
    if (api_call_) ClearAdmission(info_->server_context());
  }

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      OnStart(methods);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      metrics_->MessageReceived();
      if (api_call_ && admission_.status.ok()) CheckLimits(methods->GetRecvMessage());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      metrics_->MessageSent();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      OnStatus(methods);
    }
    methods->Proceed();
  }

 private:
  double Elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

  void OnStart(InterceptorBatchMethods* methods) {
    if (started_) return;
    started_ = true;
    start_ = std::chrono::steady_clock::now();
    metrics_->Started();
    if (!api_call_) return;
    admission_.service = SplitFullMethod(info_->method()).first;
    // Authentication and the policy first: an unknown or unauthorised caller must not
    // learn about, or use up, the capacity of the server.
    config_ = shared_->access->Get();
    if (config_->identifies_callers()) Identify(methods);
    if (admission_.status.ok()) CheckDraining();
    if (admission_.status.ok()) TakeServerSlot();
    if (admission_.status.ok() && agency_policy_ != nullptr) {
      admission_.status = shared_->quotas.Admit(*agency_policy_, admission_.agency,
                                                agency_label_, start_, &agency_slot_);
    }
    SetAdmission(info_->server_context(), admission_);
  }

  // Names the agency and applies the policy's allow list.
  void Identify(InterceptorBatchMethods* methods) {
    auto agency = IdentifyAgency(*config_, AuthorizationOf(methods), *info_->server_context());
    agency_label_ = AgencyLabel(*config_, agency.ok() ? *agency : "", agency.ok());
    if (!agency.ok()) {
      admission_.status = agency.status();
      return;
    }
    admission_.agency = *std::move(agency);
    if (config_->policy == nullptr) return;
    const absl::string_view method = absl::string_view(info_->method()).substr(1);
    agency_policy_ = config_->policy->Find(admission_.agency);
    if (agency_policy_ == nullptr) {
      admission_.status = absl::PermissionDeniedError(absl::StrFormat(
          "agency %s may not call %s: the access policy has no block for it", admission_.agency,
          method));
    } else if (!agency_policy_->Allows(method)) {
      admission_.status = absl::PermissionDeniedError(absl::StrFormat(
          "agency %s may not call %s: not in its allow list in the access policy",
          admission_.agency, method));
      agency_policy_ = nullptr;
    }
  }

  void CheckDraining() {
    const AdmissionPolicy& policy = shared_->policy;
    if (policy.draining == nullptr || !policy.draining->load()) return;
    // Refused here, with a status, rather than left to gRPC's shutdown: a call that
    // reaches the core after Server::Shutdown is cancelled without one (CANCELLED),
    // which clients do not retry. See RunServer's drain.
    admission_.status = absl::UnavailableError(absl::StrFormat(
        "%s is shutting down (draining after SIGTERM); retry on another replica",
        policy.server_name.empty() ? "the server" : policy.server_name));
  }

  void TakeServerSlot() {
    const int now = shared_->in_flight.fetch_add(1) + 1;
    holds_slot_ = true;
    InFlightGauge().Increment();
    const int cap = shared_->policy.max_concurrent_rpcs;
    if (cap > 0 && now > cap) {
      ReleaseSlot();
      admission_.status = absl::ResourceExhaustedError(absl::StrFormat(
          "server busy: %d calls in progress, the limit is %d (--max_concurrent_rpcs); "
          "retry with backoff",
          now - 1, cap));
    }
  }

  void CheckLimits(void* message) {
    if (message == nullptr) return;
    // API methods are generated protobuf services: the received message is the request
    // type, which derives from google::protobuf::Message (health, whose handler reads raw
    // ByteBuffers, never gets here). The walk also measures the request, which tells
    // ServeUnary whether the call is light enough to run inline.
    RequestSize size;
    absl::Status status = CheckRequestLimits(
        *static_cast<const google::protobuf::Message*>(message), shared_->policy.limits, &size);
    if (status.ok() && agency_policy_ != nullptr) {
      status = CheckAgencyLimits(size, *agency_policy_, admission_.agency);
      if (!status.ok()) CountAgencyQuotaExceeded(agency_label_, "request_size");
    }
    if (status.ok()) {
      admission_.size = size;
    } else {
      admission_.status = status;
    }
    SetAdmission(info_->server_context(), admission_);
  }

  void OnStatus(InterceptorBatchMethods* methods) {
    grpc::Status status = methods->GetSendStatus();
    if (!admission_.status.ok() && status.ok()) {
      // Safety net: a handler that bypassed RunRpc must not succeed past a rejection.
      status = ToGrpcStatus(admission_.status);
      methods->ModifySendStatus(status);
    }
    if (started_ && !handled_) {
      handled_ = true;
      metrics_->Handled(status.error_code(), Elapsed());
      CountAgency(status.error_code());
    }
    ReleaseSlot();
  }

  void CountAgency(grpc::StatusCode code) {
    if (!agency_label_.empty()) metrics_->HandledForAgency(agency_label_, code);
  }

  void ReleaseSlot() {
    AgencyQuotas::Release(agency_slot_);
    agency_slot_ = nullptr;
    if (!holds_slot_) return;
    holds_slot_ = false;
    shared_->in_flight.fetch_sub(1);
    InFlightGauge().Decrement();
  }

  ServerRpcInfo* info_;
  std::shared_ptr<const InterceptorState> shared_;
  MethodMetrics* metrics_;
  const bool api_call_;
  bool started_ = false;
  bool handled_ = false;
  bool holds_slot_ = false;
  std::chrono::steady_clock::time_point start_;
  Admission admission_;
  // The access configuration this call started under, held to its end.
  std::shared_ptr<const AccessConfig> config_;
  const AgencyPolicy* agency_policy_ = nullptr;  // the caller's block, within config_
  std::string agency_label_;                     // empty: callers are not identified
  AgencyQuotas::State* agency_slot_ = nullptr;
};

}  // namespace

bool IsInfrastructureMethod(const char* full_method) {
  const absl::string_view method(full_method == nullptr ? "" : full_method);
  return absl::StartsWith(method, "/grpc.health.v1.Health/") ||
         absl::StartsWith(method, "/grpc.reflection.");
}

GovmetricsServerInterceptorFactory::GovmetricsServerInterceptorFactory(AdmissionPolicy policy) {
  auto state = std::make_shared<InterceptorState>();
  state->access = std::make_unique<AccessConfigHolder>(
      AccessConfig{policy.tokens, policy.access_policy});
  state->policy = std::move(policy);
  state_ = std::move(state);
}

int GovmetricsServerInterceptorFactory::in_flight() const { return state_->in_flight.load(); }

AccessConfigHolder& GovmetricsServerInterceptorFactory::access() const { return *state_->access; }

grpc::experimental::Interceptor* GovmetricsServerInterceptorFactory::CreateServerInterceptor(
    ServerRpcInfo* info) {
  // One shared_ptr copy per call: the state outlives every call, even one that ends
  // after the server (and this factory) is gone.
  return new GovmetricsServerInterceptor(info, state_);
}

}  // namespace govmetrics::rpc
