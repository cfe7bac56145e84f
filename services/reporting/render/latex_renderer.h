#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_LATEX_RENDERER_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_LATEX_RENDERER_H_

// The report as a complete LaTeX document with booktabs tables. English compiles with
// pdflatex or xelatex; Chinese (or English holding CJK labels) uses ctex and xelatex.
// Figures are not drawn in LaTeX: the HTML report has them.

#include <string>

#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting {

std::string RenderLatex(const reporting::v1::Report& report);

// One table as a `table` float (caption, label, booktabs tabular, notes) that can be
// pasted into a paper whose preamble loads booktabs and graphicx and defines the
// \gmtablebox, \gmfitbox and \gmsetnotewidth macros (see LatexPreambleForTables).
std::string LatexTable(const reporting::v1::Table& table, reporting::v1::Language language);

// The preamble lines a pasted table needs.
std::string LatexPreambleForTables();

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_LATEX_RENDERER_H_
