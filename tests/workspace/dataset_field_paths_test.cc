// A by-reference refusal names the dataset's rows and columns (dataset_field_paths.h).
#include "common/workspace_client/dataset_field_paths.h"

#include "common/contracts/field_violations.h"
#include "gtest/gtest.h"

namespace govmetrics::workspace_client {
namespace {

const ReadPanelNames kNames{{"y", "GDP per capita", "x"}, {"region"}};

TEST(DatasetFieldPathTest, CellsBecomeRowAndColumnOfTheDataset) {
  EXPECT_EQ(DatasetFieldPath("panel.columns[0].values[17]", kNames), "dataset.rows[17].y");
  EXPECT_EQ(DatasetFieldPath("panel.columns[1].values[3]", kNames),
            "dataset.rows[3][\"GDP per capita\"]");
  EXPECT_EQ(DatasetFieldPath("panel.labels[0].values[9]", kNames), "dataset.rows[9].region");
  EXPECT_EQ(DatasetFieldPath("panel.period[4]", kNames), "dataset.rows[4].period");
  EXPECT_EQ(DatasetFieldPath("panel.entity[5]", kNames), "dataset.rows[5].entity");
}

TEST(DatasetFieldPathTest, ColumnsAndOtherPanelPathsNameTheDataset) {
  EXPECT_EQ(DatasetFieldPath("panel.columns[2]", kNames), "dataset.columns.x");
  EXPECT_EQ(DatasetFieldPath("panel.columns[2].name", kNames), "dataset.columns.x.name");
  EXPECT_EQ(DatasetFieldPath("panel.entity", kNames), "dataset.entity");
  EXPECT_EQ(DatasetFieldPath("panel", kNames), "dataset");
  // An index the read panel does not have stays an index (never a wrong name).
  EXPECT_EQ(DatasetFieldPath("panel.columns[7].values[1]", kNames),
            "dataset.columns[7].values[1]");
}

TEST(DatasetFieldPathTest, OtherPathsAreUnchanged) {
  EXPECT_EQ(DatasetFieldPath("regressors[1]", kNames), "regressors[1]");
  EXPECT_EQ(DatasetFieldPath("panelist", kNames), "panelist");
  EXPECT_EQ(DatasetFieldPath("spec.steps[0].panel", kNames), "spec.steps[0].panel");
}

TEST(InDatasetTermsTest, RewritesViolationsMessageAndPreconditionSubjects) {
  contracts::FieldViolations violations;
  violations.Add("panel.columns[0].values[17]", "infinite value in column 'y'");
  violations.Add("regressors[0]", "no column 'z' in panel");
  const absl::Status status = InDatasetTerms(violations.ToStatus(), kNames);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "dataset.rows[17].y: infinite value in column 'y' (and 1 more violation)");
  const auto rewritten = contracts::ViolationsOf(status);
  ASSERT_EQ(rewritten.size(), 2u);
  EXPECT_EQ(rewritten[0].first, "dataset.rows[17].y");
  EXPECT_EQ(rewritten[1].first, "regressors[0]");

  const absl::Status precondition = InDatasetTerms(
      contracts::FailedPreconditionOn("panel.columns[2]", "every value is missing"), kNames);
  EXPECT_EQ(precondition.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(precondition.message(), "dataset.columns.x: every value is missing");
  EXPECT_TRUE(precondition.GetPayload(contracts::kPreconditionFailureTypeUrl).has_value());
  EXPECT_TRUE(InDatasetTerms(absl::OkStatus(), kNames).ok());
  EXPECT_EQ(InDatasetTerms(absl::NotFoundError("datasets/x"), kNames).message(), "datasets/x");
}

}  // namespace
}  // namespace govmetrics::workspace_client
