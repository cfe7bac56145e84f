// Spec validation (services/reporting/spec_validation.h) on the demo panel: each kind of
// bad entry is refused with its BadRequest field path into the spec, every problem of a
// spec is listed at once, and the committed study specs pass. No servers.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

#include "common/contracts/field_violations.h"
#include "gtest/gtest.h"
#include "services/reporting/panel_edits.h"
#include "services/reporting/spec_validation.h"
#include "tests/reporting/in_process_services.h"

namespace govmetrics::reporting {
namespace {

class SpecValidationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto panel = testing::LoadPanel("data/demo/study_panel.csv");
    auto spec = testing::LoadSpec("data/demo/study_spec_en.json");
    ASSERT_TRUE(panel.ok() && spec.ok());
    panel_ = *panel;
    spec_ = *spec;
  }

  // field path -> reason, for the current spec_.
  std::map<std::string, std::string> Problems() const {
    const absl::Status status = ValidateStudySpec(panel_, spec_);
    std::map<std::string, std::string> problems;
    if (status.ok()) return problems;
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    for (const auto& [field, reason] : contracts::ViolationsOf(status)) problems[field] = reason;
    EXPECT_FALSE(problems.empty()) << "INVALID_ARGUMENT without BadRequest field paths: " << status;
    return problems;
  }
  // The only problem is at `field`, and its reason contains `reason`.
  void ExpectOnly(const std::string& field, const std::string& reason) const {
    const auto problems = Problems();
    ASSERT_EQ(problems.size(), 1u) << "problems: " << problems.size();
    ASSERT_EQ(problems.begin()->first, field);
    EXPECT_NE(problems.begin()->second.find(reason), std::string::npos) << problems.begin()->second;
  }
  v1::RobustnessSpec* Check(int i) { return spec_.mutable_robustness(i); }

  common::v1::Panel panel_;
  v1::StudySpec spec_;
};

TEST_F(SpecValidationTest, CommittedSpecsAreValid) {
  EXPECT_TRUE(Problems().empty());
  auto produc_panel = testing::LoadPanel("data/produc/produc_study.csv", "state", "year");
  auto produc_spec = testing::LoadSpec("data/produc/study_spec.json");
  ASSERT_TRUE(produc_panel.ok() && produc_spec.ok());
  EXPECT_TRUE(ValidateStudySpec(*produc_panel, *produc_spec).ok());
}

TEST_F(SpecValidationTest, MissingVariablesAreEachNamed) {
  spec_.clear_explanatory();
  spec_.clear_outcome();
  const auto problems = Problems();
  EXPECT_EQ(problems.count("spec.explanatory"), 1u);
  EXPECT_EQ(problems.count("spec.outcome"), 1u);
}

TEST_F(SpecValidationTest, VariableWithNeitherColumnNorIndex) {
  spec_.mutable_mediators(0)->clear_source();
  ExpectOnly("spec.mediators[0]", "give a column or an index definition");
}

TEST_F(SpecValidationTest, MissingColumnsNamedWhereverTheSpecUsesThem) {
  spec_.set_controls(2, "urbanisation_typo");
  spec_.mutable_mediators(1)->set_column("no_mediator");
  spec_.mutable_outcome()->mutable_index()->mutable_indicators(3)->set_column("no_indicator");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_NE(problems.at("spec.controls[2]").find("no numeric column 'urbanisation_typo'"), std::string::npos);
  EXPECT_EQ(problems.count("spec.mediators[1].column"), 1u);
  EXPECT_EQ(problems.count("spec.outcome.index.indicators[3].column"), 1u);
}

TEST_F(SpecValidationTest, IndexUsedBeforeItIsDefined) {
  // The outcome index cannot read the explanatory index: indicators come from the panel.
  spec_.mutable_outcome()->mutable_index()->mutable_indicators(0)->set_column("digital_empowerment");
  ExpectOnly("spec.outcome.index.indicators[0].column", "index 'digital_empowerment' is used before it is defined");
}

TEST_F(SpecValidationTest, IndexNameClashes) {
  spec_.mutable_explanatory()->mutable_index()->set_name("openness");  // a panel column
  ExpectOnly("spec.explanatory.index.name", "'openness' is a column of the panel");
  SetUp();
  *spec_.mutable_mediators(0)->mutable_index() = spec_.outcome().index();
  ExpectOnly("spec.mediators[0].index.name", "is defined twice");
}

TEST_F(SpecValidationTest, UnknownLabelColumns) {
  spec_.set_group_by("region9");
  spec_.set_entity_label("name_fr");
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems.at("spec.group_by").find("no label column 'region9'"), std::string::npos);
  EXPECT_EQ(problems.count("spec.entity_label"), 1u);
}

TEST_F(SpecValidationTest, RangesAndFormats) {
  spec_.set_permutations(-1);
  spec_.mutable_bootstrap()->set_replications(1000000);
  spec_.set_wild_bootstrap_replications(-5);
  spec_.add_formats(v1::FORMAT_UNSPECIFIED);
  const auto problems = Problems();
  EXPECT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems.count("spec.permutations"), 1u);
  EXPECT_EQ(problems.count("spec.bootstrap.replications"), 1u);
  EXPECT_EQ(problems.count("spec.wild_bootstrap_replications"), 1u);
  EXPECT_EQ(problems.count(absl::StrCat("spec.formats[", spec_.formats_size() - 1, "]")), 1u);
}

TEST_F(SpecValidationTest, UnspecifiedCheck) {
  spec_.add_robustness();
  ExpectOnly(absl::StrCat("spec.robustness[", spec_.robustness_size() - 1, "].check"), "unspecified");
}

TEST_F(SpecValidationTest, DropSubsetNamesEachUnknownEntity) {
  ASSERT_EQ(Check(3)->check(), v1::ROBUSTNESS_CHECK_DROP_SUBSET);
  Check(3)->set_drop_entities(1, "Atlantis");
  ExpectOnly("spec.robustness[3].drop_entities[1]", "no entity 'Atlantis'");
  Check(3)->clear_drop_entities();
  ExpectOnly("spec.robustness[3].drop_entities", "name the entities to drop");
}

TEST_F(SpecValidationTest, LagAndWinsorBounds) {
  ASSERT_EQ(Check(0)->check(), v1::ROBUSTNESS_CHECK_LAGGED_REGRESSOR);
  Check(0)->set_lag(40);
  ExpectOnly("spec.robustness[0].lag", "lag must be in [0, ");
  SetUp();
  ASSERT_EQ(Check(1)->check(), v1::ROBUSTNESS_CHECK_WINSORIZED);
  Check(1)->set_winsor_lower(0.9);
  Check(1)->set_winsor_upper(0.1);
  ExpectOnly("spec.robustness[1].winsor_lower", "0 <= winsor_lower < winsor_upper <= 1");
}

TEST_F(SpecValidationTest, ReweightingNeedsAnIndex) {
  spec_.mutable_explanatory()->set_column("digital_infrastructure");
  ASSERT_EQ(Check(2)->check(), v1::ROBUSTNESS_CHECK_ALTERNATIVE_WEIGHTING);
  ExpectOnly("spec.robustness[2].check", "the explanatory variable is a column");
}

// The robustness menu: each entry with a missing or bad parameter.
class MenuValidationTest : public SpecValidationTest {
 protected:
  v1::RobustnessSpec* Add(v1::RobustnessCheck kind) {
    auto* check = spec_.add_robustness();
    check->set_check(kind);
    path_ = absl::StrCat("spec.robustness[", spec_.robustness_size() - 1, "]");
    return check;
  }
  std::string path_;
};

TEST_F(MenuValidationTest, CommittedMenuSpecsAreValid) {
  for (const char* lang : {"en", "zh"}) {
    auto spec = testing::LoadSpec(absl::StrCat("data/demo/study_spec_menu_", lang, ".json"));
    ASSERT_TRUE(spec.ok()) << spec.status();
    EXPECT_TRUE(ValidateStudySpec(panel_, *spec).ok()) << ValidateStudySpec(panel_, *spec);
    auto produc_panel = testing::LoadPanel("data/produc/produc_study.csv", "state", "year");
    auto produc = testing::LoadSpec(absl::StrCat("data/produc/study_spec_menu_", lang, ".json"));
    ASSERT_TRUE(produc_panel.ok() && produc.ok());
    EXPECT_TRUE(ValidateStudySpec(*produc_panel, *produc).ok()) << ValidateStudySpec(*produc_panel, *produc);
  }
}

TEST_F(MenuValidationTest, AlternativeVariable) {
  Add(v1::ROBUSTNESS_CHECK_ALTERNATIVE_OUTCOME);
  ExpectOnly(path_ + ".variable", "give the variable used instead");
  spec_.mutable_robustness(spec_.robustness_size() - 1)->mutable_variable()->set_column("no_such_outcome");
  ExpectOnly(path_ + ".variable.column", "no numeric column 'no_such_outcome'");
  SetUp();
  auto* check = Add(v1::ROBUSTNESS_CHECK_ALTERNATIVE_EXPLANATORY);
  *check->mutable_variable()->mutable_index() = spec_.explanatory().index();
  check->mutable_variable()->mutable_index()->clear_name();
  ExpectOnly(path_ + ".variable.index.name", "name the index");
  check->mutable_variable()->mutable_index()->set_name("governance_efficiency");  // the outcome index
  ExpectOnly(path_ + ".variable.index.name", "is defined twice");
  check->mutable_variable()->mutable_index()->set_name("x_equal");
  check->mutable_variable()->mutable_index()->mutable_indicators(2)->set_column("no_indicator");
  ExpectOnly(path_ + ".variable.index.indicators[2].column", "no numeric column 'no_indicator'");
}

TEST_F(MenuValidationTest, AlternativeEstimator) {
  auto* check = Add(v1::ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR);
  ExpectOnly(path_ + ".estimator", "name an estimator other than the baseline's");
  check->set_estimator(modeling::v1::ESTIMATOR_WITHIN);
  ExpectOnly(path_ + ".estimator", "name an estimator other than the baseline's");
  check->set_estimator(modeling::v1::ESTIMATOR_IV);
  ExpectOnly(path_ + ".instruments", "name the instruments");
  check->add_instruments("no_instrument");
  ExpectOnly(path_ + ".instruments[0]", "no numeric column 'no_instrument'");
  check->set_estimator(modeling::v1::ESTIMATOR_RANDOM_EFFECTS);
  check->set_instruments(0, "openness");
  ExpectOnly(path_ + ".instruments", "takes no instruments");
  check->clear_instruments();
  // The between estimator has no clustered variance: the study's convention does not fit.
  check->set_estimator(modeling::v1::ESTIMATOR_BETWEEN);
  ExpectOnly(path_ + ".estimator", "set this check's variance");
  check->mutable_variance()->set_type(modeling::v1::VARIANCE_TYPE_DRISCOLL_KRAAY);
  ExpectOnly(path_ + ".variance.type", "estimator between supports");
  check->mutable_variance()->set_type(modeling::v1::VARIANCE_TYPE_HC1);
  EXPECT_TRUE(Problems().empty());
}

TEST_F(MenuValidationTest, DynamicPanelGmm) {
  auto* check = Add(v1::ROBUSTNESS_CHECK_DYNAMIC_PANEL_GMM);
  EXPECT_TRUE(Problems().empty());  // the defaults need nothing
  check->mutable_gmm()->set_min_lag(1);
  ExpectOnly(path_ + ".gmm.min_lag", "at least 2");
  check->mutable_gmm()->set_min_lag(3);
  check->mutable_gmm()->set_max_lag(2);
  ExpectOnly(path_ + ".gmm.max_lag", "at least min_lag (3)");
  check->mutable_gmm()->set_max_lag(0);
  check->mutable_gmm()->set_min_lag(7);  // the demo panel has 7 periods
  ExpectOnly(path_ + ".check", "needs at least 8 periods");
  check->mutable_gmm()->clear_min_lag();
  check->mutable_gmm()->set_outcome_lags(6);  // y(t-6) leaves no differenced row in 7 periods
  ExpectOnly(path_ + ".check", "needs at least 8 periods (the outcome's 6 lag(s)");
  check->mutable_gmm()->set_outcome_lags(-1);
  ExpectOnly(path_ + ".gmm.outcome_lags", "0 (meaning 1) or a positive number");
  check->mutable_gmm()->clear_outcome_lags();
  check->mutable_gmm()->set_transformation(static_cast<modeling::v1::GmmTransformation>(9));
  ExpectOnly(path_ + ".gmm.transformation", "unknown transformation");
  check->mutable_gmm()->clear_transformation();
  // GMM's standard errors are its own: a variance convention would be ignored.
  check->mutable_variance()->set_type(modeling::v1::VARIANCE_TYPE_HC1);
  ExpectOnly(path_ + ".variance", "GMM has its own standard errors");
  check->clear_variance();
  check->set_estimator(modeling::v1::ESTIMATOR_IV);
  ExpectOnly(path_ + ".estimator", "set its options in gmm");
  check->clear_estimator();
  check->add_instruments("open_data_platforms");
  ExpectOnly(path_ + ".instruments", "remove instruments");
  check->clear_instruments();
  // Two periods: no lagged outcome with lag-2 instruments.
  std::vector<bool> keep(panel_.period_size());
  for (int row = 0; row < panel_.period_size(); ++row) keep[row] = panel_.period(row) >= 2020;
  KeepRows(panel_, keep);
  ExpectOnly(path_ + ".check", "needs at least 3 periods");
}

TEST_F(MenuValidationTest, VarianceConvention) {
  auto* check = Add(v1::ROBUSTNESS_CHECK_VARIANCE);
  ExpectOnly(path_ + ".variance.type", "name the variance convention");
  check->mutable_variance()->set_type(modeling::v1::VARIANCE_TYPE_CLUSTER);
  check->mutable_variance()->add_cluster_by("province_group");
  ExpectOnly(path_ + ".variance.cluster_by[0]", "no label column 'province_group'");
  check->mutable_variance()->set_cluster_by(0, "region3");
  EXPECT_TRUE(Problems().empty());
}

TEST_F(MenuValidationTest, ExcludedLabelValuesAndPeriods) {
  auto* check = Add(v1::ROBUSTNESS_CHECK_EXCLUDE_LABEL_VALUES);
  check->set_drop_label("region3");
  ExpectOnly(path_ + ".drop_label_values", "name the values to drop");
  check->add_drop_label_values("West");
  check->add_drop_label_values("Northeast");  // a region4 value, not a region3 one
  ExpectOnly(path_ + ".drop_label_values[1]", "label 'region3' has no value 'Northeast'");
  check->set_drop_label("region");
  ExpectOnly(path_ + ".drop_label", "no label column 'region'");
  SetUp();
  check = Add(v1::ROBUSTNESS_CHECK_EXCLUDE_PERIODS);
  ExpectOnly(path_ + ".drop_periods", "name the periods to drop");
  check->add_drop_periods(2020);
  check->add_drop_periods(1999);
  ExpectOnly(path_ + ".drop_periods[1]", "no period 1999");
  check->set_drop_periods(1, 2015);
  for (int year = 2016; year <= 2020; ++year) check->add_drop_periods(year);
  ExpectOnly(path_ + ".drop_periods", "keep at least two periods");
}

TEST_F(MenuValidationTest, ExtraFixedEffects) {
  auto* check = Add(v1::ROBUSTNESS_CHECK_EXTRA_FIXED_EFFECTS);
  ExpectOnly(path_ + ".fixed_effects", "name the effects to add");
  check->add_fixed_effects()->add_labels("period");
  ExpectOnly(path_ + ".fixed_effects[0].labels", "period effects are in the baseline");
  check->mutable_fixed_effects(0)->add_labels("region7");
  ExpectOnly(path_ + ".fixed_effects[0].labels[1]", "no label column 'region7'");
  check->mutable_fixed_effects(0)->set_labels(1, "region3");
  EXPECT_TRUE(Problems().empty());
}

TEST_F(MenuValidationTest, TrimmingPlaceboAndTrends) {
  auto* trim = Add(v1::ROBUSTNESS_CHECK_TRIMMED);
  trim->set_winsor_lower(0.5);
  trim->set_winsor_upper(0.2);
  ExpectOnly(path_ + ".winsor_lower", "0 <= winsor_lower < winsor_upper <= 1");
  SetUp();
  Add(v1::ROBUSTNESS_CHECK_PLACEBO)->set_placebo_draws(100000);
  ExpectOnly(path_ + ".placebo_draws", "placebo_draws must be in [0, 2000]");
  SetUp();
  Add(v1::ROBUSTNESS_CHECK_ENTITY_TRENDS);
  EXPECT_TRUE(Problems().empty());
  common::v1::Panel two_periods = panel_;
  std::vector<bool> keep;
  for (int row = 0; row < panel_.period_size(); ++row) keep.push_back(panel_.period(row) <= 2016);
  KeepRows(two_periods, keep);
  const auto problems = contracts::ViolationsOf(ValidateStudySpec(two_periods, spec_));
  bool named = false;
  for (const auto& [field, reason] : problems) named |= field == path_ + ".check" && reason.find("3 periods") != std::string::npos;
  EXPECT_TRUE(named);
}

TEST_F(SpecValidationTest, EveryProblemAtOnce) {
  spec_.clear_outcome();
  spec_.set_group_by("region9");
  Check(3)->set_drop_entities(0, "Atlantis");
  spec_.add_robustness();
  EXPECT_EQ(Problems().size(), 4u);
}

// The analysis sections (section_validation.h): every bad entry of every section is
// listed in the one status, with its path into the spec.
TEST_F(SpecValidationTest, EveryBadSectionEntryAtOnce) {
  auto* moderation = spec_.mutable_moderation();
  moderation->add_moderators()->mutable_variable()->set_column("urbanization");  // fine
  moderation->add_moderators()->mutable_variable()->set_column("no_moderator");
  auto* label_with_values = moderation->add_moderators();
  label_with_values->mutable_variable()->set_column("region3");
  label_with_values->add_values(1.0);
  auto* unknown_level = moderation->add_moderators();
  unknown_level->mutable_variable()->set_column("region3");
  unknown_level->set_reference_level("Atlantis");
  spec_.mutable_endogeneity()->add_instruments("no_instrument");
  spec_.mutable_endogeneity()->add_instruments("openness");  // a control
  spec_.mutable_coupling()->set_first("digital_empowerment");
  spec_.mutable_coupling()->set_second("governance_efficency");  // misspelt
  spec_.mutable_coupling()->set_first_weight(1.5);
  auto* evolution = spec_.mutable_spatio_temporal();
  evolution->add_variables("no_variable");
  evolution->set_group_label("region9");
  evolution->set_markov_classes(1);
  auto* spatial = spec_.mutable_spatial();
  spatial->set_effect_draws(1);
  spatial->set_permutations(-2);
  auto* unit = spatial->mutable_weights()->mutable_adjacency()->add_units();
  unit->set_entity("Atlantis");
  unit->add_neighbours("Beijing");
  spec_.mutable_threshold()->set_threshold_variable("no_threshold_variable");
  spec_.mutable_threshold()->set_max_thresholds(4);
  spec_.mutable_threshold()->set_bootstrap_replications(-1);
  const auto problems = Problems();
  for (const char* field :
       {"spec.moderation.moderators[1].variable", "spec.moderation.moderators[2].values",
        "spec.moderation.moderators[3].reference_level", "spec.endogeneity.instruments[0]",
        "spec.endogeneity.instruments[1]", "spec.coupling.second", "spec.coupling.first_weight",
        "spec.spatio_temporal.variables[0]", "spec.spatio_temporal.group_label", "spec.spatio_temporal.markov_classes",
        "spec.spatial.effect_draws", "spec.spatial.permutations", "spec.spatial.weights.adjacency.units[0].entity",
        "spec.threshold.threshold_variable", "spec.threshold.max_thresholds",
        "spec.threshold.bootstrap_replications"}) {
    EXPECT_EQ(problems.count(field), 1u) << field;
  }
  EXPECT_EQ(problems.count("spec.moderation.moderators[0].variable"), 0u);
  EXPECT_NE(problems.at("spec.spatial.weights.adjacency.units[0].entity").find("Atlantis"), std::string::npos);
  // The 31 provinces the list lacks are one entry: they must not crowd out the rest.
  EXPECT_NE(problems.at("spec.spatial.weights.adjacency.units").find("(and 30 more)"), std::string::npos);
  EXPECT_EQ(contracts::ViolationsOf(ValidateStudySpec(panel_, spec_)).size(), problems.size());
  EXPECT_NE(problems.at("spec.coupling.second").find("governance_efficency"), std::string::npos);
}

// A section's variables may name any index the spec defines (each a column once built).
TEST_F(SpecValidationTest, SectionsMayNameTheSpecsIndices) {
  auto* moderator = spec_.mutable_moderation()->add_moderators();
  *moderator->mutable_variable()->mutable_index() = spec_.outcome().index();
  moderator->mutable_variable()->mutable_index()->set_name("governance_again");
  spec_.mutable_spatial()->add_variables("governance_again");
  spec_.mutable_spatio_temporal()->add_variables("digital_empowerment");
  spec_.mutable_threshold()->set_threshold_variable("governance_efficiency");
  spec_.mutable_endogeneity()->add_instruments("governance_again");
  EXPECT_TRUE(Problems().empty());
  moderator->mutable_variable()->mutable_index()->mutable_indicators(0)->set_column("no_indicator");
  ExpectOnly("spec.moderation.moderators[0].variable.index.indicators[0].column", "no numeric column");
}

TEST_F(SpecValidationTest, ModeratorIsNotTheExplanatoryVariable) {
  spec_.mutable_moderation()->add_moderators()->mutable_variable()->set_column("digital_empowerment");
  ExpectOnly("spec.moderation.moderators[0].variable", "the explanatory variable");
  spec_.mutable_moderation()->clear_moderators();
  ExpectOnly("spec.moderation.moderators", "at least one moderator");
}

// The lagged-regressor recipe needs two periods left after the lag; its lag is
// meaningless next to named instruments.
TEST_F(SpecValidationTest, EndogeneityLagFitsThePanel) {
  spec_.mutable_endogeneity()->set_lag(6);  // 7 periods: one left
  ExpectOnly("spec.endogeneity.lag", "leaves fewer than two of the panel's 7 periods");
  spec_.mutable_endogeneity()->set_lag(5);
  EXPECT_TRUE(Problems().empty());
  spec_.mutable_endogeneity()->add_instruments("internet_penetration");
  ExpectOnly("spec.endogeneity.lag", "with named instruments leave it 0");
  spec_.mutable_endogeneity()->set_lag(-1);
  ExpectOnly("spec.endogeneity.lag", ">= 0");
}

// Without weights the spatial section assumes China's provinces: a US panel is told so.
TEST(SectionValidation, SpatialDefaultWeightsNeedChinasProvinces) {
  auto panel = testing::LoadPanel("data/produc/produc_study.csv", "state", "year");
  auto spec = testing::LoadSpec("data/produc/study_spec.json");
  ASSERT_TRUE(panel.ok() && spec.ok());
  spec->mutable_spatial()->set_enabled(true);
  const auto violations = contracts::ViolationsOf(ValidateStudySpec(*panel, *spec));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].first, "spec.spatial.weights");
  EXPECT_NE(violations[0].second.find("contiguity of China's provinces"), std::string::npos) << violations[0].second;
  EXPECT_NE(violations[0].second.find("more)"), std::string::npos) << violations[0].second;
}

// The spatial model and the threshold regression need every entity in every period: an
// unbalanced panel is refused up front, by the services' own definition of balanced.
TEST_F(SpecValidationTest, SpatialAndThresholdSectionsNeedABalancedPanel) {
  std::vector<bool> keep(panel_.entity_size(), true);
  keep[3] = false;  // one province-year
  KeepRows(panel_, keep);
  const auto problems = Problems();
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems.at("spec.spatial.enabled").find("unbalanced panel"), std::string::npos);
  EXPECT_NE(problems.at("spec.threshold.enabled").find("the threshold regression needs every entity"),
            std::string::npos);
  spec_.mutable_spatial()->set_enabled(false);
  spec_.mutable_threshold()->set_enabled(false);
  EXPECT_TRUE(Problems().empty());
}

}  // namespace
}  // namespace govmetrics::reporting
