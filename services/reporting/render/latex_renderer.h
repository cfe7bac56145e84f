#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_LATEX_RENDERER_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_LATEX_RENDERER_H_

// The report as a complete LaTeX document with booktabs tables. English compiles with
// pdflatex or xelatex; Chinese (or English holding CJK labels) uses ctex and xelatex.
// Figures are `figure` floats that include the charts as PDF files (LatexFigureFiles),
// which must sit next to the .tex under figures/.

#include <string>
#include <utility>
#include <vector>

#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting {

std::string RenderLatex(const reporting::v1::Report& report);

// The chart files RenderLatex's document includes, (path relative to the .tex, PDF
// bytes): "figures/figure-<number>-<panel>.pdf", vector graphics drawn from the HTML
// report's SVG (chart_image.h).
std::vector<std::pair<std::string, std::string>> LatexFigureFiles(const reporting::v1::Report& report);

// One table as a `table` float (caption, label, booktabs tabular scaled down to the text
// width when wider, notes), or, above 35 rows, as a `longtable` that breaks across pages
// and repeats its caption and header (a float never breaks: its last rows would be lost),
// that can be pasted into a paper whose preamble has LatexPreambleForTables' lines
// (booktabs, longtable, graphicx, and the \gmtablebox, \gmfitbox and \gmsetnotewidth
// macros).
std::string LatexTable(const reporting::v1::Table& table, reporting::v1::Language language);

// The preamble lines a pasted table needs.
std::string LatexPreambleForTables();

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_LATEX_RENDERER_H_
