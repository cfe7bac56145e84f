#include "services/reporting/render/docx_xml.h"


#include "absl/strings/str_cat.h"
#include "services/reporting/render/text_escape.h"

namespace govmetrics::reporting {

namespace rv1 = govmetrics::reporting::v1;

DocxFonts BodyFonts() { return DocxFonts{"Times New Roman", "SimSun"}; }
DocxFonts HeadingFonts() { return DocxFonts{"Times New Roman", "SimHei"}; }

std::string DocxRun(absl::string_view text, const DocxRunStyle& style) {
  std::string properties = absl::StrCat("<w:rFonts w:ascii=\"", style.fonts.latin, "\" w:hAnsi=\"",
                                        style.fonts.latin, "\" w:eastAsia=\"", style.fonts.east_asia,
                                        "\" w:cs=\"", style.fonts.latin, "\"/>");
  if (style.bold) properties += "<w:b/><w:bCs/>";
  if (style.italic) properties += "<w:i/><w:iCs/>";
  if (style.superscript) properties += "<w:vertAlign w:val=\"superscript\"/>";
  if (style.half_points > 0) {
    absl::StrAppend(&properties, "<w:sz w:val=\"", style.half_points, "\"/><w:szCs w:val=\"",
                    style.half_points, "\"/>");
  }
  return absl::StrCat("<w:r><w:rPr>", properties, "</w:rPr><w:t xml:space=\"preserve\">",
                      XmlEscape(text), "</w:t></w:r>");
}

std::string DocxRunsWithStars(absl::string_view text, const DocxRunStyle& style) {
  size_t stars = 0;
  while (stars < text.size() && text[text.size() - 1 - stars] == '*') ++stars;
  if (stars == 0 || stars == text.size()) return DocxRun(text, style);
  DocxRunStyle raised = style;
  raised.superscript = true;
  return DocxRun(text.substr(0, text.size() - stars), style) +
         DocxRun(text.substr(text.size() - stars), raised);
}

std::string DocxParagraph(const std::string& runs, const DocxParagraphStyle& style) {
  std::string properties;
  if (style.style_id != nullptr) absl::StrAppend(&properties, "<w:pStyle w:val=\"", style.style_id, "\"/>");
  if (style.keep_with_next) properties += "<w:keepNext/>";
  if (style.space_after_twips >= 0) {
    absl::StrAppend(&properties, "<w:spacing w:after=\"", style.space_after_twips, "\"/>");
  }
  if (style.align == DocxAlign::kCenter) properties += "<w:jc w:val=\"center\"/>";
  if (style.align == DocxAlign::kBoth) properties += "<w:jc w:val=\"both\"/>";
  if (properties.empty()) return absl::StrCat("<w:p>", runs, "</w:p>");
  return absl::StrCat("<w:p><w:pPr>", properties, "</w:pPr>", runs, "</w:p>");
}

std::string DocxInlinePicture(const std::string& relationship_id, int picture_id, double width_px,
                              double height_px, long max_width_emu, absl::string_view description) {
  constexpr double kEmuPerPixel = 9525;  // 914400 EMU per inch at 96 px per inch
  long cx = static_cast<long>(width_px * kEmuPerPixel);
  long cy = static_cast<long>(height_px * kEmuPerPixel);
  if (cx > max_width_emu && cx > 0) {
    cy = static_cast<long>(static_cast<double>(cy) * max_width_emu / cx);
    cx = max_width_emu;
  }
  const std::string extent = absl::StrCat("cx=\"", cx, "\" cy=\"", cy, "\"");
  const std::string name = absl::StrCat("Figure ", picture_id);
  return absl::StrCat(
      "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent ", extent,
      "/><wp:docPr id=\"", picture_id, "\" name=\"", name, "\" descr=\"", XmlEscape(description),
      "\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks "
      "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" noChangeAspect=\"1\"/>"
      "</wp:cNvGraphicFramePr><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">"
      "<a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
      "<pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:nvPicPr>"
      "<pic:cNvPr id=\"", picture_id, "\" name=\"", name, "\"/><pic:cNvPicPr/></pic:nvPicPr>"
      "<pic:blipFill><a:blip r:embed=\"", relationship_id, "\"/><a:stretch><a:fillRect/></a:stretch>"
      "</pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext ", extent,
      "/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>"
      "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>");
}

const char* DocxLanguageTag(rv1::Language language) {
  return language == rv1::LANGUAGE_ZH ? "zh-CN" : "en-US";
}

}  // namespace govmetrics::reporting
