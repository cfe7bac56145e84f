// govmetrics-modeling: the ModelingService server. Flags: docs/operations.md.
#include "common/rpc/server_command_line.h"
#include "common/rpc/server_runtime.h"
#include "services/modeling/modeling_service.h"

int main(int argc, char** argv) {
  govmetrics::rpc::BlockTerminationSignals();
  govmetrics::rpc::ParseServerCommandLine(
      argc, argv, "govmetrics-modeling",
      "the ModelingService gRPC server (panel models, Hausman test, mediation, group comparisons, descriptive statistics).");
  govmetrics::services::ModelingServiceImpl service;
  return govmetrics::rpc::RunServer({"govmetrics-modeling", "127.0.0.1:50052"},
                                    {{&service, govmetrics::services::kModelingServiceName}});
}
