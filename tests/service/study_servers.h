#ifndef GOVMETRICS_TESTS_SERVICE_STUDY_SERVERS_H_
#define GOVMETRICS_TESTS_SERVICE_STUDY_SERVERS_H_

// IndexService, ModelingService and ReportingService served in this process behind real
// gRPC channels, the reporting service calling the other two over them: the whole study
// pipeline through the real services, for the service tests.

#include "common/rpc/server_runtime.h"
#include "services/index/index_service.h"
#include "services/modeling/modeling_service.h"
#include "services/reporting/reporting_service.h"

namespace govmetrics::testing {

struct StudyServers {
  StudyServers()
      : index_server({{&index_service, services::kIndexServiceName}}),
        modeling_server({{&modeling_service, services::kModelingServiceName}}),
        reporting_service(index_server.target(), modeling_server.target()),
        reporting_server({{&reporting_service, services::kReportingServiceName}}) {}

  // Members are destroyed in reverse order: the reporting server stops first (it calls
  // the other two), and every server stops before the process exits (sync-server threads
  // left running would read globals while static destructors free them; TSan caught it).
  services::IndexServiceImpl index_service;
  services::ModelingServiceImpl modeling_service;
  rpc::InProcessServer index_server;
  rpc::InProcessServer modeling_server;
  services::ReportingServiceImpl reporting_service;
  rpc::InProcessServer reporting_server;
};

}  // namespace govmetrics::testing

#endif  // GOVMETRICS_TESTS_SERVICE_STUDY_SERVERS_H_
