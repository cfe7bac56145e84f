// common/workspace_client without a server: the cache's LRU bound, which columns a
// request names, the panel-or-dataset rule, and the fingerprint a by-reference call
// reports. The reads themselves run against real binaries in
// compute_by_reference_e2e_test.py.
#include <memory>

#include "common/contracts/field_violations.h"
#include "common/contracts/panel_view.h"
#include "common/contracts/provenance.h"
#include "common/workspace_client/panel_cache.h"
#include "common/workspace_client/panel_source.h"
#include "common/workspace_client/request_columns.h"
#include "govmetrics/modeling/v1/panel_model.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"

namespace govmetrics::workspace_client {
namespace {

std::shared_ptr<const common::v1::Panel> PanelOf(const char* entity) {
  auto panel = std::make_shared<common::v1::Panel>();
  panel->add_entity(entity);
  panel->add_period(2020);
  return panel;
}

TEST(PanelCache, EvictsTheLeastRecentlyUsedToStayWithinItsBytes) {
  PanelCache cache(100);
  cache.Insert("a", PanelOf("A"), 40);
  cache.Insert("b", PanelOf("B"), 40);
  ASSERT_NE(cache.Find("a"), nullptr);  // "a" is now the most recent
  cache.Insert("c", PanelOf("C"), 40);  // 120 > 100: "b" goes
  EXPECT_EQ(cache.Find("b"), nullptr);
  EXPECT_EQ(cache.Find("a")->entity(0), "A");
  EXPECT_EQ(cache.Find("c")->entity(0), "C");
  EXPECT_EQ(cache.bytes(), 80u);
  EXPECT_EQ(cache.entries(), 2u);
}

TEST(PanelCache, KeepsNothingLargerThanItsBudgetAndReplacesAKey) {
  PanelCache cache(100);
  cache.Insert("big", PanelOf("B"), 101);
  EXPECT_EQ(cache.Find("big"), nullptr);
  cache.Insert("a", PanelOf("A"), 60);
  cache.Insert("a", PanelOf("A2"), 30);
  EXPECT_EQ(cache.Find("a")->entity(0), "A2");
  EXPECT_EQ(cache.bytes(), 30u);
  PanelCache disabled(0);
  disabled.Insert("a", PanelOf("A"), 1);
  EXPECT_EQ(disabled.Find("a"), nullptr);
}

TEST(RequestColumns, SelectsEveryNamedColumnAndLabelInDatasetOrder) {
  workspace::v1::Dataset dataset;
  for (const char* c : {"x1", "y", "x2", "unused"}) dataset.add_columns(c);
  for (const char* l : {"name", "region3"}) dataset.add_labels(l);
  modeling::v1::FitPanelModelRequest request;
  request.set_dependent("y");
  request.add_regressors("x2");
  request.add_regressors("x1");
  request.mutable_model()->mutable_variance()->add_cluster_by("region3");  // nested message
  request.set_dataset("datasets/d1");
  workspace::v1::ReadDatasetRequest read;
  SelectNamedColumns(dataset, request, &read);
  EXPECT_EQ(std::vector<std::string>(read.columns().begin(), read.columns().end()),
            (std::vector<std::string>{"x1", "y", "x2"}));
  EXPECT_EQ(std::vector<std::string>(read.labels().begin(), read.labels().end()),
            std::vector<std::string>{"region3"});
}

TEST(RequestColumns, StringsInsideAPanelAreDataNotReferences) {
  workspace::v1::Dataset dataset;
  dataset.add_columns("unused");
  modeling::v1::FitPanelModelRequest request;
  request.mutable_panel()->add_entity("unused");
  workspace::v1::ReadDatasetRequest read;
  SelectNamedColumns(dataset, request, &read);
  EXPECT_EQ(read.columns_size(), 0);
}

TEST(PanelSource, PanelAndDatasetTogetherOrABadNameNameTheDatasetField) {
  grpc::ServerContext caller;
  auto both = ReadReferencedDataset(caller, "datasets/d1", /*has_panel=*/true, nullptr, nullptr);
  ASSERT_TRUE(absl::IsInvalidArgument(both.status()));
  EXPECT_EQ(contracts::ViolationsOf(both.status()).at(0).first, "dataset");
  for (const char* name : {"d1", "datasets/", "datasets/a/b", "projects/p/datasets/d"}) {
    auto bad = ReadReferencedDataset(caller, name, false, nullptr, nullptr);
    ASSERT_TRUE(absl::IsInvalidArgument(bad.status())) << name;
    EXPECT_EQ(contracts::ViolationsOf(bad.status()).at(0).first, "dataset");
  }
  auto unconfigured = ReadReferencedDataset(caller, "datasets/d1", false, nullptr, nullptr);
  EXPECT_TRUE(absl::IsFailedPrecondition(unconfigured.status()));
  EXPECT_NE(unconfigured.status().message().find("--workspace_address"), std::string::npos);
}

TEST(PanelSource, AnInlinePanelIsLentNotCopied) {
  modeling::v1::FitPanelModelRequest request;
  request.mutable_panel()->add_entity("A");
  grpc::ServerContext caller;
  auto panel = WholePanelOf(caller, request, nullptr);
  ASSERT_TRUE(panel.ok());
  EXPECT_EQ(panel->panel.get(), &request.panel());
}

TEST(KnownFingerprint, ProvenanceReportsItForThatPanelOnly) {
  common::v1::Panel read, other;
  read.add_entity("A");
  other.add_entity("B");
  common::v1::Provenance provenance;
  {
    contracts::KnownFingerprint known(&read, "stored-fingerprint");
    contracts::StartProvenance("s", read, &provenance);
    EXPECT_EQ(provenance.input_fingerprint(), "stored-fingerprint");
    contracts::StartProvenance("s", other, &provenance);
    EXPECT_EQ(provenance.input_fingerprint(), contracts::PanelFingerprint(other));
  }
  contracts::StartProvenance("s", read, &provenance);
  EXPECT_EQ(provenance.input_fingerprint(), contracts::PanelFingerprint(read));
}

}  // namespace
}  // namespace govmetrics::workspace_client
