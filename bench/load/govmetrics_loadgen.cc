// govmetrics-loadgen: closed-loop gRPC load generator in C++ for any unary RPC.
//
//   govmetrics-loadgen --target 127.0.0.1:50052
//       --method /govmetrics.modeling.v1.ModelingService/FitPanelModel
//       --request fit.bin --concurrency 8 --duration 10      (one command line)
//
// N clients, each on its own channel and connection (a local subchannel pool, as separate
// callers would have), send the same request back to back; after --warmup seconds, every
// call for --duration seconds is timed. Prints one JSON object: rps, p50/p90/p99 ms,
// errors by status code. Same flags and output as bench/load/loadgen.py; this one exists
// because on a 2-core machine a Python client takes a core's worth of CPU from the server
// it measures, and the RPC-path ceiling (grpc.health.v1 Check) then measures the client.
//
// --request is a serialized request (.bin), protobuf JSON (.json, with --request_type,
// any message linked into govmetrics_proto), or "-" for an empty message. Requests are
// serialized once and responses are not parsed: raw ByteBuffers on the wire.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/codegen/client_unary_call.h"
#include "grpcpp/impl/codegen/rpc_method.h"
#include "grpcpp/support/byte_buffer.h"

// Link the generated descriptors so that --request_type can name any govmetrics message.
#include "govmetrics/index/v1/index_service.pb.h"
#include "govmetrics/modeling/v1/modeling_service.pb.h"
#include "govmetrics/reporting/v1/reporting_service.pb.h"

ABSL_FLAG(std::string, target, "", "host:port of the server");
ABSL_FLAG(std::string, method, "/grpc.health.v1.Health/Check", "/package.Service/Method");
ABSL_FLAG(std::string, request, "-", ".bin, .json, or - for an empty message");
ABSL_FLAG(std::string, request_type, "", "full message name for a .json request");
ABSL_FLAG(int, concurrency, 1, "concurrent closed-loop clients");
ABSL_FLAG(double, duration, 10.0, "measured seconds");
ABSL_FLAG(double, warmup, 1.0, "seconds not counted");
ABSL_FLAG(double, timeout, 60.0, "per-call deadline in seconds");
ABSL_FLAG(std::string, token, "", "bearer token");
ABSL_FLAG(std::string, ca, "", "CA bundle: turns TLS on");
ABSL_FLAG(std::string, cert, "", "client certificate (mTLS)");
ABSL_FLAG(std::string, key, "", "client key (mTLS)");
ABSL_FLAG(bool, allow_errors, false,
          "measure calls that fail (e.g. the cost of a refusal) instead of stopping when the "
          "first call fails; failed calls then also count in requests, rps and latency "
          "(and by code in \"errors\")");

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "govmetrics-loadgen: %s\n", message.c_str());
  std::exit(2);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string LoadRequest(const std::string& path, const std::string& type_name) {
  if (path == "-") return "";  // empty message, e.g. HealthCheckRequest for the overall status
  std::string data = ReadFile(path);
  if (!absl::EndsWith(path, ".json")) return data;
  if (type_name.empty()) Fail("--request_type is needed for a JSON request");
  const auto* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(type_name);
  if (descriptor == nullptr) Fail("unknown --request_type " + type_name);
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> message(factory.GetPrototype(descriptor)->New());
  auto status = google::protobuf::util::JsonStringToMessage(data, message.get());
  if (!status.ok()) Fail(absl::StrFormat("%s: %s", path, status.ToString()));
  return message->SerializeAsString();
}

std::shared_ptr<grpc::ChannelCredentials> Credentials() {
  if (absl::GetFlag(FLAGS_ca).empty()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadFile(absl::GetFlag(FLAGS_ca));
  if (!absl::GetFlag(FLAGS_cert).empty()) {
    options.pem_cert_chain = ReadFile(absl::GetFlag(FLAGS_cert));
    options.pem_private_key = ReadFile(absl::GetFlag(FLAGS_key));
  }
  return grpc::SslCredentials(options);
}

std::shared_ptr<grpc::Channel> MakeChannel() {
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(256 << 20);
  args.SetMaxReceiveMessageSize(256 << 20);
  // Without a local pool, channels to the same target share one connection.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(absl::GetFlag(FLAGS_target), Credentials(), args);
}

struct ClientTally {
  std::vector<double> latencies_s;      // successful calls in the measured window
  std::map<std::string, long> errors;   // status code name -> count
  long calls_made = 0;                  // every call, warm-up included (for CPU per call)
};

const char* CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {
      "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
      "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
      "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
      "UNAUTHENTICATED"};
  const int i = static_cast<int>(code);
  return i >= 0 && i < 17 ? kNames[i] : "UNKNOWN_CODE";
}

class UnaryCaller {
 public:
  UnaryCaller(std::shared_ptr<grpc::Channel> channel, const std::string& method,
              const std::string& payload)
      : channel_(std::move(channel)),
        method_(method.c_str(), grpc::internal::RpcMethod::NORMAL_RPC) {
    grpc::Slice slice(payload);
    request_ = grpc::ByteBuffer(&slice, 1);
  }

  grpc::Status Call() {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::duration_cast<std::chrono::system_clock::duration>(
                             std::chrono::duration<double>(absl::GetFlag(FLAGS_timeout))));
    if (!absl::GetFlag(FLAGS_token).empty()) {
      context.AddMetadata("authorization", "Bearer " + absl::GetFlag(FLAGS_token));
    }
    grpc::ByteBuffer response;
    return grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
        channel_.get(), method_, &context, request_, &response);
  }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  grpc::internal::RpcMethod method_;
  grpc::ByteBuffer request_;
};

double Percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return std::nan("");
  const auto last = static_cast<double>(sorted.size() - 1);
  const auto index = static_cast<size_t>(std::clamp(std::round(q * last), 0.0, last));
  return sorted[index];
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("closed-loop gRPC load generator (see bench/load/README.md)");
  absl::ParseCommandLine(argc, argv);
  // As in the servers (common/rpc/server_runtime.cc): no lock-order graph on every lock.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  if (absl::GetFlag(FLAGS_target).empty()) Fail("--target is required");
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  const double duration = absl::GetFlag(FLAGS_duration);
  if (concurrency < 1 || duration <= 0) Fail("--concurrency >= 1 and --duration > 0");
  const std::string method = absl::GetFlag(FLAGS_method);
  const std::string payload =
      LoadRequest(absl::GetFlag(FLAGS_request), absl::GetFlag(FLAGS_request_type));

  std::vector<std::unique_ptr<UnaryCaller>> callers;
  for (int i = 0; i < concurrency; ++i) {
    callers.push_back(std::make_unique<UnaryCaller>(MakeChannel(), method, payload));
    // Connect and warm every channel once; a server that refuses is reported, not timed.
    grpc::Status first = callers.back()->Call();
    if (!first.ok() && !absl::GetFlag(FLAGS_allow_errors)) {
      Fail(absl::StrFormat("first call failed: %s %s", CodeName(first.error_code()),
                           first.error_message()));
    }
  }

  std::vector<ClientTally> tallies(concurrency);
  const Clock::time_point start = Clock::now() + std::chrono::milliseconds(50);
  const auto warm_end = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(absl::GetFlag(FLAGS_warmup)));
  const auto end = warm_end + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(duration));
  std::vector<std::thread> threads;
  for (int i = 0; i < concurrency; ++i) {
    threads.emplace_back([&, i] {
      ClientTally& tally = tallies[i];
      const bool time_failures = absl::GetFlag(FLAGS_allow_errors);
      tally.latencies_s.reserve(1 << 16);
      std::this_thread::sleep_until(start);
      while (true) {
        const Clock::time_point t0 = Clock::now();
        if (t0 >= end) return;
        const grpc::Status status = callers[i]->Call();
        const Clock::time_point t1 = Clock::now();
        ++tally.calls_made;
        if (t0 < warm_end) continue;  // warm-up: not counted
        if (status.ok() || time_failures) {
          tally.latencies_s.push_back(std::chrono::duration<double>(t1 - t0).count());
        }
        if (!status.ok()) ++tally.errors[CodeName(status.error_code())];
      }
    });
  }
  for (auto& t : threads) t.join();

  std::vector<double> all;
  std::map<std::string, long> errors;
  long calls_made = concurrency;  // the warming first call of each channel
  for (const auto& tally : tallies) {
    calls_made += tally.calls_made;
    all.insert(all.end(), tally.latencies_s.begin(), tally.latencies_s.end());
    for (const auto& [code, n] : tally.errors) errors[code] += n;
  }
  std::sort(all.begin(), all.end());
  std::ostringstream error_json;
  error_json << "{";
  for (auto it = errors.begin(); it != errors.end(); ++it) {
    error_json << (it == errors.begin() ? "" : ", ") << '"' << it->first << "\": " << it->second;
  }
  error_json << "}";
  std::printf(
      "{\"method\": \"%s\", \"concurrency\": %d, \"duration_s\": %g, \"requests\": %zu, "
      "\"errors\": %s, \"rps\": %.1f, \"p50_ms\": %.4f, \"p90_ms\": %.4f, \"p99_ms\": %.4f, "
      "\"request_bytes\": %zu, \"calls_made\": %ld, \"client\": \"c++\"}\n",
      method.c_str(), concurrency, duration, all.size(), error_json.str().c_str(),
      static_cast<double>(all.size()) / duration, 1000 * Percentile(all, 0.50),
      1000 * Percentile(all, 0.90), 1000 * Percentile(all, 0.99), payload.size(), calls_made);
  return 0;
}
