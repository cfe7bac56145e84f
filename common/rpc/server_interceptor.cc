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

class GovmetricsServerInterceptor : public grpc::experimental::Interceptor {
 public:
  GovmetricsServerInterceptor(ServerRpcInfo* info, std::shared_ptr<const AdmissionPolicy> policy,
                              std::shared_ptr<std::atomic<int>> in_flight)
      : info_(info),
        policy_(std::move(policy)),
        in_flight_(std::move(in_flight)),
        metrics_(MethodMetrics::Get(MethodMetrics::Side::kServer, info->method(),
                                    TypeName(info->type()))),
        api_call_(!IsInfrastructureMethod(info->method())) {}

  ~GovmetricsServerInterceptor() override {
    if (started_ && !handled_) {
      // The call ended without a status passing through us (e.g. torn down at shutdown).
      metrics_->Handled(grpc::StatusCode::CANCELLED, Elapsed());
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
      grpc::Status status = methods->GetSendStatus();
      if (!admission_.status.ok() && status.ok()) {
        // Safety net: a handler that bypassed RunRpc must not succeed past a rejection.
        status = ToGrpcStatus(admission_.status);
        methods->ModifySendStatus(status);
      }
      if (started_ && !handled_) {
        handled_ = true;
        metrics_->Handled(status.error_code(), Elapsed());
      }
      ReleaseSlot();
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
    // Authentication first: an unauthenticated caller must not learn about, or use up,
    // the capacity of the server.
    if (policy_->tokens != nullptr) {
      absl::string_view authorization;
      if (auto* metadata = methods->GetRecvInitialMetadata(); metadata != nullptr) {
        auto it = metadata->find("authorization");
        if (it != metadata->end()) {
          authorization = absl::string_view(it->second.data(), it->second.size());
        }
      }
      auto agency = policy_->tokens->Authenticate(authorization);
      if (!agency.ok()) {
        admission_.status = agency.status();
      } else {
        admission_.agency = *agency;
      }
    }
    if (admission_.status.ok() && policy_->draining != nullptr && policy_->draining->load()) {
      // Refused here, with a status, rather than left to gRPC's shutdown: a call that
      // reaches the core after Server::Shutdown is cancelled without one (CANCELLED),
      // which clients do not retry. See RunServer's drain.
      admission_.status = absl::UnavailableError(absl::StrFormat(
          "%s is shutting down (draining after SIGTERM); retry on another replica",
          policy_->server_name.empty() ? "the server" : policy_->server_name));
    }
    if (admission_.status.ok()) {
      const int now = in_flight_->fetch_add(1) + 1;
      holds_slot_ = true;
      InFlightGauge().Increment();
      if (policy_->max_concurrent_rpcs > 0 && now > policy_->max_concurrent_rpcs) {
        ReleaseSlot();
        admission_.status = absl::ResourceExhaustedError(absl::StrFormat(
            "server busy: %d calls in progress, the limit is %d (--max_concurrent_rpcs); "
            "retry with backoff",
            now - 1, policy_->max_concurrent_rpcs));
      }
    }
    SetAdmission(info_->server_context(), admission_);
  }

  void CheckLimits(void* message) {
    if (message == nullptr) return;
    // API methods are generated protobuf services: the received message is the request
    // type, which derives from google::protobuf::Message (health, whose handler reads raw
    // ByteBuffers, never gets here). The walk also measures the request, which tells
    // ServeUnary whether the call is light enough to run inline.
    RequestSize size;
    absl::Status status = CheckRequestLimits(
        *static_cast<const google::protobuf::Message*>(message), policy_->limits, &size);
    if (status.ok()) {
      admission_.size = size;
    } else {
      admission_.status = status;
    }
    SetAdmission(info_->server_context(), admission_);
  }

  void ReleaseSlot() {
    if (!holds_slot_) return;
    holds_slot_ = false;
    in_flight_->fetch_sub(1);
    InFlightGauge().Decrement();
  }

  ServerRpcInfo* info_;
  std::shared_ptr<const AdmissionPolicy> policy_;
  std::shared_ptr<std::atomic<int>> in_flight_;
  MethodMetrics* metrics_;
  const bool api_call_;
  bool started_ = false;
  bool handled_ = false;
  bool holds_slot_ = false;
  std::chrono::steady_clock::time_point start_;
  Admission admission_;
};

}  // namespace

bool IsInfrastructureMethod(const char* full_method) {
  const absl::string_view method(full_method == nullptr ? "" : full_method);
  return absl::StartsWith(method, "/grpc.health.v1.Health/") ||
         absl::StartsWith(method, "/grpc.reflection.");
}

GovmetricsServerInterceptorFactory::GovmetricsServerInterceptorFactory(AdmissionPolicy policy)
    : policy_(std::make_shared<const AdmissionPolicy>(std::move(policy))),
      in_flight_(std::make_shared<std::atomic<int>>(0)) {}

grpc::experimental::Interceptor* GovmetricsServerInterceptorFactory::CreateServerInterceptor(
    ServerRpcInfo* info) {
  return new GovmetricsServerInterceptor(info, policy_, in_flight_);
}

}  // namespace govmetrics::rpc
