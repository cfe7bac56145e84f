#include "services/reporting/render/json_renderer.h"

#include <string>

#include "google/protobuf/util/field_comparator.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/render/report_fixture.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
using testing::FixtureReport;

TEST(JsonRenderer, RoundTripsToTheSameReportIncludingNaN) {
  for (auto language : {rv1::LANGUAGE_EN, rv1::LANGUAGE_ZH}) {
    const rv1::Report report = FixtureReport(language);
    const std::string json = RenderJson(report);
    rv1::Report parsed;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok());
    google::protobuf::util::DefaultFieldComparator comparator;
    comparator.set_treat_nan_as_equal(true);
    google::protobuf::util::MessageDifferencer differencer;
    differencer.set_field_comparator(&comparator);
    std::string diff;
    differencer.ReportDifferencesToString(&diff);
    EXPECT_TRUE(differencer.Compare(report, parsed)) << diff;
  }
}

TEST(JsonRenderer, UsesProtoFieldNamesAndEnumNames) {
  const std::string json = RenderJson(FixtureReport(rv1::LANGUAGE_EN));
  EXPECT_NE(json.find("\"table_ids\""), std::string::npos);
  EXPECT_NE(json.find("\"cell_refs\""), std::string::npos);
  EXPECT_EQ(json.find("\"tableIds\""), std::string::npos);
  EXPECT_NE(json.find("\"ROW_KIND_STD_ERROR\""), std::string::npos);
  EXPECT_NE(json.find("\"NaN\""), std::string::npos);  // the missing 2017 value of the Northeast
  EXPECT_EQ(json.back(), '\n');
}

TEST(JsonRenderer, KeepsChineseAsUtf8) {
  const std::string json = RenderJson(FixtureReport(rv1::LANGUAGE_ZH));
  EXPECT_NE(json.find("\"内蒙古\""), std::string::npos);
}

}  // namespace
}  // namespace govmetrics::reporting
