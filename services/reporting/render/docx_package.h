#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_DOCX_PACKAGE_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_DOCX_PACKAGE_H_

// The OPC package of a Word document: the document body and its pictures wrapped with
// the parts every .docx needs (content types, relationships, styles, settings, document
// properties) and zipped. Page: A4 portrait, 2.5 cm margins. Properties carry a fixed
// date, so the same report is the same bytes.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "govmetrics/reporting/v1/study_spec.pb.h"

namespace govmetrics::reporting {

// Width of the text block (A4 21 cm less two 2.5 cm margins), in twips and EMU.
inline constexpr int kDocxTextWidthTwips = 9070;
inline constexpr long kDocxTextWidthEmu = 9070L * 635;

struct DocxPicture {
  std::string relationship_id;  // as the body's r:embed, e.g. "rIdImage1"
  std::string part_name;        // under word/, e.g. "media/image1.png"
  std::string png;
};

struct DocxContent {
  std::string title;
  reporting::v1::Language language = reporting::v1::LANGUAGE_EN;
  std::string body;  // the <w:p>/<w:tbl> elements of <w:body>, without sectPr
  std::vector<DocxPicture> pictures;
};

// The .docx bytes; INTERNAL only if zipping fails.
absl::StatusOr<std::string> PackageDocx(const DocxContent& content);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_DOCX_PACKAGE_H_
