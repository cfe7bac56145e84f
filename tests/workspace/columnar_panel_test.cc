// The columnar form compute by reference streams datasets into
// (common/contracts/columnar_panel.h): chunks append in row order with entity and label
// dictionaries in order of first appearance; a chunk with other columns is refused; and
// PanelView over the columns reads what it reads over the Panel they came from, so a fit
// on the columns is the inline fit byte for byte (fingerprint aside, which is given),
// including a label filter, an absorbed label and clustering on a label.
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "common/contracts/columnar_panel.h"
#include "common/contracts/fit_request.h"
#include "common/contracts/panel_view.h"
#include "govmetrics/workspace/v1/workspace_service.pb.h"
#include "gtest/gtest.h"
#include "tests/unit/panel_test_data.h"
#include "tests/workspace/test_panels.h"

namespace govmetrics::contracts {
namespace {

common::v1::Panel DemoPanel() {
  stats::testing::CsvTable csv;
  EXPECT_TRUE(stats::testing::ReadCsv(std::string(GOVMETRICS_SOURCE_DIR) + "/data/demo/study_panel.csv", &csv));
  common::v1::Panel panel;
  for (const auto& e : csv.cells[csv.Column("entity")]) panel.add_entity(e);
  for (double t : csv.Numeric("year")) panel.add_period(static_cast<int>(t));
  for (const char* name : {"egov_service_quality", "digital_infrastructure", "openness", "urbanization"}) {
    auto* column = panel.add_columns();
    column->set_name(name);
    for (double v : csv.Numeric(name)) column->add_values(v);
  }
  for (const char* name : {"region3", "region4"}) {
    auto* label = panel.add_labels();
    label->set_name(name);
    for (const auto& v : csv.cells[csv.Column(name)]) label->add_values(v);
  }
  return panel;
}

// `engine_order`, `expected_rows` (0: the panel's) as ColumnarPanelBuilder's.
ColumnarPanel StreamedInTwoChunks(const common::v1::Panel& panel,
                                  const std::vector<std::string>& engine_order = {},
                                  int expected_rows = 0) {
  ColumnarPanelBuilder builder({"egov_service_quality", "digital_infrastructure", "openness", "urbanization"},
                               {"region3", "region4"},
                               expected_rows > 0 ? expected_rows : panel.entity_size(), engine_order);
  EXPECT_TRUE(builder.Append(testing::RowSlice(panel, 0, 100)).ok());
  EXPECT_TRUE(builder.Append(testing::RowSlice(panel, 100, panel.entity_size() - 100)).ok());
  return std::move(builder).Finish();
}

TEST(ColumnarPanel, ChunksAppendWithDictionariesInOrderOfFirstAppearance) {
  const common::v1::Panel panel = DemoPanel();
  const ColumnarPanel columns = StreamedInTwoChunks(panel);
  ASSERT_EQ(columns.rows(), panel.entity_size());
  auto view = PanelView::Create(panel);
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_EQ(columns.entity_names, view->entity_names());
  for (int r = 0; r < panel.entity_size(); ++r) {
    ASSERT_EQ(columns.entity_names[columns.entity[r]], panel.entity(r));
    ASSERT_EQ(columns.period[r], panel.period(r));
    ASSERT_EQ(columns.label_levels[1][columns.labels[1][r]], panel.labels(1).values(r));
    ASSERT_EQ(columns.column(2)[r], panel.columns(2).values(r));
  }
  EXPECT_EQ(columns.label_levels[0].size(), 3u);
  EXPECT_GE(columns.Bytes(), panel.entity_size() * (4 * sizeof(double) + 4 * 4));
}

TEST(ColumnarPanel, AChunkWithOtherColumnsIsDataLossNamingTheColumn) {
  ColumnarPanelBuilder builder({"y", "x"}, {}, 1);
  common::v1::Panel chunk;
  chunk.add_entity("A");
  chunk.add_period(2020);
  chunk.add_columns()->set_name("y");
  chunk.mutable_columns(0)->add_values(1);
  chunk.add_columns()->set_name("z");
  chunk.mutable_columns(1)->add_values(2);
  const absl::Status status = builder.Append(chunk);
  EXPECT_TRUE(absl::IsDataLoss(status)) << status;
  EXPECT_NE(status.message().find("'z'"), std::string::npos) << status;
}

// A COLUMNAR ReadDataset chunk with entity codes (no labels), column "y" = the codes.
workspace::v1::ColumnarChunk CodedChunk(std::vector<std::string> new_entities,
                                        std::vector<int32_t> codes) {
  workspace::v1::ColumnarChunk chunk;
  for (auto& name : new_entities) chunk.add_new_entities(name);
  auto* y = chunk.add_columns();
  y->set_name("y");
  for (int32_t code : codes) {
    chunk.add_entity_codes(code);
    chunk.add_period(2020);
    y->add_values(code);
  }
  return chunk;
}

TEST(ColumnarPanel, ColumnarChunksExtendTheDictionaryAndAppendTheirCodes) {
  ColumnarPanelBuilder builder({"y"}, {}, 5);
  ASSERT_TRUE(builder.Append(CodedChunk({"A", "B"}, {0, 1, 1})).ok());
  ASSERT_TRUE(builder.Append(CodedChunk({"C"}, {1, 2})).ok());
  const ColumnarPanel columns = std::move(builder).Finish();
  EXPECT_EQ(columns.entity_names, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(columns.entity, (std::vector<int32_t>{0, 1, 1, 1, 2}));
  const absl::Span<const double> y = columns.column(0);
  EXPECT_EQ(std::vector<double>(y.begin(), y.end()), (std::vector<double>{0, 1, 1, 1, 2}));
}

TEST(ColumnarPanel, ColumnarChunksThatWouldMisnumberEntitiesAreDataLoss) {
  const struct {
    std::vector<std::string> names;
    std::vector<int32_t> codes;
    const char* says;
  } bad[] = {
      {{"A"}, {1}, "out of range"},                        // unknown code
      {{"A"}, {-1}, "out of range"},                       // negative
      {{"A", "B"}, {1, 0}, "first-appearance order"},      // B before A
      {{"A", "B"}, {0, 0}, "no row of the chunk uses"},    // B sent, never used
      {{"A", "A"}, {0, 1}, "sent as new twice"},           // one name, two codes
  };
  for (const auto& chunk : bad) {
    ColumnarPanelBuilder builder({"y"}, {}, 2);
    const absl::Status status = builder.Append(CodedChunk(chunk.names, chunk.codes));
    EXPECT_TRUE(absl::IsDataLoss(status)) << status;
    EXPECT_NE(status.message().find(chunk.says), std::string::npos) << status;
  }
  ColumnarPanelBuilder builder({"y"}, {}, 2);
  ASSERT_TRUE(builder.Append(CodedChunk({"A"}, {0})).ok());
  EXPECT_TRUE(absl::IsDataLoss(builder.Append(CodedChunk({"A"}, {1}))));  // A again, later
  workspace::v1::ColumnarChunk short_column = CodedChunk({"B"}, {1});
  short_column.mutable_columns(0)->clear_values();
  EXPECT_TRUE(absl::IsDataLoss(builder.Append(short_column)));
}

TEST(ColumnarPanel, ADuplicateRowIsTheViolationAnInlinePanelGets) {
  common::v1::Panel panel = testing::RowSlice(DemoPanel(), 0, 20);
  panel.set_period(17, panel.period(16));
  panel.set_entity(17, panel.entity(16));
  auto inline_view = PanelView::Create(panel);
  auto columns = ToColumnar(panel);
  ASSERT_TRUE(columns.ok());
  auto columnar_view = PanelView::Create(*columns);
  ASSERT_TRUE(absl::IsInvalidArgument(inline_view.status()));
  EXPECT_EQ(columnar_view.status(), inline_view.status());
  EXPECT_EQ(ViolationsOf(columnar_view.status()).at(0).first, "panel.period[17]");
}

TEST(ColumnarPanel, AFitOnColumnsIsTheInlineFitByteForByte) {
  modeling::v1::FitPanelModelRequest request;
  request.set_dependent("egov_service_quality");
  for (const char* x : {"digital_infrastructure", "openness", "urbanization"}) request.add_regressors(x);
  auto* model = request.mutable_model();
  model->set_fixed_effects(modeling::v1::FIXED_EFFECTS_TWO_WAY);
  model->add_absorb("region3");
  model->mutable_variance()->set_type(modeling::v1::VARIANCE_TYPE_CLUSTER);
  model->mutable_variance()->add_cluster_by("entity");
  model->mutable_variance()->add_cluster_by("region4");
  model->mutable_filter()->set_label("region3");
  model->mutable_filter()->add_drop("West");
  model->mutable_filter()->add_drop_entities("Beijing");
  *request.mutable_panel() = DemoPanel();
  const ColumnarPanel columns = StreamedInTwoChunks(request.panel());
  auto inline_fit = FitPanelModel(request, nullptr);
  ASSERT_TRUE(inline_fit.ok()) << inline_fit.status();
  const std::string fingerprint = inline_fit->provenance().input_fingerprint();
  auto on_columns = FitPanelModel(request, columns, fingerprint, nullptr);
  ASSERT_TRUE(on_columns.ok()) << on_columns.status();
  EXPECT_LT(inline_fit->n_obs(), request.panel().entity_size());  // the filter ran
  EXPECT_EQ(on_columns->SerializeAsString(), inline_fit->SerializeAsString());
}

TEST(ColumnarPanel, AFitThatConsumesTheColumnsGivesTheSameBytesAndFreesThem) {
  modeling::v1::FitPanelModelRequest request;
  request.set_dependent("egov_service_quality");
  for (const char* x : {"digital_infrastructure", "openness"}) request.add_regressors(x);
  request.mutable_model()->set_fixed_effects(modeling::v1::FIXED_EFFECTS_TWO_WAY);
  *request.mutable_panel() = DemoPanel();
  ColumnarPanel columns = StreamedInTwoChunks(request.panel());
  auto kept = FitPanelModel(request, columns, "f", nullptr);
  auto consumed = FitPanelModel(request, columns, "f", nullptr, &columns);
  ASSERT_TRUE(kept.ok()) << kept.status();
  ASSERT_TRUE(consumed.ok()) << consumed.status();
  EXPECT_EQ(consumed->SerializeAsString(), kept->SerializeAsString());
  EXPECT_EQ(consumed->provenance().input_fingerprint(), "f");
  EXPECT_TRUE(columns.entity.empty());
  EXPECT_EQ(columns.values.size(), 0);  // freed once copied (not in the engine's order)
}

// The reader lays the model's columns out in the engine's order (regressors, then the
// dependent); the engine's input then takes the block over, a row filter gathers the
// kept rows inside it, a transformed regressor's values replace its raw ones: the same
// bytes as the inline fit in each case.
TEST(ColumnarPanel, AFitTakesOverColumnsInTheEngineOrderWithTheSameBytes) {
  for (const int variant : {0, 1, 2}) {
    const bool filtered = variant == 1;
    modeling::v1::FitPanelModelRequest request;
    request.set_dependent("egov_service_quality");
    for (const char* x : {"openness", "digital_infrastructure"}) request.add_regressors(x);
    request.mutable_model()->set_fixed_effects(modeling::v1::FIXED_EFFECTS_TWO_WAY);
    if (filtered) request.mutable_model()->mutable_filter()->add_drop_entities("Beijing");
    if (variant == 2) {
      auto* lag = request.mutable_model()->add_transforms();
      lag->set_column("digital_infrastructure");
      lag->set_lag(1);
    }
    *request.mutable_panel() = DemoPanel();
    const std::vector<std::string> order = EngineColumnOrder(request);
    EXPECT_EQ(order, (std::vector<std::string>{"openness", "digital_infrastructure",
                                               "egov_service_quality"}));
    ColumnarPanel columns = StreamedInTwoChunks(request.panel(), order);
    EXPECT_EQ(columns.column_names, (std::vector<std::string>{"openness", "digital_infrastructure",
                                                              "egov_service_quality", "urbanization"}));
    // The engine's input is the block itself (its storage, cut to the regressors).
    ColumnarPanel prepared = columns;
    const double* block = prepared.values.data();
    auto model_request = ModelRequestOf(request);
    ASSERT_TRUE(model_request.ok());
    model_request->columns = &prepared;
    model_request->consumable_columns = &prepared;
    auto model = PrepareModel(*model_request);
    ASSERT_TRUE(model.ok()) << model.status();
    EXPECT_EQ(model->input.x.data(), block) << variant;
    EXPECT_EQ(model->input.x.cols(), 2);
    auto inline_fit = FitPanelModel(request, nullptr);
    ASSERT_TRUE(inline_fit.ok()) << inline_fit.status();
    auto taken = FitPanelModel(request, columns, inline_fit->provenance().input_fingerprint(),
                               nullptr, &columns);
    ASSERT_TRUE(taken.ok()) << taken.status();
    EXPECT_EQ(taken->SerializeAsString(), inline_fit->SerializeAsString()) << variant;
    EXPECT_EQ(columns.values.size(), 0) << variant;  // the engine's now
    EXPECT_TRUE(columns.entity.empty()) << variant;
  }
}

// The builder checks each chunk as it comes (columnar_checks.h): which columns are all
// finite, and whether every entity's periods increase (then no (entity, period) repeats).
// A panel not made by a builder has no such facts; a builder whose values go to a shared
// block (a slice of a read over several streams) checks its rows there.
TEST(ColumnarPanel, TheBuilderChecksEachChunkAsItComes) {
  common::v1::Panel panel = testing::MakeTestPanel(4, 5);  // x has a NaN in row 4
  const ColumnarPanel clean = ToColumnar(panel).value();
  ASSERT_TRUE(clean.checks.Cover(clean.rows()));
  EXPECT_FALSE(clean.checks.AllFinite(0));  // x
  EXPECT_TRUE(clean.checks.AllFinite(1));   // y
  EXPECT_TRUE(clean.checks.PeriodsIncrease());
  EXPECT_FALSE(clean.checks.Cover(clean.rows() - 1));

  panel.mutable_columns(1)->set_values(17, -std::numeric_limits<double>::infinity());
  panel.set_period(12, 1999);  // entity 2's third period before its first: not increasing
  ColumnarPanelBuilder builder({"x", "y"}, {"region"}, panel.entity_size());
  ASSERT_TRUE(builder.Append(testing::RowSlice(panel, 0, 10)).ok());
  ASSERT_TRUE(builder.Append(testing::RowSlice(panel, 10, 10)).ok());
  const ColumnarPanel columns = std::move(builder).Finish();
  ASSERT_TRUE(columns.checks.Cover(columns.rows()));
  EXPECT_FALSE(columns.checks.AllFinite(1));
  EXPECT_FALSE(columns.checks.PeriodsIncrease());

  EXPECT_FALSE(ColumnarPanel().checks.Cover(0));
  ColumnarPanelBuilder slice({"x", "y"}, {"region"}, panel.entity_size());
  Eigen::MatrixXd block(panel.entity_size(), 2);
  slice.WriteValuesTo(&block, 10);
  ASSERT_TRUE(slice.Append(testing::RowSlice(panel, 10, 10)).ok());
  const ColumnarPanel sliced = std::move(slice).Finish();
  ASSERT_TRUE(sliced.checks.Cover(sliced.rows()));
  EXPECT_FALSE(sliced.checks.AllFinite(1));  // the -inf of row 17: block row 17
  EXPECT_TRUE(sliced.checks.AllFinite(0));   // x's NaN is in row 4, not in this slice
  EXPECT_FALSE(sliced.checks.PeriodsIncrease());  // row 12
}

// ColumnarChecks::CopyValues copies values bit for bit from bytes at any alignment and
// records a column as all finite exactly when none of them is NaN or infinite: a special
// value at every position of copies long enough for the vectorised loop, from every byte
// offset, in the column it is in and no other.
TEST(ColumnarPanel, ValuesAreCheckedFiniteExactlyAsTheyAreCopied) {
  const uint64_t specials[] = {0x7FF0000000000000ULL, 0xFFF0000000000000ULL,
                               0x7FF8000000000000ULL, 0x7FF0000000000001ULL,
                               0x7FEFFFFFFFFFFFFFULL, 0x8000000000000000ULL};
  constexpr size_t kCount = 37;
  for (const uint64_t special : specials) {
    const bool finite = (special >> 52 & 0x7FF) != 0x7FF;
    for (size_t at = 0; at < kCount; at += 5) {
      for (size_t offset = 0; offset < sizeof(double); offset += 3) {
        std::vector<uint64_t> bits(kCount);
        for (size_t i = 0; i < kCount; ++i) bits[i] = 0x3FF0000000000000ULL + i;  // 1.0 + ulps
        bits[at] = special;
        std::vector<unsigned char> bytes(offset + kCount * sizeof(double));
        std::memcpy(bytes.data() + offset, bits.data(), kCount * sizeof(double));
        ColumnarChecks checks(2);
        std::vector<double> copied(kCount + 1);
        checks.CopyValues(1, bytes.data() + offset, copied.data() + 1, kCount);
        SCOPED_TRACE(::testing::Message() << std::hex << special << std::dec << " at " << at);
        EXPECT_EQ(std::memcmp(copied.data() + 1, bits.data(), kCount * sizeof(double)), 0);
        EXPECT_TRUE(checks.AllFinite(0));
        EXPECT_EQ(checks.AllFinite(1), finite);
      }
    }
  }
}

// The status of a fit on columns (checked as they came) is the inline fit's, byte for
// byte, for every kind of bad or unusual data those checks stand in for: an infinite
// value in a used column, a missing value (dropped and counted), a repeated (entity,
// period) row, periods out of order (unique: fitted), and a lag (missing first periods).
TEST(ColumnarPanel, BadDataGetsTheInlineStatusAndUnusualDataTheInlineFit) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const int variant : {0, 1, 2, 3, 4, 5}) {
    modeling::v1::FitPanelModelRequest request;
    request.set_dependent("egov_service_quality");
    for (const char* x : {"openness", "digital_infrastructure"}) request.add_regressors(x);
    request.mutable_model()->set_fixed_effects(modeling::v1::FIXED_EFFECTS_TWO_WAY);
    common::v1::Panel& panel = *request.mutable_panel() = DemoPanel();
    if (variant == 1) panel.mutable_columns(2)->set_values(33, inf);   // openness
    if (variant == 2) panel.mutable_columns(0)->set_values(40, nan);   // dependent
    if (variant == 3) panel.set_period(1, panel.period(0));            // Beijing's year twice
    if (variant == 4) std::swap(*panel.mutable_period()->Mutable(0), *panel.mutable_period()->Mutable(1));
    if (variant == 5) {
      auto* lag = request.mutable_model()->add_transforms();
      lag->set_column("openness");
      lag->set_lag(1);
    }
    // A cell is named by its column's place in the block, which the engine's order
    // changes: the infinite value's status is compared on columns in the panel's order.
    const std::vector<std::string> order =
        variant == 1 ? std::vector<std::string>{} : EngineColumnOrder(request);
    ColumnarPanel columns = StreamedInTwoChunks(panel, order);
    EXPECT_EQ(columns.checks.AllFinite(variant == 1 ? 2 : 0), variant != 1) << variant;
    EXPECT_EQ(columns.checks.PeriodsIncrease(), variant != 3 && variant != 4) << variant;
    auto inline_fit = FitPanelModel(request, nullptr);
    auto on_columns = FitPanelModel(request, columns, "f", nullptr, &columns);
    ASSERT_EQ(on_columns.status(), inline_fit.status()) << variant;
    if (!inline_fit.ok()) {
      EXPECT_TRUE(absl::IsInvalidArgument(inline_fit.status())) << variant;
      continue;
    }
    EXPECT_EQ(variant == 2 || variant == 5, inline_fit->n_dropped_rows() > 0) << variant;
    on_columns->mutable_provenance()->set_input_fingerprint(inline_fit->provenance().input_fingerprint());
    EXPECT_EQ(on_columns->SerializeAsString(), inline_fit->SerializeAsString()) << variant;
  }
}

// The engine is told it need not look for incomplete rows only when every value it gets
// was seen finite as it streamed in: not for an inline panel, nor once a transform made
// values of its own.
TEST(ColumnarPanel, OnlyColumnsCheckedFiniteSpareTheEngineItsScan) {
  modeling::v1::FitPanelModelRequest request;
  request.set_dependent("egov_service_quality");
  request.add_regressors("openness");
  *request.mutable_panel() = DemoPanel();
  const ColumnarPanel columns = StreamedInTwoChunks(request.panel());
  auto prepared = [&](const ColumnarPanel* on) {
    auto model_request = ModelRequestOf(request);
    EXPECT_TRUE(model_request.ok());
    if (on != nullptr) model_request->columns = on;
    auto model = PrepareModel(*model_request);
    EXPECT_TRUE(model.ok()) << model.status();
    return model->input.known_complete;
  };
  EXPECT_TRUE(prepared(&columns));
  EXPECT_FALSE(prepared(nullptr));
  auto* lag = request.mutable_model()->add_transforms();
  lag->set_column("openness");
  lag->set_lag(2);
  EXPECT_FALSE(prepared(&columns));
}

TEST(ColumnarPanel, RowsBeyondTheExpectedGrowTheBlockAndFewerCutIt) {
  const common::v1::Panel panel = DemoPanel();
  const ColumnarPanel exact = StreamedInTwoChunks(panel);
  for (const int expected : {7, panel.entity_size() + 50}) {
    const ColumnarPanel columns = StreamedInTwoChunks(panel, {}, expected);
    ASSERT_EQ(columns.values.rows(), panel.entity_size()) << expected;
    EXPECT_EQ(columns.values, exact.values) << expected;
  }
}

}  // namespace
}  // namespace govmetrics::contracts
