// The request runner: independent requests are in flight at the same time, answers land
// under their names, a name planned twice runs once, and a failure names its step and
// keeps its details. The fake services return empty messages: only the runner is tested.
#include "services/reporting/request_runner.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

// Logs "start <dependent>" / "end <dependent>" in the order calls begin and finish. Each
// call waits until `rendezvous` calls have started (bounded, so a runner that serialises
// calls fails the test instead of hanging it), which forces the overlap a concurrent
// runner allows and makes it visible in the log's order.
class RecordingServices final : public ServiceCalls {
 public:
  explicit RecordingServices(int rendezvous) : rendezvous_(rendezvous) {}

  absl::StatusOr<mv1::FitPanelModelResponse> FitPanelModel(grpc::ServerContext*,
                                                           const mv1::FitPanelModelRequest& request) const override {
    std::unique_lock<std::mutex> lock(mutex_);
    log_.push_back("start " + request.dependent());
    ++started_;
    changed_.notify_all();
    changed_.wait_for(lock, std::chrono::seconds(20), [&] { return started_ >= rendezvous_; });
    log_.push_back("end " + request.dependent());
    if (request.dependent() == "bad") {
      absl::Status status = absl::InvalidArgumentError("dependent: no such column");
      google::rpc::BadRequest details;
      details.add_field_violations()->set_field("dependent");
      status.SetPayload("type.googleapis.com/google.rpc.BadRequest", absl::Cord(details.SerializeAsString()));
      return status;
    }
    mv1::FitPanelModelResponse response;
    response.set_n_obs(static_cast<int64_t>(request.dependent().size()));
    return response;
  }
  absl::StatusOr<index::v1::ComputeIndexResponse> ComputeIndex(grpc::ServerContext*,
                                                               const index::v1::ComputeIndexRequest&) const override {
    return index::v1::ComputeIndexResponse();
  }
  absl::StatusOr<mv1::AnalyzeMediationResponse> AnalyzeMediation(grpc::ServerContext*,
                                                                 const mv1::AnalyzeMediationRequest&) const override {
    return mv1::AnalyzeMediationResponse();
  }
  absl::StatusOr<mv1::CompareGroupsResponse> CompareGroups(grpc::ServerContext*,
                                                           const mv1::CompareGroupsRequest&) const override {
    return mv1::CompareGroupsResponse();
  }
  absl::StatusOr<mv1::DescribeVariablesResponse> DescribeVariables(
      grpc::ServerContext*, const mv1::DescribeVariablesRequest&) const override {
    return mv1::DescribeVariablesResponse();
  }
  absl::StatusOr<mv1::HausmanTestResponse> HausmanTest(grpc::ServerContext*,
                                                       const mv1::HausmanTestRequest&) const override {
    return mv1::HausmanTestResponse();
  }
  absl::StatusOr<index::v1::ComputeCouplingCoordinationResponse> ComputeCouplingCoordination(
      grpc::ServerContext*, const index::v1::ComputeCouplingCoordinationRequest&) const override {
    return index::v1::ComputeCouplingCoordinationResponse();
  }
  // The section calls answer with the request's variable, so routing can be checked.
  absl::StatusOr<index::v1::AnalyzeDisparityResponse> AnalyzeDisparity(
      grpc::ServerContext*, const index::v1::AnalyzeDisparityRequest& request) const override {
    index::v1::AnalyzeDisparityResponse response;
    response.add_groups(request.column());
    return response;
  }
  absl::StatusOr<mv1::AnalyzeSpatialAutocorrelationResponse> AnalyzeSpatialAutocorrelation(
      grpc::ServerContext*, const mv1::AnalyzeSpatialAutocorrelationRequest& request) const override {
    mv1::AnalyzeSpatialAutocorrelationResponse response;
    response.add_periods()->set_period(static_cast<int32_t>(request.column().size()));
    return response;
  }
  absl::StatusOr<mv1::FitSpatialPanelResponse> FitSpatialPanel(
      grpc::ServerContext*, const mv1::FitSpatialPanelRequest& request) const override {
    mv1::FitSpatialPanelResponse response;
    response.set_observations(static_cast<int32_t>(request.dependent().size()));
    return response;
  }
  absl::StatusOr<mv1::FitThresholdModelResponse> FitThresholdModel(
      grpc::ServerContext*, const mv1::FitThresholdModelRequest& request) const override {
    mv1::FitThresholdModelResponse response;
    response.add_thresholds(static_cast<double>(request.dependent().size()));
    return response;
  }
  absl::StatusOr<mv1::FitDynamicPanelResponse> FitDynamicPanel(
      grpc::ServerContext*, const mv1::FitDynamicPanelRequest& request) const override {
    mv1::FitDynamicPanelResponse response;
    response.set_groups(static_cast<int32_t>(request.dependent().size()));
    return response;
  }
  std::string index_target() const override { return "fake"; }
  std::string modeling_target() const override { return "fake"; }

  std::vector<std::string> log() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return log_;
  }

 private:
  const int rendezvous_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  mutable int started_ = 0;
  mutable std::vector<std::string> log_;
};

mv1::FitPanelModelRequest Fit(const std::string& dependent) {
  mv1::FitPanelModelRequest request;
  request.set_dependent(dependent);
  return request;
}

// A fit with the wild cluster bootstrap on: the runner starts such requests first.
mv1::FitPanelModelRequest WildFit(const std::string& dependent) {
  mv1::FitPanelModelRequest request = Fit(dependent);
  request.mutable_model()->mutable_variance()->mutable_wild_bootstrap()->set_enabled(true);
  return request;
}

size_t Position(const std::vector<std::string>& log, const std::string& entry) {
  for (size_t i = 0; i < log.size(); ++i) {
    if (log[i] == entry) return i;
  }
  return log.size();
}

TEST(RequestRunner, IndependentRequestsAreInFlightTogether) {
  RecordingServices services(/*rendezvous=*/3);
  RequestPlan plan;
  plan.BeginStep("baseline");
  for (const char* y : {"y1", "y22", "y333"}) plan.Add(std::string("fit/") + y, Fit(y));
  ResponseSet responses;
  ASSERT_TRUE(RunRequests(plan, services, nullptr, responses).ok());
  const auto log = services.log();
  ASSERT_EQ(log.size(), 6u);
  // Every request started before any finished: all three overlapped.
  for (const char* y : {"y1", "y22", "y333"}) {
    for (const char* other : {"y1", "y22", "y333"}) {
      EXPECT_LT(Position(log, std::string("start ") + y), Position(log, std::string("end ") + other)) << y << other;
    }
  }
}

TEST(RequestRunner, AnswersLandUnderTheirNames) {
  RecordingServices services(/*rendezvous=*/1);
  RequestPlan plan;
  plan.Add("fit/a", Fit("a"));
  plan.Add("fit/bbbb", Fit("bbbb"));
  ResponseSet responses;
  ASSERT_TRUE(RunRequests(plan, services, nullptr, responses).ok());
  EXPECT_EQ((*responses.Get<mv1::FitPanelModelResponse>("fit/a"))->n_obs(), 1);
  EXPECT_EQ((*responses.Get<mv1::FitPanelModelResponse>("fit/bbbb"))->n_obs(), 4);
  EXPECT_FALSE(responses.Get<mv1::DescribeVariablesResponse>("fit/a").ok());
  EXPECT_EQ(responses.Get<mv1::FitPanelModelResponse>("fit/none").status().code(), absl::StatusCode::kInternal);
}

TEST(RequestRunner, SectionRequestsReachTheirCalls) {
  RecordingServices services(/*rendezvous=*/1);
  RequestPlan plan;
  index::v1::AnalyzeDisparityRequest disparity;
  disparity.set_column("score");
  plan.Add("disparity/score", disparity);
  mv1::AnalyzeSpatialAutocorrelationRequest moran;
  moran.set_column("abc");
  plan.Add("moran/abc", moran);
  mv1::FitSpatialPanelRequest spatial;
  spatial.set_dependent("yy");
  plan.Add("spatial/fit", spatial);
  mv1::FitThresholdModelRequest threshold;
  threshold.set_dependent("yyyyy");
  plan.Add("threshold/fit", threshold);
  mv1::FitDynamicPanelRequest gmm;
  gmm.set_dependent("yyyyyy");
  plan.Add("gmm/fit", gmm);
  ResponseSet responses;
  ASSERT_TRUE(RunRequests(plan, services, nullptr, responses).ok());
  EXPECT_EQ((*responses.Get<index::v1::AnalyzeDisparityResponse>("disparity/score"))->groups(0), "score");
  EXPECT_EQ((*responses.Get<mv1::AnalyzeSpatialAutocorrelationResponse>("moran/abc"))->periods(0).period(), 3);
  EXPECT_EQ((*responses.Get<mv1::FitSpatialPanelResponse>("spatial/fit"))->observations(), 2);
  EXPECT_EQ((*responses.Get<mv1::FitThresholdModelResponse>("threshold/fit"))->thresholds(0), 5.0);
  EXPECT_EQ((*responses.Get<mv1::FitDynamicPanelResponse>("gmm/fit"))->groups(), 6);
}

TEST(RequestRunner, ANamePlannedTwiceRunsOnce) {
  RecordingServices services(/*rendezvous=*/1);
  RequestPlan plan;
  plan.BeginStep("baseline");
  plan.Add("fit/baseline/full", Fit("y"));
  plan.BeginStep("robustness");
  plan.Add("fit/baseline/full", Fit("y"));
  plan.Add("fit/robustness/0", Fit("y_lag"));
  ASSERT_EQ(plan.requests().size(), 2u);
  EXPECT_EQ(plan.requests()[0].step, "baseline");
  ResponseSet responses;
  ASSERT_TRUE(RunRequests(plan, services, nullptr, responses).ok());
  EXPECT_EQ(services.log().size(), 4u);  // two calls, start and end each
}

TEST(RequestRunner, FailureNamesItsStepAndKeepsTheDetails) {
  RecordingServices services(/*rendezvous=*/1);
  RequestPlan plan;
  plan.BeginStep("baseline");
  plan.Add("fit/ok", Fit("y"));
  plan.BeginStep("robustness");
  plan.Add("fit/bad", Fit("bad"));
  ResponseSet responses;
  const absl::Status status = RunRequests(plan, services, nullptr, responses);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "robustness step: dependent: no such column");
  EXPECT_TRUE(status.GetPayload("type.googleapis.com/google.rpc.BadRequest").has_value());
}

TEST(RequestRunner, OneAtATimeWhenAskedStillAnswersAll) {
  RecordingServices services(/*rendezvous=*/1);
  RequestPlan plan;
  for (const char* y : {"a", "b", "c"}) plan.Add(y, Fit(y));
  ResponseSet responses;
  ASSERT_TRUE(RunRequests(plan, services, nullptr, responses, /*max_in_flight=*/1).ok());
  const auto log = services.log();
  ASSERT_EQ(log.size(), 6u);
  EXPECT_EQ(log[0], "start a");
  EXPECT_EQ(log[1], "end a");  // serial: each ends before the next starts
  EXPECT_EQ(responses.all().size(), 3u);
}

TEST(RequestRunner, StartsTheLongestRequestsFirst) {
  RecordingServices services(/*rendezvous=*/1);
  RequestPlan plan;
  plan.Add("fit/a", Fit("a"));
  plan.Add("fit/b", Fit("b"));
  plan.Add("fit/wild", WildFit("wild"));
  ResponseSet responses;
  ASSERT_TRUE(RunRequests(plan, services, nullptr, responses, /*max_in_flight=*/1).ok());
  const auto log = services.log();
  ASSERT_EQ(log.size(), 6u);
  EXPECT_EQ(log[0], "start wild");  // planned last, started first
  EXPECT_EQ(log[2], "start a");     // then plan order
  EXPECT_EQ(log[4], "start b");
  EXPECT_EQ(responses.all().size(), 3u);
}

TEST(RequestRunner, FailureReportedIsTheFirstInPlanOrderWhateverRanFirst) {
  RecordingServices services(/*rendezvous=*/2);
  RequestPlan plan;
  plan.BeginStep("baseline");
  plan.Add("fit/bad", Fit("bad"));
  plan.BeginStep("robustness");
  plan.Add("fit/wild", WildFit("bad"));
  ResponseSet responses;
  const absl::Status status = RunRequests(plan, services, nullptr, responses, /*max_in_flight=*/2);
  EXPECT_EQ(status.message(), "baseline step: dependent: no such column");
}

}  // namespace
}  // namespace govmetrics::reporting
