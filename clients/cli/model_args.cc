#include "clients/cli/model_args.h"

#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace govmetrics::cli {
namespace {

namespace mv1 = govmetrics::modeling::v1;

template <typename E>
absl::StatusOr<E> Lookup(const std::map<std::string, E>& table, const std::string& key,
                         const std::string& value) {
  auto it = table.find(value);
  if (it == table.end()) {
    std::vector<std::string> names;
    for (const auto& [name, unused] : table) names.push_back(name);
    return absl::InvalidArgumentError(absl::StrCat("--", key, ": unknown '", value, "' (one of ",
                                                   absl::StrJoin(names, ", "), ")"));
  }
  return it->second;
}

}  // namespace

std::set<std::string> ModelSpecKeys() {
  return {"fe", "estimator", "vcov", "cluster", "small-sample", "max-lag", "level", "log",
          "lag", "winsorize", "drop-entities", "keep", "periods", "absorb"};
}

absl::StatusOr<mv1::ModelSpec> ParseModelSpec(const Args& args) {
  mv1::ModelSpec spec;
  auto fe = Lookup<mv1::FixedEffects>({{"none", mv1::FIXED_EFFECTS_NONE},
                                       {"entity", mv1::FIXED_EFFECTS_ENTITY},
                                       {"period", mv1::FIXED_EFFECTS_PERIOD},
                                       {"two-way", mv1::FIXED_EFFECTS_TWO_WAY}},
                                      "fe", args.Get("fe", "two-way"));
  auto estimator = Lookup<mv1::Estimator>({{"within", mv1::ESTIMATOR_WITHIN},
                                           {"pooled", mv1::ESTIMATOR_POOLED_OLS},
                                           {"re", mv1::ESTIMATOR_RANDOM_EFFECTS},
                                           {"fd", mv1::ESTIMATOR_FIRST_DIFFERENCE},
                                           {"between", mv1::ESTIMATOR_BETWEEN},
                                           {"iv", mv1::ESTIMATOR_IV}},
                                          "estimator", args.Get("estimator", "within"));
  auto vcov = Lookup<mv1::VarianceType>({{"iid", mv1::VARIANCE_TYPE_IID},
                                         {"hc0", mv1::VARIANCE_TYPE_HC0},
                                         {"hc1", mv1::VARIANCE_TYPE_HC1},
                                         {"hc2", mv1::VARIANCE_TYPE_HC2},
                                         {"hc3", mv1::VARIANCE_TYPE_HC3},
                                         {"cluster", mv1::VARIANCE_TYPE_CLUSTER},
                                         {"dk", mv1::VARIANCE_TYPE_DRISCOLL_KRAAY}},
                                        "vcov", args.Get("vcov", "cluster"));
  auto small = Lookup<mv1::SmallSample>({{"stata", mv1::SMALL_SAMPLE_STATA},
                                         {"fixest", mv1::SMALL_SAMPLE_FIXEST},
                                         {"plm", mv1::SMALL_SAMPLE_PLM},
                                         {"none", mv1::SMALL_SAMPLE_NONE}},
                                        "small-sample", args.Get("small-sample", "stata"));
  auto max_lag = args.Integer("max-lag", 0);
  auto level = args.Number("level", 0.95);
  for (const absl::Status& s : {fe.status(), estimator.status(), vcov.status(), small.status(),
                                max_lag.status(), level.status()}) {
    if (!s.ok()) return s;
  }
  spec.set_fixed_effects(*fe);
  spec.set_estimator(*estimator);
  spec.mutable_variance()->set_type(*vcov);
  spec.mutable_variance()->set_small_sample(*small);
  spec.mutable_variance()->set_max_lag(*max_lag);
  for (const auto& c : args.List("cluster")) spec.mutable_variance()->add_cluster_by(c);
  spec.set_confidence_level(*level);
  for (const auto& a : args.List("absorb")) spec.add_absorb(a);
  for (const auto& c : args.List("log")) {
    auto* t = spec.add_transforms();
    t->set_column(c);
    t->set_log(true);
  }
  for (const auto& item : args.List("lag")) {
    std::vector<std::string> parts = absl::StrSplit(item, ':');
    int k = 1;
    if (parts.size() > 2 || (parts.size() == 2 && !absl::SimpleAtoi(parts[1], &k))) {
      return absl::InvalidArgumentError(absl::StrCat("--lag: expected COL[:K], got '", item, "'"));
    }
    auto* t = spec.add_transforms();
    t->set_column(parts[0]);
    t->set_lag(k);
  }
  for (const auto& item : args.List("winsorize")) {
    std::vector<std::string> parts = absl::StrSplit(item, ':');
    double lo = 0.01, hi = 0.99;
    if (parts.size() == 3 && (!absl::SimpleAtod(parts[1], &lo) || !absl::SimpleAtod(parts[2], &hi))) {
      return absl::InvalidArgumentError(absl::StrCat("--winsorize: expected COL[:LO:HI], got '", item, "'"));
    }
    auto* t = spec.add_transforms();
    t->set_column(parts[0]);
    t->mutable_winsorize()->set_lower(lo);
    t->mutable_winsorize()->set_upper(hi);
  }
  for (const auto& e : args.List("drop-entities")) spec.mutable_filter()->add_drop_entities(e);
  if (args.Has("keep")) {
    std::vector<std::string> parts = absl::StrSplit(args.Get("keep"), absl::MaxSplits('=', 1));
    if (parts.size() != 2) return absl::InvalidArgumentError("--keep: expected LABEL=v1,v2");
    spec.mutable_filter()->set_label(parts[0]);
    for (absl::string_view v : absl::StrSplit(parts[1], ',', absl::SkipEmpty())) {
      spec.mutable_filter()->add_keep(std::string(v));
    }
  }
  if (args.Has("periods")) {
    std::vector<std::string> parts = absl::StrSplit(args.Get("periods"), '-');
    int lo = 0, hi = 0;
    if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &lo) || !absl::SimpleAtoi(parts[1], &hi)) {
      return absl::InvalidArgumentError("--periods: expected FIRST-LAST, e.g. 2016-2021");
    }
    spec.mutable_filter()->set_period_min(lo);
    spec.mutable_filter()->set_period_max(hi);
  }
  return spec;
}

std::string DescribeSpec(const mv1::ModelSpec& spec) {
  std::string out = absl::StrCat(mv1::Estimator_Name(spec.estimator()), ", ",
                                 mv1::FixedEffects_Name(spec.fixed_effects()), ", ",
                                 mv1::VarianceType_Name(spec.variance().type()));
  if (spec.variance().cluster_by_size() > 0) {
    absl::StrAppend(&out, " by ", absl::StrJoin(spec.variance().cluster_by(), "+"));
  }
  absl::StrAppend(&out, ", ", mv1::SmallSample_Name(spec.variance().small_sample()));
  return out;
}

}  // namespace govmetrics::cli
