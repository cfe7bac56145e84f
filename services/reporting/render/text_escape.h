#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_TEXT_ESCAPE_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_TEXT_ESCAPE_H_

// Escaping of report text for each output format. Every label in a Report comes from
// user-supplied column names and spec labels, so no renderer may paste text verbatim.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace govmetrics::reporting {

// HTML text and attribute values (& < > " ').
std::string HtmlEscape(absl::string_view text);

// XML 1.0 text and attribute values (OOXML parts): as HtmlEscape, and the C0 control
// characters XML cannot carry at all (all but tab, LF, CR) are dropped, since a single
// one makes Word refuse the whole document.
std::string XmlEscape(absl::string_view text);

// LaTeX text mode: the ten special characters (& % $ # _ { } ~ ^ \) plus < > and a few
// Unicode symbols the report uses (→ × ² ≤ ≥ − ± Greek letters) mapped to commands, so
// that the same source compiles under pdflatex and xelatex.
std::string LatexEscape(absl::string_view text);

// A LaTeX cell: like LatexEscape, but trailing significance stars ("0.123***") are set
// as a superscript, as journals print them.
std::string LatexCell(absl::string_view text);

// Markdown inline text (GFM): backslash-escapes characters that would start emphasis,
// links, code, HTML or break a table cell; newlines become spaces.
std::string MarkdownEscape(absl::string_view text);

// One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; quotes
// doubled. A field that a spreadsheet would run as a formula (= @ + - followed by a
// non-number, tab, CR) gets a leading apostrophe: labels come from user input.
std::string CsvField(absl::string_view text);
// Fields joined by commas, terminated by CRLF (RFC 4180, what Excel writes).
std::string CsvRow(const std::vector<std::string>& fields);

// Identifier safe for HTML ids and LaTeX labels: [A-Za-z0-9_-], others become '-'.
std::string SafeId(absl::string_view id);

// True if the text holds a CJK ideograph or CJK punctuation (needs CJK fonts in LaTeX).
bool ContainsCjk(absl::string_view text);
// True if any byte is outside ASCII.
bool ContainsNonAscii(absl::string_view text);

// Approximate rendered width in pixels of `text` at `font_size` px, for chart layout
// without a font engine: East Asian wide characters count 1 em, Latin about 0.6 em (sized for
// DejaVu Sans, the widest common fallback, so labels are never clipped).
double ApproxTextWidth(absl::string_view text, double font_size);

// Splits `text` into lines of at most `max_width` px (ApproxTextWidth): breaks at
// spaces, or between any two CJK characters; at most `max_lines`, the last one
// shortened with an ellipsis.
std::vector<std::string> WrapText(absl::string_view text, double max_width, double font_size,
                                  int max_lines);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_TEXT_ESCAPE_H_
