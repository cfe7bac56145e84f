// govmetrics-reporting: the ReportingService server. Flags: docs/operations.md.
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/rpc/server_runtime.h"
#include "services/reporting/reporting_service.h"

ABSL_FLAG(std::string, index_target, "127.0.0.1:50051",
          "IndexService address: HOST:PORT or dns:///NAME:PORT (round_robin over all addresses).");
ABSL_FLAG(std::string, modeling_target, "127.0.0.1:50052",
          "ModelingService address: HOST:PORT or dns:///NAME:PORT.");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  govmetrics::services::ReportingServiceImpl service(absl::GetFlag(FLAGS_index_target),
                                                     absl::GetFlag(FLAGS_modeling_target));
  return govmetrics::rpc::RunServer({"govmetrics-reporting", "127.0.0.1:50053"},
                                    {{&service, govmetrics::services::kReportingServiceName}});
}
