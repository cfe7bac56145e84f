#ifndef GOVMETRICS_SERVICES_REPORTING_REPORTING_SERVICE_H_
#define GOVMETRICS_SERVICES_REPORTING_REPORTING_SERVICE_H_

// ReportingService adapter: RunStudy and StreamStudy over the study pipeline.

#include <string>

#include "govmetrics/reporting/v1/reporting_service.grpc.pb.h"
#include "services/reporting/downstream.h"

namespace govmetrics::services {

class ReportingServiceImpl final : public reporting::v1::ReportingService::Service {
 public:
  ReportingServiceImpl(std::string index_target, std::string modeling_target)
      : downstream_(std::move(index_target), std::move(modeling_target)) {}

  grpc::Status RunStudy(grpc::ServerContext* context, const reporting::v1::RunStudyRequest* request,
                        reporting::v1::RunStudyResponse* response) override;
  grpc::Status StreamStudy(grpc::ServerContext* context,
                           const reporting::v1::StreamStudyRequest* request,
                           grpc::ServerWriter<reporting::v1::StreamStudyResponse>* writer) override;

 private:
  govmetrics::reporting::Downstream downstream_;
};

inline constexpr char kReportingServiceName[] = "govmetrics.reporting.v1.ReportingService";

}  // namespace govmetrics::services

#endif  // GOVMETRICS_SERVICES_REPORTING_REPORTING_SERVICE_H_
