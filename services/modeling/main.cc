// govmetrics-modeling: the ModelingService server. Flags: docs/operations.md.
#include "absl/flags/parse.h"
#include "common/rpc/server_runtime.h"
#include "services/modeling/modeling_service.h"

int main(int argc, char** argv) {
  govmetrics::rpc::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  govmetrics::services::ModelingServiceImpl service;
  return govmetrics::rpc::RunServer({"govmetrics-modeling", "127.0.0.1:50052"},
                                    {{&service, govmetrics::services::kModelingServiceName}});
}
