// The entity and period counts a ColumnarPanelBuilder makes as a dataset streams in
// (common/contracts/identifier_facts.h), and what a fit by reference does with them
// (stats/counted_factor.h, stats/fixed_effects_crossing.h): counted over exactly the
// rows appended, handed to the engine only for those rows, and a fit on the columns is
// the inline fit byte for byte whether they are used (a sorted balanced panel) or not
// (periods out of order, a period missing for one entity, gaps between periods, a
// missing value, a row filter, a panel without counts); a repeated (entity, period) gets
// the inline status. The slices of a read over several streams count their own rows,
// joined (Join) into one builder's counts.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "common/contracts/columnar_panel.h"
#include "common/contracts/fit_request.h"
#include "common/contracts/identifier_facts.h"
#include "common/contracts/model_request.h"
#include "gtest/gtest.h"
#include "tests/workspace/test_panels.h"

namespace govmetrics::contracts {
namespace {

std::vector<int64_t> Counts(std::initializer_list<int64_t> counts) { return counts; }

TEST(IdentifierFacts, CountEveryRowOfEveryChunk) {
  IdentifierFacts facts = IdentifierFacts::OverNoRows();
  EXPECT_TRUE(facts.Cover(0));
  const std::vector<int32_t> entity{0, 0, 0, 1, 1, 2};
  const std::vector<int32_t> period{2001, 2002, 2003, 2001, 2003, 2002};
  facts.AddRows(absl::MakeConstSpan(entity).subspan(0, 4),
                absl::MakeConstSpan(period).subspan(0, 4));
  facts.AddRows(absl::MakeConstSpan(entity).subspan(4), absl::MakeConstSpan(period).subspan(4));
  const std::vector<int32_t> more_entity{2, 3}, earlier{1999, 2001};  // the table grows down
  facts.AddRows(more_entity, earlier);
  EXPECT_TRUE(facts.Cover(8));
  EXPECT_FALSE(facts.Cover(7));
  EXPECT_EQ(facts.entity().first, 0);
  EXPECT_EQ(facts.entity().counts, Counts({3, 2, 2, 1}));
  EXPECT_EQ(facts.period().first, 1999);
  EXPECT_EQ(facts.period().counts, Counts({1, 0, 3, 2, 2}));
  EXPECT_FALSE(IdentifierFacts().Cover(0));  // no counts at all
}

TEST(IdentifierFacts, PeriodsSpreadTooFarAreNotCounted) {
  IdentifierFacts facts = IdentifierFacts::OverNoRows();
  const std::vector<int32_t> entity{0, 0};
  const std::vector<int32_t> period{0, static_cast<int32_t>(IdentifierFacts::kMaxPeriodSpread)};
  facts.AddRows(entity, period);
  EXPECT_TRUE(facts.Cover(2));
  EXPECT_FALSE(facts.period().known());
  EXPECT_EQ(facts.entity().counts, Counts({2}));
}

// Rows given as runs (a stored panel read with run_length_codes) are counted as the same
// rows one by one are, including a run of periods that spreads too far.
TEST(IdentifierFacts, RunsAreCountedAsTheirRows) {
  IdentifierRuns runs;
  runs.entity_codes = {0, 1, 0};  // entity 0 again after 1: its count adds up
  runs.entity_lengths = {3, 2, 1};
  runs.period_starts = {2001, 1999, 2005};
  runs.period_lengths = {3, 2, 1};
  const std::vector<int32_t> entity{0, 0, 0, 1, 1, 0};
  const std::vector<int32_t> period{2001, 2002, 2003, 1999, 2000, 2005};
  IdentifierFacts by_rows = IdentifierFacts::OverNoRows(), by_runs = IdentifierFacts::OverNoRows();
  by_rows.AddRows(entity, period);
  by_runs.AddRuns(runs, 6);
  EXPECT_TRUE(by_runs.Cover(6));
  EXPECT_EQ(by_runs.entity().counts, by_rows.entity().counts);
  EXPECT_EQ(by_runs.period().first, by_rows.period().first);
  EXPECT_EQ(by_runs.period().counts, by_rows.period().counts);
  EXPECT_EQ(by_runs.period().counts, Counts({1, 1, 1, 1, 1, 0, 1}));  // 1999 .. 2005

  IdentifierRuns wide;  // one run of kMaxPeriodSpread + 1 consecutive periods
  wide.entity_codes = {0};
  wide.entity_lengths = {static_cast<int32_t>(IdentifierFacts::kMaxPeriodSpread + 1)};
  wide.period_starts = {-5};
  wide.period_lengths = wide.entity_lengths;
  IdentifierFacts spread = IdentifierFacts::OverNoRows();
  spread.AddRuns(wide, IdentifierFacts::kMaxPeriodSpread + 1);
  EXPECT_FALSE(spread.period().known());
  EXPECT_EQ(spread.entity().counts, Counts({IdentifierFacts::kMaxPeriodSpread + 1}));
  spread.AddRuns(runs, 6);  // and stay uncounted
  EXPECT_FALSE(spread.period().known());
}

TEST(IdentifierFacts, TheBuilderCountsItsRowsAndSoDoesASlice) {
  const common::v1::Panel panel = testing::MakeTestPanel(4, 5);
  ColumnarPanelBuilder builder({"x", "y"}, {"region"}, panel.entity_size());
  ASSERT_TRUE(builder.Append(testing::RowSlice(panel, 0, 7)).ok());
  ASSERT_TRUE(builder.Append(testing::RowSlice(panel, 7, 13)).ok());
  const ColumnarPanel columns = std::move(builder).Finish();
  ASSERT_TRUE(columns.identifiers.Cover(20));
  EXPECT_EQ(columns.identifiers.entity().counts, Counts({5, 5, 5, 5}));
  EXPECT_EQ(columns.identifiers.period().first, 2000);
  EXPECT_EQ(columns.identifiers.period().counts, Counts({4, 4, 4, 4, 4}));
  EXPECT_GT(columns.Bytes(), ColumnarPanel().Bytes() + 9 * sizeof(int64_t));

  ColumnarPanelBuilder slice({"x", "y"}, {"region"}, panel.entity_size());
  Eigen::MatrixXd block(panel.entity_size(), 2);
  slice.WriteValuesTo(&block, 0);
  ASSERT_TRUE(slice.Append(testing::RowSlice(panel, 0, 10)).ok());
  const ColumnarPanel sliced = std::move(slice).Finish();
  ASSERT_TRUE(sliced.identifiers.Cover(10));
  EXPECT_EQ(sliced.identifiers.entity().counts, Counts({5, 5}));
}

// The counts of two slices joined through the second's code table (its code k is
// entity to_ours[k]) are the counts over both: per entity, per period (the table grows
// at either end), none when either has none or a code is not mapped.
TEST(IdentifierFacts, JoinedCountsAreTheCountsOverBothSlices) {
  IdentifierFacts first = IdentifierFacts::OverNoRows(), second = IdentifierFacts::OverNoRows();
  first.AddRows(std::vector<int32_t>{0, 0, 1}, std::vector<int32_t>{2001, 2002, 2001});
  second.AddRows(std::vector<int32_t>{0, 1, 1}, std::vector<int32_t>{1999, 2003, 2004});
  IdentifierFacts joined = first;
  joined.Join(second, std::vector<int32_t>{1, 2});  // its 0 is our 1, its 1 a new 2
  ASSERT_TRUE(joined.Cover(6));
  EXPECT_EQ(joined.entity().counts, Counts({2, 2, 2}));
  EXPECT_EQ(joined.period().first, 1999);
  EXPECT_EQ(joined.period().counts, Counts({1, 0, 2, 1, 1, 1}));

  IdentifierFacts unmapped = first;
  unmapped.Join(second, std::vector<int32_t>{1});
  EXPECT_FALSE(unmapped.Cover(6));
  IdentifierFacts none = first;
  none.Join(IdentifierFacts(), {});
  EXPECT_FALSE(none.Cover(3));
  IdentifierFacts spread = IdentifierFacts::OverNoRows();
  spread.AddRows(std::vector<int32_t>{0}, std::vector<int32_t>{0});
  IdentifierFacts far = IdentifierFacts::OverNoRows();
  far.AddRows(std::vector<int32_t>{0},
              std::vector<int32_t>{static_cast<int32_t>(IdentifierFacts::kMaxPeriodSpread)});
  spread.Join(far, std::vector<int32_t>{0});
  ASSERT_TRUE(spread.Cover(2));
  EXPECT_FALSE(spread.period().known());  // spread too far: recoded
  EXPECT_EQ(spread.entity().counts, Counts({2}));
}

modeling::v1::FitPanelModelRequest TwoWayRequest(common::v1::Panel panel) {
  modeling::v1::FitPanelModelRequest request;
  request.set_dependent("y");
  request.add_regressors("x");
  auto* model = request.mutable_model();
  model->set_fixed_effects(modeling::v1::FIXED_EFFECTS_TWO_WAY);
  model->mutable_variance()->set_type(modeling::v1::VARIANCE_TYPE_CLUSTER);
  model->mutable_variance()->set_small_sample(modeling::v1::SMALL_SAMPLE_PLM);
  *request.mutable_panel() = std::move(panel);
  return request;
}

// A balanced 6 x 5 panel without a missing value, x not a sum of entity and period
// effects (MakeTestPanel's x is linear in the row).
common::v1::Panel BalancedPanel() {
  common::v1::Panel panel = testing::MakeTestPanel(6, 5);
  for (int r = 0; r < panel.entity_size(); ++r) {
    panel.mutable_columns(0)->set_values(r, 3 * std::sin(1.7 * r) + 0.01 * r);
  }
  return panel;
}

// The engine gets the counts for a read panel whose every row it fits, never for an
// inline panel or a filtered one; and always that no (entity, period) repeats.
TEST(IdentifierFacts, TheEngineIsToldOnlyOfTheRowsItGets) {
  modeling::v1::FitPanelModelRequest request = TwoWayRequest(BalancedPanel());
  const ColumnarPanel columns = ToColumnar(request.panel()).value();
  auto prepared = [&](const ColumnarPanel* on) {
    auto model_request = ModelRequestOf(request);
    EXPECT_TRUE(model_request.ok());
    if (on != nullptr) model_request->columns = on;
    auto model = PrepareModel(*model_request);
    EXPECT_TRUE(model.ok()) << model.status();
    return std::move(model->input);
  };
  const stats::PanelInput read = prepared(&columns);
  EXPECT_EQ(read.entity_counts.counts, Counts({5, 5, 5, 5, 5, 5}));
  EXPECT_EQ(read.period_counts.first, 2000);
  EXPECT_TRUE(read.unique_entity_periods);
  const stats::PanelInput inline_input = prepared(nullptr);
  EXPECT_FALSE(inline_input.entity_counts.known());
  EXPECT_TRUE(inline_input.unique_entity_periods);
  request.mutable_model()->mutable_filter()->set_period_min(2001);
  EXPECT_FALSE(prepared(&columns).period_counts.known());
}

TEST(IdentifierFacts, AFitOnCountedColumnsIsTheInlineFitByteForByte) {
  const double nan = std::nan("");
  for (const int variant : {0, 1, 2, 3, 4, 5, 6, 7}) {
    common::v1::Panel panel = BalancedPanel();
    if (variant == 1) {  // entity 1's periods out of order
      std::swap(*panel.mutable_period()->Mutable(5), *panel.mutable_period()->Mutable(7));
    }
    if (variant == 2) panel = testing::RowSlice(panel, 0, 12);          // entity 2: two periods
    if (variant == 3) panel.mutable_period()->Set(29, 2007);            // last entity skips years
    if (variant == 4) panel.mutable_columns(1)->set_values(9, nan);     // dependent missing
    if (variant == 5) panel.mutable_period()->Set(6, panel.period(5));  // a repeated pair
    for (int r = 0; variant == 6 && r < panel.period_size(); ++r) {
      panel.mutable_period()->Set(r, 2000 + 2 * (r % 5));  // gaps between periods
    }
    modeling::v1::FitPanelModelRequest request = TwoWayRequest(panel);
    if (variant == 7) request.mutable_model()->mutable_filter()->set_period_max(2003);
    ColumnarPanel columns = ToColumnar(panel).value();
    ASSERT_TRUE(columns.identifiers.Cover(columns.rows())) << variant;
    auto inline_fit = FitPanelModel(request, nullptr);
    auto on_columns = FitPanelModel(request, columns, "f", nullptr, &columns);
    ASSERT_EQ(on_columns.status(), inline_fit.status()) << variant;
    if (variant == 5) {
      EXPECT_TRUE(absl::IsInvalidArgument(inline_fit.status()));
      continue;
    }
    ASSERT_TRUE(inline_fit.ok()) << variant << inline_fit.status();
    on_columns->mutable_provenance()->set_input_fingerprint(
        inline_fit->provenance().input_fingerprint());
    EXPECT_EQ(on_columns->SerializeAsString(), inline_fit->SerializeAsString()) << variant;
  }
}

// A panel without counts (one whose rows changed after its builder): the engine
// recodes, with the same bytes.
TEST(IdentifierFacts, AFitOnColumnsWithoutCountsIsTheSame) {
  const modeling::v1::FitPanelModelRequest request = TwoWayRequest(BalancedPanel());
  const ColumnarPanel counted = ToColumnar(request.panel()).value();
  ColumnarPanel uncounted = counted;
  uncounted.identifiers = IdentifierFacts();
  auto a = FitPanelModel(request, counted, "f", nullptr);
  auto b = FitPanelModel(request, uncounted, "f", nullptr);
  ASSERT_TRUE(a.ok() && b.ok()) << a.status() << b.status();
  EXPECT_EQ(a->SerializeAsString(), b->SerializeAsString());
}

}  // namespace
}  // namespace govmetrics::contracts
