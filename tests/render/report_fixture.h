#ifndef GOVMETRICS_TESTS_RENDER_REPORT_FIXTURE_H_
#define GOVMETRICS_TESTS_RENDER_REPORT_FIXTURE_H_

// A realistic Report, as the study pipeline fills it, in English or Chinese: baseline
// regression table (2 columns, coefficient / SE / info rows), robustness table and
// coefficient plot, regional trend line chart 2015-2021 (with a missing year), index
// weights table and bar chart, mediation table and path diagram with 3 mediators,
// province table with Chinese names (北京, 内蒙古, ...) and a missing cell, and a table
// no section lists. Labels carry HTML and LaTeX special characters on purpose.
// The numbers are plausible shapes for layout tests, not results of any computation.

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "common/stats/significance_stars.h"
#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting::testing {

namespace rv1 = govmetrics::reporting::v1;

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A control variable label with LaTeX specials (& _ %) and a note with HTML specials.
inline constexpr const char* kSpecialLabel = "R&D_share (%)";
inline constexpr const char* kHtmlSpecialNote = "Entities with N < 3 & gaps > 2 years are dropped.";

class FixtureBuilder {
 public:
  explicit FixtureBuilder(rv1::Language language) : zh_(language == rv1::LANGUAGE_ZH) {
    report_.set_language(language);
  }

  const char* L(const char* en, const char* zh) const { return zh_ ? zh : en; }

  static std::string F(double v, int digits = 3) {
    if (std::isnan(v)) return "-";
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), "%.*f", digits, v);
    return buffer;
  }
  static void Coef(rv1::TableRow* row, double estimate, double p) {
    auto* c = row->add_cells();
    c->set_text(F(estimate) + stats::SignificanceStars(p));
    c->set_value(estimate);
    c->set_has_value(true);
    c->set_p_value(p);
  }
  static void Se(rv1::TableRow* row, double se) {
    auto* c = row->add_cells();
    c->set_text("(" + F(se) + ")");
    c->set_value(se);
    c->set_has_value(true);
  }
  static void Text(rv1::TableRow* row, const std::string& text) {
    row->add_cells()->set_text(text);
  }
  static void Number(rv1::TableRow* row, double v, int digits = 3) {
    auto* c = row->add_cells();
    c->set_text(F(v, digits));
    c->set_value(v);
    c->set_has_value(!std::isnan(v));
  }
  static rv1::TableRow* Row(rv1::Table* t, const std::string& label, rv1::RowKind kind) {
    auto* r = t->add_rows();
    r->set_label(label);
    r->set_kind(kind);
    return r;
  }
  static void Cite(rv1::Sentence* s, const std::string& table, int row, int col) {
    s->add_cell_refs(table + "/" + std::to_string(row) + "/" + std::to_string(col));
  }

  rv1::Report Build() {
    report_.set_title(
        L("Digital empowerment and government governance efficiency: evidence from 31 provinces",
          "数字赋能与政府治理效能：来自 31 个省份的证据"));
    auto* h = report_.add_headlines();
    h->set_id("baseline_effect");
    h->set_text(
        L("Baseline effect 0.298 (p < 0.001): a 0.1 rise in digital empowerment goes with a 0.030 "
          "rise "
          "in governance efficiency.",
          "基准效应 0.298（p < 0.001）：数字赋能指数每提高 0.1，政府治理效能提高约 0.030。"));
    h->set_value(0.298);
    h->set_p_value(0.0004);
    h = report_.add_headlines();
    h->set_id("mediation");
    h->set_text(L(
        "Two of three mediators carry a significant indirect effect (bootstrap CI excludes zero).",
        "三个中介变量中有两个的间接效应显著（Bootstrap 置信区间不含 0）。"));
    report_.add_notes(
        L("Every model: two-way fixed effects (province and year), standard errors clustered by "
          "province (Stata small-sample correction).",
          "所有模型均控制省份与年份双向固定效应，标准误按省份聚类（Stata 小样本修正）。"));
    report_.add_notes(kHtmlSpecialNote);
    Descriptive();
    Baseline();
    Robustness();
    Mechanism();
    Moderation();
    Orphan();
    return report_;
  }

 private:
  void Descriptive() {
    auto* section = AddSection(
        "descriptive", L("Descriptive statistics and index construction", "描述性统计与指数构建"));
    // Province scores with Chinese names in the zh report; Tibet 2015 missing.
    auto* t = report_.add_tables();
    t->set_id("province_scores");
    t->set_title(L("Digital empowerment index by province", "分省份数字赋能指数"));
    t->set_stub_header(L("Province", "省份"));
    t->add_columns("2015");
    t->add_columns("2021");
    const std::vector<std::pair<const char*, const char*>> provinces = {
        {"Beijing", "北京"},  {"Inner Mongolia", "内蒙古"},
        {"Shanghai", "上海"}, {"Guangdong", "广东"},
        {"Tibet", "西藏"},    {"Xinjiang", "新疆"}};
    const double s2015[] = {0.512, 0.184, 0.497, 0.431, kNaN, 0.152};
    const double s2021[] = {0.736, 0.301, 0.702, 0.668, 0.221, 0.274};
    for (size_t i = 0; i < provinces.size(); ++i) {
      auto* r = Row(t, L(provinces[i].first, provinces[i].second), rv1::ROW_KIND_UNSPECIFIED);
      Number(r, s2015[i]);
      Number(r, s2021[i]);
    }
    t->add_notes(L("Pooled entropy weights; \"-\" marks a missing year.",
                   "熵权法（混合样本）；“-”表示数据缺失。"));
    section->add_table_ids(t->id());

    // Indicator weights.
    auto* w = report_.add_tables();
    w->set_id("weights_de");
    w->set_title(L("Indicator weights: digital empowerment", "指标权重：数字赋能"));
    w->set_stub_header(L("Indicator", "指标"));
    w->add_columns(L("Dimension", "维度"));
    w->add_columns(L("Weight", "权重"));
    auto* bar = report_.add_charts();
    bar->set_id("weights_chart_de");
    bar->set_title(L("Weights: digital empowerment", "权重：数字赋能"));
    bar->set_kind(rv1::CHART_KIND_BAR);
    bar->set_x_label(L("Weight", "权重"));
    auto* bs = bar->add_series();
    bs->set_name(L("Weight", "权重"));
    const std::vector<std::pair<const char*, const char*>> indicators = {
        {"Broadband ports per 100 people", "每百人互联网宽带接入端口"},
        {"Government websites", "政府网站数量"},
        {"Online service portal score", "网上政务服务能力得分"},
        {"Open data sets", "开放数据集数量"},
        {"Digital economy output share", "数字经济增加值占比"},
        {kSpecialLabel, kSpecialLabel}};
    const double weights[] = {0.1432, 0.0871, 0.2214, 0.2659, 0.1745, 0.1079};
    for (size_t i = 0; i < indicators.size(); ++i) {
      auto* r = Row(w, L(indicators[i].first, indicators[i].second), rv1::ROW_KIND_UNSPECIFIED);
      Text(r, i < 2   ? L("Technology", "技术")
              : i < 4 ? L("Organisation", "组织")
                      : L("Environment", "环境"));
      Number(r, weights[i], 4);
      bar->add_categories(L(indicators[i].first, indicators[i].second));
      bs->add_values(weights[i]);
    }
    section->add_table_ids(w->id());

    // Regional trends 2015-2021; the Northeast misses 2017.
    auto* line = report_.add_charts();
    line->set_id("trend_de");
    line->set_title(L("Digital empowerment: mean by region and year", "数字赋能：分地区年度均值"));
    line->set_kind(rv1::CHART_KIND_LINE);
    line->set_x_label(L("Year", "年份"));
    line->set_y_label(L("Index", "指数"));
    for (int year = 2015; year <= 2021; ++year) line->add_categories(std::to_string(year));
    const std::vector<std::pair<const char*, const char*>> regions = {
        {"East", "东部"}, {"Central", "中部"}, {"West", "西部"}, {"Northeast", "东北"}};
    const double base[] = {0.42, 0.29, 0.21, 0.26};
    const double slope[] = {0.041, 0.033, 0.027, 0.022};
    for (size_t g = 0; g < regions.size(); ++g) {
      auto* s = line->add_series();
      s->set_name(L(regions[g].first, regions[g].second));
      for (int k = 0; k < 7; ++k)
        s->add_values(g == 3 && k == 2 ? kNaN : base[g] + slope[g] * k + 0.004 * (k % 2));
    }
    section->add_chart_ids(line->id());
    section->add_chart_ids(bar->id());
    auto* s = section->add_summary();
    s->set_text(L("Online service capacity and open data carry the largest weights.",
                  "网上政务服务能力与开放数据的权重最大。"));
    Cite(s, "weights_de", 2, 1);
    Cite(s, "weights_de", 3, 1);
    s = section->add_summary();
    s->set_text(L("Beijing leads in 2021 (0.736); Inner Mongolia trails at 0.301.",
                  "2021 年北京领先（0.736），内蒙古为 0.301。"));
    Cite(s, "province_scores", 0, 1);
    Cite(s, "province_scores", 1, 1);
  }

  void Baseline() {
    auto* section = AddSection("baseline", L("Baseline regression", "基准回归"));
    auto* t = report_.add_tables();
    t->set_id("baseline");
    t->set_title(L("Digital empowerment and governance efficiency: baseline",
                   "数字赋能对政府治理效能的影响：基准回归"));
    t->set_stub_header(L("Variable", "变量"));
    t->add_columns(L("(1) Without controls", "(1) 不含控制变量"));
    t->add_columns(L("(2) With controls", "(2) 含控制变量"));
    auto* r = Row(t, L("Digital empowerment", "数字赋能"), rv1::ROW_KIND_COEFFICIENT);
    Coef(r, 0.412, 0.00002);
    Coef(r, 0.298, 0.0004);
    r = Row(t, "", rv1::ROW_KIND_STD_ERROR);
    Se(r, 0.061);
    Se(r, 0.072);
    r = Row(t, kSpecialLabel, rv1::ROW_KIND_COEFFICIENT);
    Text(r, "");
    Coef(r, 0.051, 0.031);
    r = Row(t, "", rv1::ROW_KIND_STD_ERROR);
    Text(r, "");
    Se(r, 0.022);
    r = Row(t, L("Log GDP per capita", "人均 GDP 对数"), rv1::ROW_KIND_COEFFICIENT);
    Text(r, "");
    Coef(r, 0.087, 0.082);
    r = Row(t, "", rv1::ROW_KIND_STD_ERROR);
    Text(r, "");
    Se(r, 0.049);
    r = Row(t, L("Controls", "控制变量"), rv1::ROW_KIND_INFO);
    Text(r, L("No", "否"));
    Text(r, L("Yes", "是"));
    for (const char* fe : {L("Province FE", "省份固定效应"), L("Year FE", "年份固定效应")}) {
      r = Row(t, fe, rv1::ROW_KIND_INFO);
      Text(r, L("Yes", "是"));
      Text(r, L("Yes", "是"));
    }
    r = Row(t, "N", rv1::ROW_KIND_INFO);
    Number(r, 217, 0);
    Number(r, 217, 0);
    r = Row(t, L("Within R²", "组内 R²"), rv1::ROW_KIND_INFO);
    Number(r, 0.412);
    Number(r, 0.468);
    t->add_notes(L("Standard errors clustered by province in parentheses.",
                   "括号内为按省份聚类的稳健标准误。"));
    t->add_notes(kHtmlSpecialNote);
    // No star legend on purpose: the renderers must add it.
    section->add_table_ids(t->id());
    auto* s = section->add_summary();
    s->set_text(
        L("With controls and two-way fixed effects, digital empowerment raises governance "
          "efficiency by "
          "0.298 (p < 0.001).",
          "控制其他变量及双向固定效应后，数字赋能显著提升政府治理效能（系数 0.298，p < 0.001）。"));
    Cite(s, "baseline", 0, 1);
    Cite(s, "baseline", 1, 1);
  }

  void Robustness() {
    auto* section = AddSection("robustness", L("Robustness checks", "稳健性检验"));
    auto* t = report_.add_tables();
    t->set_id("robustness");
    t->set_title(L("Robustness checks", "稳健性检验"));
    t->set_stub_header(L("Variable", "变量"));
    const std::vector<std::pair<const char*, const char*>> checks = {
        {"Lagged regressor", "解释变量滞后一期"},
        {"Winsorised 1%/99%", "1%/99% 缩尾"},
        {"CRITIC weights", "CRITIC 赋权"},
        {"Without municipalities", "剔除直辖市"}};
    const double est[] = {0.281, 0.305, 0.276, 0.318};
    const double se[] = {0.079, 0.070, 0.083, 0.091};
    const double p[] = {0.0012, 0.0001, 0.0024, 0.0015};
    for (const auto& c : checks) t->add_columns(L(c.first, c.second));
    auto* r = Row(t, L("Digital empowerment", "数字赋能"), rv1::ROW_KIND_COEFFICIENT);
    for (int i = 0; i < 4; ++i) Coef(r, est[i], p[i]);
    r = Row(t, "", rv1::ROW_KIND_STD_ERROR);
    for (int i = 0; i < 4; ++i) Se(r, se[i]);
    r = Row(t, "N", rv1::ROW_KIND_INFO);
    for (int n : {186, 217, 217, 189}) Number(r, n, 0);
    t->add_notes(L("* p<0.1, ** p<0.05, *** p<0.01.", "* p<0.1，** p<0.05，*** p<0.01。"));
    section->add_table_ids(t->id());

    auto* chart = report_.add_charts();
    chart->set_id("robustness_coefficients");
    chart->set_title(L("Coefficient of digital empowerment across specifications",
                       "系数：数字赋能（不同设定）"));
    chart->set_kind(rv1::CHART_KIND_COEFFICIENT);
    chart->set_x_label(L("Estimate with 95% CI", "估计值及 95% 置信区间"));
    auto* s = chart->add_series();
    s->set_name(L("Digital empowerment", "数字赋能"));
    chart->add_categories(L("Baseline", "基准"));
    s->add_values(0.298);
    s->add_lower(0.150);
    s->add_upper(0.446);
    s->add_p_values(0.0004);
    for (int i = 0; i < 4; ++i) {
      chart->add_categories(
          L(checks[static_cast<size_t>(i)].first, checks[static_cast<size_t>(i)].second));
      s->add_values(est[i]);
      s->add_lower(est[i] - 2.04 * se[i]);
      s->add_upper(est[i] + 2.04 * se[i]);
      s->add_p_values(p[i]);
    }
    section->add_chart_ids(chart->id());
    auto* sentence = section->add_summary();
    sentence->set_text(
        L("In 4 of 4 checks the coefficient keeps the baseline sign and is significant at 5%.",
          "在 4 / 4 项稳健性检验中，系数与基准回归同号且在 5% 水平上显著。"));
    for (int i = 0; i < 4; ++i) Cite(sentence, "robustness", 0, i);
  }

  void Mechanism() {
    auto* section =
        AddSection("mechanism", L("Mechanism: mediation analysis", "机制检验：中介效应"));
    auto* t = report_.add_tables();
    t->set_id("mediation");
    t->set_title(L("Mediation through each mediator", "中介效应检验"));
    t->set_stub_header(L("Mediator", "中介变量"));
    for (const char* c :
         {"a (X→M)", "b (M→Y)", L("c (total)", "c（总效应）"), L("c' (direct)", "c'（直接效应）"),
          "a×b", L("Bootstrap CI", "Bootstrap 置信区间"), L("Type", "类型")}) {
      t->add_columns(c);
    }
    auto* chart = report_.add_charts();
    chart->set_id("mediation_paths");
    chart->set_title(L("Mediation paths", "中介路径图"));
    chart->set_kind(rv1::CHART_KIND_PATH);
    chart->set_treatment_label(L("Digital empowerment", "数字赋能"));
    chart->set_outcome_label(L("Governance efficiency", "政府治理效能"));
    for (const char* c : {"a", "b", "c", "c'", "a×b"}) chart->add_categories(c);
    struct M {
      const char* en;
      const char* zh;
      double a, pa, b, pb, c, pc, cp, pcp, ab, pab, lo, hi;
      const char* type_en;
      const char* type_zh;
    };
    const M mediators[] = {
        {"Digital infrastructure", "数字基础设施", 0.512, 0.0001, 0.214, 0.004, 0.298, 0.0004,
         0.188, 0.011, 0.1096, 0.006, 0.0402, 0.1871, "partial mediation", "部分中介"},
        {"Public participation", "公众参与", 0.331, 0.012, 0.145, 0.043, 0.298, 0.0004, 0.250,
         0.002, 0.0480, 0.081, 0.0031, 0.1012, "partial mediation", "部分中介"},
        {"E-service quality", "电子政务服务质量", 0.118, 0.214, 0.097, 0.301, 0.298, 0.0004, 0.287,
         0.0007, 0.0114, 0.412, -0.0138, 0.0397, "no mediation", "中介效应不显著"}};
    for (const M& m : mediators) {
      auto* r = Row(t, L(m.en, m.zh), rv1::ROW_KIND_COEFFICIENT);
      Coef(r, m.a, m.pa);
      Coef(r, m.b, m.pb);
      Coef(r, m.c, m.pc);
      Coef(r, m.cp, m.pcp);
      auto* ab = r->add_cells();
      ab->set_text(F(m.ab, 4) + stats::SignificanceStars(m.pab));
      ab->set_value(m.ab);
      ab->set_has_value(true);
      Text(r, "[" + F(m.lo, 4) + ", " + F(m.hi, 4) + "]");
      Text(r, L(m.type_en, m.type_zh));
      auto* s = chart->add_series();
      s->set_name(L(m.en, m.zh));
      for (double v : {m.a, m.b, m.c, m.cp, m.ab}) s->add_values(v);
      for (double v : {m.pa, m.pb, m.pc, m.pcp, m.pab}) s->add_p_values(v);
      auto* sentence = section->add_summary();
      sentence->set_text(std::string(L(m.en, m.zh)) +
                         L(": indirect effect a×b = ", "：间接效应 a×b = ") + F(m.ab, 4) +
                         L(", ", "，") + L(m.type_en, m.type_zh) + L(".", "。"));
      Cite(sentence, "mediation", t->rows_size() - 1, 4);
      Cite(sentence, "mediation", t->rows_size() - 1, 5);
    }
    t->add_notes(
        L("a×b stars: Sobel test; bootstrap: 1000 province-block replications, seed 20240901.",
          "a×b 的星号来自 Sobel 检验；Bootstrap：1000 次省份区组重抽样，种子 20240901。"));
    section->add_table_ids(t->id());
    section->add_chart_ids(chart->id());
  }

  // A conditional-effect chart (moderation): 11 grid points with a band, three simple
  // slopes marked in between, one Johnson-Neyman bound inside the range.
  void Moderation() {
    auto* section = AddSection("moderation", L("Moderating effects", "调节效应"));
    auto* chart = report_.add_charts();
    chart->set_id("moderation_effect_1");
    chart->set_title(L("Effect of digital empowerment across urbanisation", "数字赋能的效应随城镇化的变化"));
    chart->set_kind(rv1::CHART_KIND_CONDITIONAL_EFFECT);
    chart->set_x_label(L("Urbanisation", "城镇化"));
    chart->set_y_label(L("Effect of digital empowerment", "数字赋能的效应"));
    auto* curve = chart->add_series();
    curve->set_name(L("Effect with confidence band", "效应及置信带"));
    auto* slopes = chart->add_series();
    slopes->set_name(L("Simple slopes", "简单斜率"));
    auto add = [&](double m, bool marked, const std::string& label) {
      const double slope = -0.2 + 0.9 * m, se = 0.05 + 0.1 * std::fabs(m - 0.55);
      chart->add_categories(label);
      chart->add_x_values(m);
      for (auto* s : {curve, slopes}) {
        const bool on = s == curve || marked;
        s->add_values(on ? slope : kNaN);
        s->add_lower(on ? slope - 1.96 * se : kNaN);
        s->add_upper(on ? slope + 1.96 * se : kNaN);
        s->add_p_values(on ? 0.04 : kNaN);
      }
    };
    for (int i = 0; i <= 10; ++i) {
      add(0.3 + 0.05 * i, false, F(0.3 + 0.05 * i, 3));
      if (i == 2 || i == 5 || i == 8) add(0.31 + 0.05 * i, true, L("mean (0.560)", "均值 (0.560)"));
    }
    chart->add_x_reference_lines(0.42);
    section->add_chart_ids(chart->id());
  }

  void Orphan() {
    // Listed by no section: renderers must still show it (gathered at the end).
    auto* t = report_.add_tables();
    t->set_id("variable_definitions");
    t->set_title(L("Variable definitions", "变量定义"));
    t->set_stub_header(L("Variable", "变量"));
    t->add_columns(L("Definition", "定义"));
    auto* r = Row(t, kSpecialLabel, rv1::ROW_KIND_UNSPECIFIED);
    Text(r, L("R&D spending / GDP, in % (\"share\")", "研发支出占 GDP 比重（%）"));
  }

  rv1::Section* AddSection(const char* id, const char* title) {
    auto* s = report_.add_sections();
    s->set_id(id);
    s->set_title(title);
    return s;
  }

  bool zh_;
  rv1::Report report_;
};

inline rv1::Report FixtureReport(rv1::Language language) {
  return FixtureBuilder(language).Build();
}

}  // namespace govmetrics::reporting::testing

#endif  // GOVMETRICS_TESTS_RENDER_REPORT_FIXTURE_H_
