// The reference panels written by other software (R haven: .dta/.sav/.zsav/.sas7bdat;
// openpyxl: .xlsx; tests/reference/files/) read back to the same Panel as the CSV, bit
// for bit, and the index weights and model fits computed from each are identical.

#include <algorithm>

#include "common/contracts/fit_request.h"
#include "common/contracts/index_request.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/files/panel_expect.h"

namespace govmetrics::files {
namespace {

using testing::ExpectSamePanel;
using testing::ReadOrDie;
using testing::ReferenceData;
using testing::ReferenceFile;

class RoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(RoundTrip, ProducReadsBackAsTheCsvPanel) {
  const auto csv = ReadOrDie(ReferenceData("produc.csv"), "state", "year");
  ASSERT_EQ(csv.entity_size(), 816);
  ExpectSamePanel(csv, ReadOrDie(ReferenceFile("produc" + GetParam()), "state", "year"));
}

TEST_P(RoundTrip, GrunfeldReadsBackAsTheCsvPanel) {
  const auto csv = ReadOrDie(ReferenceData("grunfeld.csv"), "firm", "year");
  ASSERT_EQ(csv.entity_size(), 200);
  const std::string sheet = GetParam() == ".xlsx" ? "grunfeld" : "";
  const std::string file = GetParam() == ".xlsx" ? "produc.xlsx" : "grunfeld" + GetParam();
  ExpectSamePanel(csv, ReadOrDie(ReferenceFile(file), "firm", "year", sheet));
}

modeling::v1::FitPanelModelRequest ProducFit(const common::v1::Panel& panel) {
  modeling::v1::FitPanelModelRequest request;
  *request.mutable_panel() = panel;
  request.set_dependent("gsp");
  for (const char* x : {"pcap", "pc", "emp", "unemp"}) request.add_regressors(x);
  request.set_estimator(modeling::v1::ESTIMATOR_WITHIN);
  request.set_fixed_effects(modeling::v1::FIXED_EFFECTS_TWO_WAY);
  request.mutable_variance()->set_type(modeling::v1::VARIANCE_TYPE_CLUSTER);
  request.mutable_variance()->add_cluster_by("entity");
  return request;
}

index::v1::ComputeIndexRequest GrunfeldIndex(const common::v1::Panel& panel) {
  index::v1::ComputeIndexRequest request;
  *request.mutable_panel() = panel;
  for (const char* column : {"inv", "value", "capital"}) {
    auto* indicator = request.add_indicators();
    indicator->set_column(column);
    indicator->set_direction(index::v1::DIRECTION_POSITIVE);
  }
  return request;
}

TEST_P(RoundTrip, FitsAndWeightsAreIdenticalToTheCsvOnes) {
  auto fit_csv = contracts::FitPanelModel(ProducFit(ReadOrDie(ReferenceData("produc.csv"), "state", "year")), nullptr);
  auto fit_file = contracts::FitPanelModel(ProducFit(ReadOrDie(ReferenceFile("produc" + GetParam()), "state", "year")),
                                           nullptr);
  ASSERT_TRUE(fit_csv.ok()) << fit_csv.status();
  ASSERT_TRUE(fit_file.ok()) << fit_file.status();
  ASSERT_EQ(fit_csv->coefficients_size(), 4);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*fit_csv, *fit_file));

  const std::string file = GetParam() == ".xlsx" ? "produc.xlsx" : "grunfeld" + GetParam();
  const std::string sheet = GetParam() == ".xlsx" ? "grunfeld" : "";
  auto index_csv = contracts::ComputeIndex(GrunfeldIndex(ReadOrDie(ReferenceData("grunfeld.csv"), "firm", "year")));
  auto index_file = contracts::ComputeIndex(GrunfeldIndex(ReadOrDie(ReferenceFile(file), "firm", "year", sheet)));
  ASSERT_TRUE(index_csv.ok()) << index_csv.status();
  ASSERT_TRUE(index_file.ok()) << index_file.status();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*index_csv, *index_file));
}

INSTANTIATE_TEST_SUITE_P(Formats, RoundTrip, ::testing::Values(".dta", ".sav", ".zsav", ".sas7bdat", ".xlsx"),
                         [](const auto& info) { return info.param.substr(1); });

// produc_labelled.{dta,sav}: region carries value labels (the census division names),
// unemp has missing codes in data rows 2, 100 and 816, and the period is a date.
class Labelled : public ::testing::TestWithParam<std::string> {};

TEST_P(Labelled, ValueLabelsMissingCodesAndDatesMatchTheStudyCsv) {
  const auto csv = ReadOrDie(std::string(GOVMETRICS_SOURCE_DIR) + "/data/produc/produc_study.csv", "state", "year");
  const auto file = ReadOrDie(ReferenceFile("produc_labelled" + GetParam()), "state", "year");
  ASSERT_EQ(file.entity_size(), 816);
  for (int r = 0; r < 816; ++r) {
    ASSERT_EQ(file.entity(r), csv.entity(r));
    ASSERT_EQ(file.period(r), csv.period(r)) << "a 1 January date reads as its year";
  }
  auto column = [](const common::v1::Panel& p, const std::string& name) {
    for (const auto& c : p.columns()) if (c.name() == name) return c;
    ADD_FAILURE() << "no column " << name;
    return common::v1::Column();
  };
  auto label = [](const common::v1::Panel& p, const std::string& name) {
    for (const auto& l : p.labels()) if (l.name() == name) return l;
    ADD_FAILURE() << "no label " << name;
    return common::v1::Label();
  };
  testing::ExpectSameColumn(column(csv, "lgsp"), column(file, "lgsp"));
  // region's labels name categories; SPSS's -99 "not reported" on unemp names only a
  // missing code, which makes no label column.
  ASSERT_EQ(file.labels_size(), 1);
  const auto codes = column(file, "region");
  const auto names = label(file, "region");
  for (int r = 0; r < 816; ++r) {
    EXPECT_EQ(codes.values(r), column(csv, "region_code").values(r)) << r;
    EXPECT_EQ(names.values(r), label(csv, "region").values(r)) << r;
  }
  const auto unemp = column(file, "unemp");
  for (int r = 0; r < 816; ++r) {
    const bool coded_missing = r == 1 || r == 99 || r == 815;
    if (coded_missing) {
      EXPECT_TRUE(std::isnan(unemp.values(r))) << "row " << r << " holds a missing code";
    } else {
      EXPECT_EQ(unemp.values(r), column(csv, "unemp").values(r)) << r;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, Labelled, ::testing::Values(".dta", ".sav"),
                         [](const auto& info) { return info.param.substr(1); });

TEST(XlsxDates, DateCellsInThePeriodColumnReadAsYears) {
  ExpectSamePanel(ReadOrDie(ReferenceData("produc.csv"), "state", "year"),
                  ReadOrDie(ReferenceFile("produc_dates.xlsx"), "state", "year"));
}

TEST(WideLayout, YearbookColumnsReshapeToTheLongPanel) {
  const auto csv = ReadOrDie(ReferenceData("produc.csv"), "state", "year");
  PanelFileOptions options;
  options.entity = "state";
  options.period = "year";
  options.wide_stubs = {"gsp"};
  auto wide = ReadPanelFile(ReferenceFile("produc_wide.xlsx"), options);
  ASSERT_TRUE(wide.ok()) << wide.status();
  ASSERT_EQ(wide->entity_size(), 816);
  ASSERT_EQ(wide->columns_size(), 1);
  EXPECT_EQ(wide->columns(0).name(), "gsp");
  int gsp = 0;
  while (csv.columns(gsp).name() != "gsp") ++gsp;
  for (int r = 0; r < 816; ++r) {
    ASSERT_EQ(wide->entity(r), csv.entity(r));
    ASSERT_EQ(wide->period(r), csv.period(r));
    ASSERT_EQ(wide->columns(0).values(r), csv.columns(gsp).values(r));
  }
}

}  // namespace
}  // namespace govmetrics::files
