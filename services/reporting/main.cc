// govmetrics-reporting: the ReportingService server. Flags: docs/operations.md.
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "common/rpc/server_command_line.h"
#include "common/rpc/server_runtime.h"
#include "common/rpc/tls_credentials.h"
#include "common/workspace_client/workspace_flags.h"
#include "services/reporting/reporting_service.h"

ABSL_FLAG(std::string, index_target, "127.0.0.1:50051",
          "IndexService address: HOST:PORT or dns:///NAME:PORT (round_robin over all addresses).");
ABSL_FLAG(std::string, modeling_target, "127.0.0.1:50052",
          "ModelingService address: HOST:PORT or dns:///NAME:PORT.");

ABSL_FLAG(std::string, downstream_tls_cert, "",
          "PEM client certificate presented to the index and modeling services (mTLS).");
ABSL_FLAG(std::string, downstream_tls_key, "", "PEM private key for --downstream_tls_cert.");
ABSL_FLAG(std::string, downstream_ca, "",
          "PEM CA bundle that signed the index and modeling server certificates; any of the "
          "three --downstream_* flags turns TLS on for downstream calls.");

int main(int argc, char** argv) {
  govmetrics::rpc::BlockTerminationSignals();
  govmetrics::rpc::ParseServerCommandLine(
      argc, argv, "govmetrics-reporting",
      "the ReportingService gRPC server (whole studies through the index and modeling services, rendered as HTML, Markdown, LaTeX, CSV, JSON in English or Chinese).");
  auto credentials = govmetrics::rpc::MakeChannelCredentials(
      absl::GetFlag(FLAGS_downstream_tls_cert), absl::GetFlag(FLAGS_downstream_tls_key),
      absl::GetFlag(FLAGS_downstream_ca));
  if (!credentials.ok()) {
    std::fprintf(stderr, "govmetrics-reporting: %s\n",
                 std::string(credentials.status().message()).c_str());
    return 1;
  }
  govmetrics::rpc::SetDownstreamCredentials(*credentials);
  auto datasets = govmetrics::workspace_client::DatasetReaderFromFlags();
  if (!datasets.ok()) {
    std::fprintf(stderr, "govmetrics-reporting: %s\n",
                 std::string(datasets.status().message()).c_str());
    return 1;
  }
  govmetrics::services::ReportingServiceImpl service(absl::GetFlag(FLAGS_index_target),
                                                     absl::GetFlag(FLAGS_modeling_target),
                                                     datasets->get());
  return govmetrics::rpc::RunServer({"govmetrics-reporting", "127.0.0.1:50053"},
                                    {{&service, govmetrics::services::kReportingServiceName}});
}
