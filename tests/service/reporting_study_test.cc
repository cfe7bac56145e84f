// The whole demo study through ReportingService, with IndexService and ModelingService
// running in-process behind real gRPC channels. Checks that the pipeline recovers the
// known effects of the synthetic demo panel (data/demo/true_effects.json) within
// sampling error, and the failure behaviour the contract promises.
#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tests/reference/reference_panel.h"
#include "common/rpc/server_runtime.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/index/index_service.h"
#include "services/modeling/modeling_service.h"
#include "services/reporting/reporting_service.h"
#include "tests/service/report_lookup.h"
#include "tests/service/study_servers.h"
#include "tests/unit/golden_json.h"

namespace govmetrics {
namespace {

namespace rv1 = reporting::v1;

using testing::FindTable;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class ReportingStudyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    servers_ = new testing::StudyServers;

    const std::string root = GOVMETRICS_SOURCE_DIR;
    auto panel = govmetrics::ReadReferencePanel(root + "/data/demo/study_panel.csv", "entity", "year");
    ASSERT_TRUE(panel.ok());
    request_ = new rv1::RunStudyRequest;
    *request_->mutable_panel() = *panel;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                    ReadFile(root + "/data/demo/study_spec_en.json"), request_->mutable_spec())
                    .ok());
    // Fewer draws than the demo: the point estimates do not depend on them.
    request_->mutable_spec()->mutable_bootstrap()->set_replications(299);
    request_->mutable_spec()->set_permutations(199);

    response_ = new rv1::RunStudyResponse;
    auto stub = rv1::ReportingService::NewStub(servers_->reporting_server.NewChannel());
    grpc::ClientContext context;
    status_ = new grpc::Status(stub->RunStudy(&context, *request_, response_));

    std::string error;
    targets_ = new testing::JsonValue;
    ASSERT_TRUE(testing::ReadJsonFile(root + "/data/demo/true_effects.json", targets_, &error)) << error;
  }

  // Servers stop before the process exits: sync-server threads left running would read
  // globals while static destructors free them (TSan caught exactly that). Reporting goes
  // first, as it calls the other two.
  static void TearDownTestSuite() {
    delete servers_;
    delete request_;
    delete response_;
    delete status_;
    delete targets_;
  }

  static double Target(const std::string& key, const std::string& field) {
    return targets_->Find("index_scale")->Find("targets")->Find(key)->Number(field);
  }

  static inline testing::StudyServers* servers_;
  static inline rv1::RunStudyRequest* request_;
  static inline rv1::RunStudyResponse* response_;
  static inline grpc::Status* status_;
  static inline testing::JsonValue* targets_;
};

TEST_F(ReportingStudyTest, StudySucceedsWithEveryRequestedDocument) {
  ASSERT_TRUE(status_->ok()) << status_->error_message();
  std::set<rv1::Format> formats;
  for (const auto& d : response_->documents()) {
    formats.insert(d.format());
    // Binary formats carry bytes, text formats UTF-8 content, never both.
    if (d.format() == rv1::FORMAT_XLSX || d.format() == rv1::FORMAT_DOCX) {
      EXPECT_EQ(d.file_name(), d.format() == rv1::FORMAT_XLSX ? "tables.xlsx" : "report.docx");
      EXPECT_EQ(d.binary_content().substr(0, 2), "PK");
      EXPECT_TRUE(d.content().empty());
    } else if (d.media_type() == "application/pdf") {  // the LaTeX report's figures
      EXPECT_EQ(d.format(), rv1::FORMAT_LATEX);
      EXPECT_EQ(d.file_name().rfind("figures/figure-", 0), 0u) << d.file_name();
      EXPECT_EQ(d.binary_content().rfind("%PDF-", 0), 0u) << d.file_name();
      EXPECT_TRUE(d.content().empty());
    } else {
      EXPECT_TRUE(d.binary_content().empty()) << d.file_name();
    }
  }
  EXPECT_EQ(formats.size(), 7u);
  for (const char* id : {"scores_digital_empowerment", "descriptives", "correlations", "baseline", "robustness", "mediation",
                         "heterogeneity", "group_differences"}) {
    EXPECT_NE(FindTable(response_->report(), id), nullptr) << id;
  }
}

TEST_F(ReportingStudyTest, BaselineRecoversTheKnownEffectWithinSamplingError) {
  ASSERT_TRUE(status_->ok()) << status_->error_message();
  const rv1::Table* baseline = FindTable(response_->report(), "baseline");
  ASSERT_NE(baseline, nullptr);
  // Row 0: the explanatory index; column 1: with controls.
  const double estimate = baseline->rows(0).cells(1).value();
  EXPECT_NEAR(estimate, Target("baseline", "mean"), 3 * Target("baseline", "sd"));
  EXPECT_LT(baseline->rows(0).cells(1).p_value(), 0.05);
}

TEST_F(ReportingStudyTest, EastStrongerThanCentralStrongerThanWest) {
  ASSERT_TRUE(status_->ok()) << status_->error_message();
  const rv1::Table* groups = FindTable(response_->report(), "heterogeneity");
  ASSERT_NE(groups, nullptr);
  std::map<std::string, double> by_group;
  for (int c = 0; c < groups->columns_size(); ++c) by_group[groups->columns(c)] = groups->rows(0).cells(c).value();
  ASSERT_EQ(by_group.size(), 3u);
  EXPECT_GT(by_group["East"], by_group["Central"]);
  EXPECT_GT(by_group["Central"], by_group["West"]);
  for (const char* region : {"East", "Central", "West"}) {
    const std::string key = std::string("region_") + region;
    EXPECT_NEAR(by_group[region], Target(key, "mean"), 3 * Target(key, "sd")) << region;
  }
}

TEST_F(ReportingStudyTest, EveryMediatorCarriesPartOfTheEffect) {
  ASSERT_TRUE(status_->ok()) << status_->error_message();
  const rv1::Table* mediation = FindTable(response_->report(), "mediation");
  ASSERT_NE(mediation, nullptr);
  const char* mediators[] = {"digital_infrastructure", "digital_participation", "egov_service_quality"};
  int found = 0;
  for (const auto& row : mediation->rows()) {
    if (row.kind() != rv1::ROW_KIND_COEFFICIENT) continue;
    const std::string key = std::string("indirect_") + mediators[found];
    const double indirect = row.cells(4).value();
    EXPECT_NEAR(indirect, Target(key, "mean"), 3 * Target(key, "sd")) << key;
    EXPECT_GT(indirect, 0);
    ++found;
  }
  EXPECT_EQ(found, 3);
}

TEST_F(ReportingStudyTest, EverySummarySentenceCitesExistingCells) {
  ASSERT_TRUE(status_->ok()) << status_->error_message();
  int sentences = 0;
  for (const auto& section : response_->report().sections()) {
    for (const auto& sentence : section.summary()) {
      ++sentences;
      ASSERT_GT(sentence.cell_refs_size(), 0) << sentence.text();
      for (const auto& ref : sentence.cell_refs()) {
        const auto slash1 = ref.find('/');
        const auto slash2 = ref.find('/', slash1 + 1);
        const rv1::Table* table = FindTable(response_->report(), ref.substr(0, slash1));
        ASSERT_NE(table, nullptr) << ref;
        const int row = std::stoi(ref.substr(slash1 + 1, slash2 - slash1 - 1));
        const int col = std::stoi(ref.substr(slash2 + 1));
        ASSERT_LT(row, table->rows_size()) << ref;
        ASSERT_LT(col, table->rows(row).cells_size()) << ref;
      }
    }
  }
  EXPECT_GE(sentences, 6);
}

TEST_F(ReportingStudyTest, MissingOutcomeIsInvalidArgument) {
  rv1::RunStudyRequest bad = *request_;
  bad.mutable_spec()->clear_outcome();
  auto stub = rv1::ReportingService::NewStub(servers_->reporting_server.NewChannel());
  grpc::ClientContext context;
  rv1::RunStudyResponse response;
  auto status = stub->RunStudy(&context, bad, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("spec.outcome"), std::string::npos);
}

// The field paths of a status's BadRequest detail (as a default gRPC client reads them).
std::vector<std::string> BadRequestFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return fields;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    for (const auto& v : bad_request.field_violations()) fields.push_back(v.field());
  }
  return fields;
}

// StreamStudy's final status for `spec`, and how many events came before it.
grpc::Status StreamStatus(rv1::ReportingService::Stub& stub, const common::v1::Panel& panel,
                          const rv1::StudySpec& spec, int* events) {
  rv1::StreamStudyRequest stream;
  *stream.mutable_panel() = panel;
  *stream.mutable_spec() = spec;
  grpc::ClientContext context;
  auto reader = stub.StreamStudy(&context, stream);
  rv1::StreamStudyResponse event;
  *events = 0;
  while (reader->Read(&event)) ++*events;
  return reader->Finish();
}

TEST_F(ReportingStudyTest, ValidateStudyPlansWithoutCallingAnotherService) {
  // Nothing listens at either downstream target: validation must not need them.
  services::ReportingServiceImpl orphan("127.0.0.1:1", "127.0.0.1:1");
  rpc::InProcessServer server({{&orphan, services::kReportingServiceName}});
  rv1::ValidateStudyRequest request;
  *request.mutable_panel() = request_->panel();
  *request.mutable_spec() = request_->spec();
  rv1::ValidateStudyResponse response;
  grpc::ClientContext context;
  auto status = rv1::ReportingService::NewStub(server.NewChannel())->ValidateStudy(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // 2 indices + the CRITIC re-weighted one, describe, 2 baseline fits (the robustness
  // step reuses the full one), 7 checks, the mediation of every mediator, the group
  // comparison: 15 (more if other sections plan their own).
  EXPECT_GE(response.planned_requests(), 15);
  // The demo's steps, in report order (other sections may come in between).
  std::vector<std::string> expected = {"indices", "descriptives", "baseline", "robustness", "mechanism",
                                       "heterogeneity"};
  auto next = expected.begin();
  for (const auto& section : response.sections()) {
    if (next != expected.end() && section == *next) ++next;
  }
  EXPECT_EQ(next, expected.end()) << "missing or out of order: " << (next == expected.end() ? "" : *next);
}

TEST_F(ReportingStudyTest, InvalidSpecRefusedAlikeByValidateRunAndStream) {
  rv1::StudySpec bad = request_->spec();
  bad.set_controls(0, "no_such_control");
  bad.mutable_robustness(3)->set_drop_entities(2, "Atlantis");
  bad.set_group_by("region9");
  const std::vector<std::string> expected = {"spec.controls[0]", "spec.group_by",
                                             "spec.robustness[3].drop_entities[2]"};
  auto stub = rv1::ReportingService::NewStub(servers_->reporting_server.NewChannel());
  auto sorted = [](std::vector<std::string> v) { std::sort(v.begin(), v.end()); return v; };

  rv1::ValidateStudyRequest validate;
  *validate.mutable_panel() = request_->panel();
  *validate.mutable_spec() = bad;
  rv1::ValidateStudyResponse validated;
  grpc::ClientContext c1;
  auto status = stub->ValidateStudy(&c1, validate, &validated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(sorted(BadRequestFields(status)), expected);

  rv1::RunStudyRequest run = *request_;
  *run.mutable_spec() = bad;
  rv1::RunStudyResponse response;
  grpc::ClientContext c2;
  status = stub->RunStudy(&c2, run, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(sorted(BadRequestFields(status)), expected);

  int events = -1;
  status = StreamStatus(*stub, request_->panel(), bad, &events);
  EXPECT_EQ(events, 0);  // refused before any step ran
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(sorted(BadRequestFields(status)), expected);
}

// Bad entries of the analysis sections are refused with the rest of the spec, before any
// step runs: the reporting service here has no downstream services at all, so a study
// that started computing would fail UNAVAILABLE instead.
TEST_F(ReportingStudyTest, InvalidSectionsRefusedBeforeAnyStepRuns) {
  rv1::StudySpec bad = request_->spec();
  bad.set_group_by("region9");
  bad.mutable_moderation()->add_moderators()->mutable_variable()->set_column("no_moderator");
  bad.mutable_endogeneity()->add_instruments("openness");  // a control
  bad.mutable_coupling()->set_first("digital_empowerment");
  bad.mutable_coupling()->set_second("governance_efficency");
  bad.mutable_spatio_temporal()->set_markov_classes(1);
  auto* unit = bad.mutable_spatial()->mutable_weights()->mutable_adjacency()->add_units();
  unit->set_entity("Atlantis");
  bad.mutable_threshold()->set_threshold_variable("digital_empowerment");  // an index: fine
  bad.mutable_threshold()->set_bootstrap_replications(-5);
  services::ReportingServiceImpl orphan("127.0.0.1:1", "127.0.0.1:1");
  rpc::InProcessServer server({{&orphan, services::kReportingServiceName}});
  auto stub = rv1::ReportingService::NewStub(server.NewChannel());

  rv1::RunStudyRequest run = *request_;
  *run.mutable_spec() = bad;
  rv1::RunStudyResponse response;
  grpc::ClientContext c1;
  grpc::Status status = stub->RunStudy(&c1, run, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  const std::vector<std::string> fields = BadRequestFields(status);
  for (const char* field : {"spec.group_by", "spec.moderation.moderators[0].variable",
                            "spec.endogeneity.instruments[0]", "spec.coupling.second",
                            "spec.spatio_temporal.markov_classes", "spec.spatial.weights.adjacency.units[0].entity",
                            "spec.threshold.bootstrap_replications"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), field), fields.end()) << field;
  }
  EXPECT_EQ(std::count(fields.begin(), fields.end(), "spec.threshold.threshold_variable"), 0);

  int events = -1;
  status = StreamStatus(*stub, request_->panel(), bad, &events);
  EXPECT_EQ(events, 0);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadRequestFields(status), fields);
}

TEST_F(ReportingStudyTest, DependencyDownIsUnavailableNamingIt) {
  // A reporting service whose index target has nothing listening.
  services::ReportingServiceImpl orphan("127.0.0.1:1", servers_->modeling_server.target());
  rpc::InProcessServer server({{&orphan, services::kReportingServiceName}});
  auto stub = rv1::ReportingService::NewStub(server.NewChannel());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  rv1::RunStudyResponse response;
  auto status = stub->RunStudy(&context, *request_, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_NE(status.error_message().find("index service"), std::string::npos) << status.error_message();
  EXPECT_EQ(response.documents_size(), 0);
}

}  // namespace
}  // namespace govmetrics
