#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_RENDER_I18N_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_RENDER_I18N_H_

// The renderers' own fixed words (headings, captions, legends) in English and
// Simplified Chinese. Everything else in a Report arrives already in its language.

#include <string>

#include "govmetrics/reporting/v1/study_spec.pb.h"

namespace govmetrics::reporting {

struct RenderStrings {
  const char* html_lang;      // "en" / "zh-CN"
  const char* contents;       // table of contents heading
  const char* key_results;    // headlines box heading
  const char* notes;          // report-wide notes heading
  const char* notes_prefix;   // before table notes: "Notes: "
  const char* stars_legend;   // significance legend
  const char* generated_by;   // footer / author line
  const char* table;          // caption prefix: "Table" / "表"
  const char* figure;         // caption prefix: "Figure" / "图"
  const char* other_tables;   // appendix heading for tables no section lists
  const char* other_figures;  // appendix heading for charts no section lists
  const char* sources;        // tooltip prefix listing the cells a sentence cites
  const char* no_data;        // chart with nothing to draw
  const char* estimate;       // coefficient-plot legend
  const char* confidence_interval;
  const char* total_effect;        // path diagram note: "total effect c"
  const char* indirect_effect;     // "indirect effect a×b"
  const char* mediator;            // fallback label of M
  const char* treatment;           // fallback label of X
  const char* outcome;             // fallback label of Y
  const char* figure_data_note;    // Markdown: the figure is drawn in the HTML report
  const char* latex_figures_note;  // LaTeX: where the figures are
  const char* category;            // header of a chart's category column (data tables)
  const char* lower;               // CI bounds (data tables)
  const char* upper;
  const char* johnson_neyman;      // conditional-effect legend: the Johnson-Neyman bounds
  const char* continued;           // caption of a table's later pages: "Table 3 (continued)": " (continued)"
};

const RenderStrings& StringsFor(reporting::v1::Language language);

// Caption label "Table 3" / "表 3", "Figure 2" / "图 2".
std::string TableLabel(reporting::v1::Language language, int number);
std::string FigureLabel(reporting::v1::Language language, int number);

// Section number as printed before a heading: "1" (en) or "一、" (zh), 1-based.
std::string SectionNumber(reporting::v1::Language language, int number);

// Chinese numeral for 1..99 ("一" .. "九十九"); decimal digits beyond.
std::string ChineseNumeral(int number);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_RENDER_I18N_H_
