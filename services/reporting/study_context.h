#ifndef GOVMETRICS_SERVICES_REPORTING_STUDY_CONTEXT_H_
#define GOVMETRICS_SERVICES_REPORTING_STUDY_CONTEXT_H_

// State shared by the steps of one study: the spec, the working panel (the request's
// panel plus the index columns computed along the way), the downstream clients and the
// report being assembled. Steps never compute numbers: they ask the other services.

#include <map>
#include <string>
#include <vector>

#include "govmetrics/reporting/v1/reporting_service.pb.h"
#include "grpcpp/server_context.h"
#include "services/reporting/downstream.h"

namespace govmetrics::reporting {

namespace rv1 = govmetrics::reporting::v1;

struct StudyContext {
  const rv1::StudySpec* spec = nullptr;
  const Downstream* downstream = nullptr;
  grpc::ServerContext* parent = nullptr;  // caller's RPC (deadline, cancellation)
  common::v1::Panel panel;                // working panel
  rv1::Report report;
  common::v1::Provenance provenance;

  // Resolved variable names (columns of `panel`).
  std::string x, y;
  std::vector<std::string> mediators, controls;
  std::map<std::string, std::string> labels;  // column -> display label

  // Resolved defaults.
  uint64_t seed = 20240901;
  int bootstrap_replications = 1000;
  int permutations = 1000;
  int wild_replications = 999;

  bool zh() const { return spec->language() == rv1::LANGUAGE_ZH; }
  // Picks the string of the report's language.
  const char* L(const char* en, const char* zh_text) const { return zh() ? zh_text : en; }
  std::string Label(const std::string& column) const;

  // The baseline model options: two-way FE, the study's variance convention.
  modeling::v1::ModelSpec BaseModel() const;
  // y ~ regressors with `model` (FitPanelModel has the spec fields at top level).
  modeling::v1::FitPanelModelRequest FitRequest(const std::string& dependent,
                                                const std::vector<std::string>& regressors,
                                                const modeling::v1::ModelSpec& model) const;

  // Adds (or replaces) a numeric column of the working panel.
  void SetColumn(const std::string& name, const google::protobuf::RepeatedField<double>& values);
  rv1::Table* AddTable(const std::string& id, const std::string& title);
  rv1::Chart* AddChart(const std::string& id, const std::string& title, rv1::ChartKind kind);
  rv1::Section* AddSection(const std::string& id, const std::string& title);
};

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_STUDY_CONTEXT_H_
