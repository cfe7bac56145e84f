#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_LATEX_COMPILER_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_LATEX_COMPILER_H_

// LaTeX source -> PDF with the TeX toolchain installed on the host (Debian texlive-xetex,
// texlive-lang-chinese, lmodern): xelatex, which reads UTF-8 natively and sets Chinese
// through ctex/xeCJK, runs in a private temporary directory with shell escape off, in its
// own process group, killed at the deadline; the directory is removed afterwards.

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting {

struct LatexCompileOptions {
  std::string engine = "xelatex";       // looked up on PATH
  absl::Duration timeout = absl::Minutes(3);  // for all passes together
};

// Compiles `tex` (written as report.tex) next to `files` ((relative path, bytes), e.g. the
// figures) and returns the PDF. Two passes, so the contents and cross-references are
// filled in. FAILED_PRECONDITION when the engine is not installed, DEADLINE_EXCEEDED at
// the timeout, INTERNAL with the first TeX error lines when the compile fails.
absl::StatusOr<std::string> CompileLatex(const std::string& tex,
                                         const std::vector<std::pair<std::string, std::string>>& files,
                                         const LatexCompileOptions& options = {});

// The report as PDF: RenderLatex with its figures (LatexFigureFiles), compiled.
absl::StatusOr<std::string> RenderPdf(const reporting::v1::Report& report,
                                      const LatexCompileOptions& options = {});

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_LATEX_COMPILER_H_
