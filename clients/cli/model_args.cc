#include "clients/cli/model_args.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "clients/cli/choice_table.h"
#include "clients/cli/command_line.h"
#include "common/stats/panel/estimator_registry.h"
#include "common/stats/panel/variance_registry.h"

namespace govmetrics::cli {
namespace {

namespace mv1 = govmetrics::modeling::v1;

const ChoiceTable<mv1::FixedEffects>& FixedEffectsWords() {
  static const auto* table = new ChoiceTable<mv1::FixedEffects>{
      {"none", mv1::FIXED_EFFECTS_NONE},
      {"entity", mv1::FIXED_EFFECTS_ENTITY},
      {"period", mv1::FIXED_EFFECTS_PERIOD},
      {"two-way", mv1::FIXED_EFFECTS_TWO_WAY}};
  return *table;
}

// --estimator and --vcov values come from the estimator and variance registries
// (common/stats/panel/), so a new estimator or variance estimator needs no edit here.
const ChoiceTable<mv1::Estimator>& EstimatorWords() {
  static const auto* table = [] {
    auto* t = new ChoiceTable<mv1::Estimator>;
    for (const stats::EstimatorDefinition& e : stats::AllEstimators()) {
      t->emplace_back(e.cli_name, static_cast<mv1::Estimator>(e.wire_value));
    }
    return t;
  }();
  return *table;
}

const ChoiceTable<mv1::VarianceType>& VarianceWords() {
  static const auto* table = [] {
    auto* t = new ChoiceTable<mv1::VarianceType>;
    for (const stats::VarianceDefinition& v : stats::AllVariances()) {
      t->emplace_back(v.cli_name, static_cast<mv1::VarianceType>(v.wire_value));
    }
    return t;
  }();
  return *table;
}

const ChoiceTable<mv1::SmallSample>& SmallSampleWords() {
  static const auto* table = new ChoiceTable<mv1::SmallSample>{
      {"stata", mv1::SMALL_SAMPLE_STATA},
      {"fixest", mv1::SMALL_SAMPLE_FIXEST},
      {"plm", mv1::SMALL_SAMPLE_PLM},
      {"none", mv1::SMALL_SAMPLE_NONE}};
  return *table;
}

void AddSpecificationOptions(CLI::App* command, ModelOptions* o) {
  const std::string group = "Model";
  AddChoice(command, "--fe", &o->fe, Names(FixedEffectsWords()), "fixed effects")->group(group);
  AddList(command, "--absorb", &o->absorb, "LABEL,...",
          "further fixed effects absorbed (label columns, e.g. region-by-year)")->group(group);
  AddChoice(command, "--estimator", &o->estimator, Names(EstimatorWords()), "estimator")->group(group);
  AddChoice(command, "--vcov", &o->vcov, Names(VarianceWords()),
            "variance estimator (dk = Driscoll-Kraay)")->group(group);
  AddList(command, "--cluster", &o->cluster, "entity[,period|LABEL]",
          "cluster by (two names = two-way clustering; default: entity)")->group(group);
  AddChoice(command, "--small-sample", &o->small_sample, Names(SmallSampleWords()),
            "small-sample correction convention")->group(group);
  command->add_option("--max-lag", o->max_lag, "Driscoll-Kraay maximum lag (0 = floor(T^(1/4)))")
      ->type_name("K")->group(group);
  command->add_option("--level", o->level, "confidence level of the intervals")
      ->type_name("P")->group(group);
}

void AddSampleOptions(CLI::App* command, ModelOptions* o) {
  const std::string group = "Sample and transforms";
  AddList(command, "--log", &o->log, "COL,...", "take logs of these columns")->group(group);
  AddList(command, "--lag", &o->lag, "COL[:K],...", "lag these columns K periods (default 1)")
      ->group(group);
  AddList(command, "--winsorize", &o->winsorize, "COL[:LO:HI],...",
          "winsorize at these quantiles (default 0.01:0.99)")->group(group);
  AddList(command, "--drop-entities", &o->drop_entities, "NAME,...", "leave these entities out")
      ->group(group);
  command->add_option("--keep", o->keep, "keep rows whose LABEL is one of the values")
      ->type_name("LABEL=v1,v2")->group(group);
  command->add_option("--periods", o->periods, "keep periods FIRST..LAST, e.g. 2016-2021")
      ->type_name("FIRST-LAST")->group(group);
}

absl::Status AddTransforms(const ModelOptions& o, mv1::ModelSpec* spec) {
  for (const auto& c : o.log) {
    auto* t = spec->add_transforms();
    t->set_column(c);
    t->set_log(true);
  }
  for (const auto& item : o.lag) {
    std::vector<std::string> parts = absl::StrSplit(item, ':');
    int k = 1;
    if (parts.size() > 2 || (parts.size() == 2 && !absl::SimpleAtoi(parts[1], &k))) {
      return absl::InvalidArgumentError(absl::StrCat("--lag: expected COL[:K], got '", item, "'"));
    }
    auto* t = spec->add_transforms();
    t->set_column(parts[0]);
    t->set_lag(k);
  }
  for (const auto& item : o.winsorize) {
    std::vector<std::string> parts = absl::StrSplit(item, ':');
    double lo = 0.01, hi = 0.99;
    if (parts.size() == 2 || parts.size() > 3 ||
        (parts.size() == 3 && (!absl::SimpleAtod(parts[1], &lo) || !absl::SimpleAtod(parts[2], &hi)))) {
      return absl::InvalidArgumentError(absl::StrCat("--winsorize: expected COL[:LO:HI], got '", item, "'"));
    }
    auto* t = spec->add_transforms();
    t->set_column(parts[0]);
    t->mutable_winsorize()->set_lower(lo);
    t->mutable_winsorize()->set_upper(hi);
  }
  return absl::OkStatus();
}

absl::Status AddFilter(const ModelOptions& o, mv1::ModelSpec* spec) {
  for (const auto& e : o.drop_entities) spec->mutable_filter()->add_drop_entities(e);
  if (!o.keep.empty()) {
    std::vector<std::string> parts = absl::StrSplit(o.keep, absl::MaxSplits('=', 1));
    if (parts.size() != 2) return absl::InvalidArgumentError("--keep: expected LABEL=v1,v2");
    spec->mutable_filter()->set_label(parts[0]);
    for (absl::string_view v : absl::StrSplit(parts[1], ',', absl::SkipEmpty())) {
      spec->mutable_filter()->add_keep(std::string(v));
    }
  }
  if (!o.periods.empty()) {
    std::vector<std::string> parts = absl::StrSplit(o.periods, '-');
    int lo = 0, hi = 0;
    if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &lo) || !absl::SimpleAtoi(parts[1], &hi)) {
      return absl::InvalidArgumentError("--periods: expected FIRST-LAST, e.g. 2016-2021");
    }
    spec->mutable_filter()->set_period_min(lo);
    spec->mutable_filter()->set_period_max(hi);
  }
  return absl::OkStatus();
}

}  // namespace

void AddModelOptions(CLI::App* command, ModelOptions* options) {
  AddSpecificationOptions(command, options);
  AddSampleOptions(command, options);
}

absl::StatusOr<mv1::ModelSpec> ParseModelSpec(const ModelOptions& o) {
  mv1::ModelSpec spec;
  spec.set_fixed_effects(ValueOf(FixedEffectsWords(), o.fe));
  spec.set_estimator(ValueOf(EstimatorWords(), o.estimator));
  spec.mutable_variance()->set_type(ValueOf(VarianceWords(), o.vcov));
  spec.mutable_variance()->set_small_sample(ValueOf(SmallSampleWords(), o.small_sample));
  spec.mutable_variance()->set_max_lag(o.max_lag);
  for (const auto& c : o.cluster) spec.mutable_variance()->add_cluster_by(c);
  spec.set_confidence_level(o.level);
  for (const auto& a : o.absorb) spec.add_absorb(a);
  if (auto s = AddTransforms(o, &spec); !s.ok()) return s;
  if (auto s = AddFilter(o, &spec); !s.ok()) return s;
  return spec;
}

std::string DescribeSpec(const mv1::ModelSpec& spec) {
  std::string out = absl::StrCat(NameOf(EstimatorWords(), spec.estimator()), ", ",
                                 NameOf(FixedEffectsWords(), spec.fixed_effects()), " FE, ",
                                 NameOf(VarianceWords(), spec.variance().type()));
  if (spec.variance().cluster_by_size() > 0) {
    absl::StrAppend(&out, " by ", absl::StrJoin(spec.variance().cluster_by(), "+"));
  }
  absl::StrAppend(&out, ", ", NameOf(SmallSampleWords(), spec.variance().small_sample()),
                  " small-sample");
  return out;
}

}  // namespace govmetrics::cli
