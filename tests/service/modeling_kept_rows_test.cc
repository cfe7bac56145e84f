// The rows a model keeps (common/contracts/kept_rows.h): every row held as a count, a
// filtered sample as a list, and PrepareModel choosing between them by what the row
// filter removes, not by whether a filter was given.
#include <string>
#include <vector>

#include "common/contracts/kept_rows.h"
#include "common/contracts/model_request.h"
#include "gtest/gtest.h"
#include "tests/workspace/test_panels.h"

namespace govmetrics::contracts {
namespace {

std::vector<int> Iterated(const KeptRows& rows) {
  std::vector<int> out;
  for (int r : rows) out.push_back(r);
  return out;
}

TEST(KeptRows, EveryRowIsACountAndAListIsItsRows) {
  const KeptRows every = KeptRows::Every(3);
  EXPECT_TRUE(every.every_row());
  EXPECT_EQ(every.size(), 3u);
  EXPECT_EQ(every[2], 2);
  EXPECT_EQ(Iterated(every), std::vector<int>({0, 1, 2}));

  const KeptRows listed = KeptRows::Listed({1, 4, 6});
  EXPECT_FALSE(listed.every_row());
  EXPECT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[1], 4);
  EXPECT_EQ(Iterated(listed), std::vector<int>({1, 4, 6}));
  EXPECT_TRUE(KeptRows().empty());
}

// MakeTestPanel(4, 5): entities E1, E2 and 省0, 省3 (every third), periods 2000-2004,
// region east for even entities; x is NaN in row 4 (kept: NaN is the engine's to drop).
ModelRequest RequestOn(const common::v1::Panel& panel) {
  ModelRequest request;
  request.panel = &panel;
  request.dependent = "y";
  request.regressors = {"x"};
  return request;
}

TEST(KeptRows, PrepareModelKeepsEveryRowUnlessTheFilterRemovesOne) {
  const common::v1::Panel panel = testing::MakeTestPanel(4, 5);
  ModelRequest request = RequestOn(panel);
  auto unfiltered = PrepareModel(request);
  ASSERT_TRUE(unfiltered.ok()) << unfiltered.status();
  EXPECT_TRUE(unfiltered->source_rows.every_row());
  EXPECT_EQ(unfiltered->source_rows.size(), 20u);
  EXPECT_EQ(unfiltered->rows_filtered_out, 0);

  request.spec.mutable_filter()->set_period_min(2000);  // a filter that removes nothing
  auto keeps_all = PrepareModel(request);
  ASSERT_TRUE(keeps_all.ok()) << keeps_all.status();
  EXPECT_TRUE(keeps_all->source_rows.every_row());

  request.spec.mutable_filter()->set_period_min(2003);
  request.spec.mutable_filter()->set_label("region");
  request.spec.mutable_filter()->add_keep("west");  // entities 1 and 3
  auto filtered = PrepareModel(request);
  ASSERT_TRUE(filtered.ok()) << filtered.status();
  EXPECT_FALSE(filtered->source_rows.every_row());
  EXPECT_EQ(Iterated(filtered->source_rows), std::vector<int>({8, 9, 18, 19}));
  EXPECT_EQ(filtered->rows_filtered_out, 16);
  ASSERT_EQ(filtered->input.y.size(), 4);
  EXPECT_EQ(filtered->input.y[2], panel.columns(1).values(18));
  EXPECT_EQ(filtered->input.period[1], 2004);
}

TEST(KeptRows, FilterMistakesAreStillNamed) {
  const common::v1::Panel panel = testing::MakeTestPanel(4, 5);
  ModelRequest request = RequestOn(panel);
  request.spec.mutable_filter()->add_keep("west");  // no label to filter on
  auto no_label = PrepareModel(request);
  ASSERT_FALSE(no_label.ok());
  EXPECT_NE(std::string(no_label.status().message()).find("filter.label"), std::string::npos)
      << no_label.status();

  request.spec.mutable_filter()->clear_keep();
  request.spec.mutable_filter()->set_period_min(2100);
  auto none_left = PrepareModel(request);
  ASSERT_FALSE(none_left.ok());
  EXPECT_NE(std::string(none_left.status().message()).find("removes every row"), std::string::npos)
      << none_left.status();
}

}  // namespace
}  // namespace govmetrics::contracts
