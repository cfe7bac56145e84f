// Step 8: threshold effects (spec.threshold): Hansen's (1999) panel threshold regression
// of the outcome on the explanatory variable (regime slopes) with the controls, entity
// fixed effects and the study's variance convention (ModelingService.FitThresholdModel).
// One request runs the sequential bootstrap F tests up to `max_thresholds`; the model
// reported has the number of thresholds the tests select at 5% (at least one), fitted
// again without bootstrap when that is fewer (the estimates are the same sequential
// searches, so the two fits agree on them).
#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"
#include "services/reporting/threshold_tables.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr char kTestsKey[] = "threshold/tests";
constexpr int kDefaultMaxThresholds = 3;
constexpr int kDefaultReplications = 300;

std::string FitKey(int thresholds) { return absl::StrCat("threshold/fit/", thresholds); }

int MaxThresholds(const rv1::ThresholdSpec& spec) {
  return spec.max_thresholds() == 0 ? kDefaultMaxThresholds : spec.max_thresholds();
}

std::string ThresholdVariable(const StudyDesign& design) {
  const std::string& q = design.spec->threshold().threshold_variable();
  return q.empty() ? design.x : q;
}

mv1::FitThresholdModelRequest ThresholdRequest(const StudyDesign& design, int thresholds, int replications) {
  mv1::FitThresholdModelRequest request;
  *request.mutable_panel() = design.panel;
  request.set_dependent(design.y);
  request.add_regime_regressors(design.x);
  for (const auto& c : design.controls) request.add_regressors(c);
  request.set_threshold_variable(ThresholdVariable(design));
  request.set_thresholds(thresholds);
  request.set_bootstrap_replications(replications);
  request.set_seed(design.seed);
  *request.mutable_variance() = design.spec->variance();
  return request;
}

}  // namespace

absl::Status PlanThresholdStep(const StudyDesign& design, RequestPlan& plan) {
  const rv1::ThresholdSpec& spec = design.spec->threshold();
  if (!spec.enabled()) return absl::OkStatus();
  const int most = MaxThresholds(spec);
  const int replications = spec.bootstrap_replications() == 0 ? kDefaultReplications : spec.bootstrap_replications();
  plan.Add(kTestsKey, ThresholdRequest(design, most, replications));
  for (int k = 1; k < most; ++k) plan.Add(FitKey(k), ThresholdRequest(design, k, -1));
  return absl::OkStatus();
}

absl::Status BuildThresholdStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment) {
  const rv1::ThresholdSpec& spec = design.spec->threshold();
  if (!spec.enabled()) return absl::OkStatus();
  auto tests = responses.Get<mv1::FitThresholdModelResponse>(kTestsKey);
  if (!tests.ok()) return tests.status();
  const int selected = SelectedThresholds(**tests);
  const int fitted = std::max(1, selected);
  auto model = fitted == MaxThresholds(spec) ? tests : responses.Get<mv1::FitThresholdModelResponse>(FitKey(fitted));
  if (!model.ok()) return model.status();

  rv1::Section* section = AddSection(fragment, "threshold", design.Text("threshold.section"));
  const rv1::Table* test_table = ThresholdTestsTable(design, **tests, fragment);
  section->add_table_ids(test_table->id());
  section->add_table_ids(ThresholdEstimatesTable(design, **model, fragment)->id());
  const rv1::Table* slopes = RegimeSlopesTable(design, **model, fragment);
  section->add_table_ids(slopes->id());
  for (int e = 0; e < (*model)->estimates_size(); ++e) {
    section->add_chart_ids(LrChart(design, **model, e, ThresholdVariable(design), fragment)->id());
  }
  AddThresholdSummaries(design, **tests, **model, selected, *test_table, *slopes, section);
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
