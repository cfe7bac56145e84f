#ifndef GOVMETRICS_SERVICES_REPORTING_REPORTING_SERVICE_H_
#define GOVMETRICS_SERVICES_REPORTING_REPORTING_SERVICE_H_

// ReportingService adapter: RunStudy, StreamStudy and ValidateStudy over the study pipeline.

#include <string>

#include "common/workspace_client/dataset_reader.h"
#include "govmetrics/reporting/v1/reporting_service.grpc.pb.h"
#include "services/reporting/downstream.h"

namespace govmetrics::services {

class ReportingServiceImpl final : public reporting::v1::ReportingService::Service {
 public:
  // `datasets` reads the dataset a request names instead of an inline panel (null:
  // such requests are refused); it must outlive the service.
  ReportingServiceImpl(std::string index_target, std::string modeling_target,
                       const workspace_client::DatasetReader* datasets = nullptr)
      : downstream_(std::move(index_target), std::move(modeling_target)), datasets_(datasets) {}

  grpc::Status RunStudy(grpc::ServerContext* context, const reporting::v1::RunStudyRequest* request,
                        reporting::v1::RunStudyResponse* response) override;
  grpc::Status StreamStudy(grpc::ServerContext* context,
                           const reporting::v1::StreamStudyRequest* request,
                           grpc::ServerWriter<reporting::v1::StreamStudyResponse>* writer) override;
  grpc::Status ValidateStudy(grpc::ServerContext* context, const reporting::v1::ValidateStudyRequest* request,
                             reporting::v1::ValidateStudyResponse* response) override;

 private:
  govmetrics::reporting::Downstream downstream_;
  const workspace_client::DatasetReader* datasets_;
};

inline constexpr char kReportingServiceName[] = "govmetrics.reporting.v1.ReportingService";

}  // namespace govmetrics::services

#endif  // GOVMETRICS_SERVICES_REPORTING_REPORTING_SERVICE_H_
