#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_DOCX_XML_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_DOCX_XML_H_

// WordprocessingML fragments for the Word report: runs, paragraphs and inline pictures.
// Every run names its fonts for both scripts (w:rFonts ascii/hAnsi for Latin, eastAsia
// for CJK): without an eastAsia font, Word and LibreOffice may pick a face with no CJK
// glyphs and Chinese text shows as boxes. Text is escaped here (XmlEscape); callers pass
// plain text.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "govmetrics/reporting/v1/study_spec.pb.h"

namespace govmetrics::reporting {

// Latin and East Asian faces of a run; "SimSun"/"SimHei" are the names Word and WPS
// know for 宋体/黑体 (LibreOffice maps them to Noto CJK on Linux).
struct DocxFonts {
  const char* latin = "Times New Roman";
  const char* east_asia = "SimSun";
};
DocxFonts BodyFonts();
DocxFonts HeadingFonts();

struct DocxRunStyle {
  bool bold = false;
  bool italic = false;
  bool superscript = false;
  int half_points = 0;  // font size in half-points; 0 = the paragraph style's
  DocxFonts fonts = BodyFonts();
};

// <w:r> with the text (spaces preserved).
std::string DocxRun(absl::string_view text, const DocxRunStyle& style = {});

// A table-cell or body text with trailing significance stars ("0.123***") set as a
// superscript, as journals print them; the text read back is unchanged.
std::string DocxRunsWithStars(absl::string_view text, const DocxRunStyle& style);

enum class DocxAlign { kLeft, kCenter, kBoth };

struct DocxParagraphStyle {
  const char* style_id = nullptr;  // a w:styleId of styles.xml, or none (Normal)
  DocxAlign align = DocxAlign::kLeft;
  bool keep_with_next = false;     // captions stay on the page of their table/figure
  int space_after_twips = -1;      // -1: the style's
};

// <w:p> around already-built runs.
std::string DocxParagraph(const std::string& runs, const DocxParagraphStyle& style = {});

// An inline picture (DrawingML) in its own run, shown at `width_px` x `height_px` (96
// dpi) scaled down to fit `max_width_emu`; `relationship_id` names the image part;
// `description` is the alternative text.
std::string DocxInlinePicture(const std::string& relationship_id, int picture_id, double width_px,
                              double height_px, long max_width_emu, absl::string_view description);

// The document's language tags for w:lang: ("en-US" | "zh-CN").
const char* DocxLanguageTag(reporting::v1::Language language);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_DOCX_XML_H_
