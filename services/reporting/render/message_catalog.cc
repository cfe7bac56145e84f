#include "services/reporting/render/message_catalog.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace govmetrics::reporting {
namespace {

struct CatalogEntry {
  const char* key;
  const char* en;
  const char* zh;
};

// Sorted by area; keys are "label.<option>" for names and "<option>.<value>" for values,
// <value> exactly as provenance carries it.
constexpr CatalogEntry kMessages[] = {
    // Punctuation of a list of options.
    {"punct.separator", "; ", "；"},
    {"punct.end", ".", "。"},

    // IndexService (services' resolved_options: method, pooling, shift, hierarchy).
    {"label.method", "method: ", "赋权方法："},
    {"label.pooling", "pooling: ", "计算范围："},
    {"label.shift", "shift ", "平移量 "},
    {"label.hierarchy", "hierarchy: ", "层级结构："},
    {"label.missing_policy", "missing values: ", "缺失值："},
    {"method.WEIGHTING_METHOD_ENTROPY", "entropy weights", "熵值法"},
    {"method.WEIGHTING_METHOD_CRITIC", "CRITIC weights", "CRITIC 赋权法"},
    {"method.WEIGHTING_METHOD_COEFFICIENT_OF_VARIATION", "coefficient-of-variation weights",
     "变异系数法"},
    {"method.WEIGHTING_METHOD_EQUAL", "equal weights", "等权法"},
    {"method.WEIGHTING_METHOD_ENTROPY_TOPSIS", "entropy-weighted TOPSIS", "熵权 TOPSIS 法"},
    {"pooling.POOLING_POOLED", "all years together", "全部年份合并"},
    {"pooling.POOLING_PER_PERIOD", "each year separately", "逐年分别计算"},
    {"pooling.POOLING_BASE_PERIOD", "base-year weights for every year", "各年沿用基期权重"},
    {"hierarchy.HIERARCHY_FLAT", "single level", "单层"},
    {"hierarchy.HIERARCHY_SUMMED_DIVERGENCE", "dimension weights from summed divergence",
     "维度权重为所含指标差异系数之和"},
    {"hierarchy.HIERARCHY_ENTROPY_ON_DIMENSION_SCORES", "entropy weights on dimension scores",
     "对维度得分再做熵值赋权"},
    {"missing_policy.MISSING_POLICY_REJECT", "rejected", "不允许缺失"},
    {"missing_policy.MISSING_POLICY_LISTWISE", "rows dropped (listwise)", "成列删除"},
    {"missing_policy.MISSING_POLICY_INTERPOLATE_WITHIN_ENTITY", "interpolated within entity",
     "个体内线性插值"},

    // ModelingService (resolved_options: variance, cluster_by, small_sample, distribution).
    {"label.variance", "standard errors: ", "标准误："},
    {"label.cluster_by", " by ", "，聚类变量 "},
    {"label.small_sample", "small-sample convention: ", "小样本校正："},
    {"label.distribution", "reference distribution: ", "参考分布："},
    {"variance.iid", "conventional (iid)", "普通标准误（同方差）"},
    {"variance.hc0", "heteroskedasticity-robust (HC0)", "异方差稳健（HC0）"},
    {"variance.hc1", "heteroskedasticity-robust (HC1)", "异方差稳健（HC1）"},
    {"variance.hc2", "heteroskedasticity-robust (HC2)", "异方差稳健（HC2）"},
    {"variance.hc3", "heteroskedasticity-robust (HC3)", "异方差稳健（HC3）"},
    {"variance.cluster", "clustered", "聚类稳健"},
    {"variance.driscoll_kraay", "Driscoll-Kraay", "Driscoll-Kraay"},
    {"small_sample.stata", "Stata", "Stata"},
    {"small_sample.fixest", "fixest", "fixest"},
    {"small_sample.plm", "plm", "plm"},
    {"small_sample.plm_hc1", "plm (HC1)", "plm（HC1）"},
    {"small_sample.none", "none", "不校正"},
    {"distribution.normal", "normal", "正态分布"},
    {"cluster_by.entity", "entity", "个体"},
    {"cluster_by.period", "period", "时期"},
    {"cluster_by.entity,period", "entity and period", "个体与时期"},
};

bool IsChinese(reporting::v1::Language language) { return language == reporting::v1::LANGUAGE_ZH; }

}  // namespace

std::optional<std::string> FindMessage(reporting::v1::Language language, absl::string_view key) {
  for (const CatalogEntry& m : kMessages) {
    if (key == m.key) return std::string(IsChinese(language) ? m.zh : m.en);
  }
  return std::nullopt;
}

std::string Message(reporting::v1::Language language, absl::string_view key) {
  return FindMessage(language, key).value_or(std::string(key));
}

std::string OptionValueText(reporting::v1::Language language, absl::string_view name,
                            absl::string_view value) {
  return FindMessage(language, absl::StrCat(name, ".", value)).value_or(std::string(value));
}

std::string OptionPhrase(reporting::v1::Language language, absl::string_view name,
                         absl::string_view value) {
  const std::string label =
      FindMessage(language, absl::StrCat("label.", name)).value_or(absl::StrCat(name, ": "));
  return label + OptionValueText(language, name, value);
}

std::string CapitalizeFirst(std::string text) {
  if (!text.empty()) text[0] = absl::ascii_toupper(static_cast<unsigned char>(text[0]));
  return text;
}

std::string OptionsNote(reporting::v1::Language language, const common::v1::Provenance& provenance,
                        const std::vector<std::string>& names) {
  std::string note;
  for (const std::string& name : names) {
    for (const auto& option : provenance.resolved_options()) {
      if (option.name() != name) continue;
      if (!note.empty()) note += Message(language, "punct.separator");
      note += OptionPhrase(language, name, option.value());
    }
  }
  return CapitalizeFirst(note);
}

}  // namespace govmetrics::reporting
