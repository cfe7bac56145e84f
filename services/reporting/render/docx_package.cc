#include "services/reporting/render/docx_package.h"

#include "absl/strings/str_cat.h"
#include "services/reporting/render/docx_xml.h"
#include "services/reporting/render/text_escape.h"
#include "services/reporting/render/zip_writer.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;

constexpr const char* kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr const char* kWordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr const char* kRelationshipTypes = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string ContentTypes() {
  return absl::StrCat(
      kXmlDeclaration,
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Default Extension=\"png\" ContentType=\"image/png\"/>"
      "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
      "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
      "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
      "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
      "<Override PartName=\"/word/settings.xml\" ContentType=\"application/"
      "vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
      "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
      "vnd.openxmlformats-package.core-properties+xml\"/>"
      "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/"
      "vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>");
}

std::string Relationship(const std::string& id, const std::string& type, const std::string& target) {
  return absl::StrCat("<Relationship Id=\"", id, "\" Type=\"", type, "\" Target=\"", target, "\"/>");
}

std::string PackageRelationships() {
  return absl::StrCat(
      kXmlDeclaration, "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
      Relationship("rId1", absl::StrCat(kRelationshipTypes, "/officeDocument"), "word/document.xml"),
      Relationship("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                   "docProps/core.xml"),
      Relationship("rId3", absl::StrCat(kRelationshipTypes, "/extended-properties"), "docProps/app.xml"),
      "</Relationships>");
}

std::string DocumentRelationships(const DocxContent& content) {
  std::string out = absl::StrCat(
      kXmlDeclaration, "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
      Relationship("rIdStyles", absl::StrCat(kRelationshipTypes, "/styles"), "styles.xml"),
      Relationship("rIdSettings", absl::StrCat(kRelationshipTypes, "/settings"), "settings.xml"));
  for (const auto& picture : content.pictures) {
    out += Relationship(picture.relationship_id, absl::StrCat(kRelationshipTypes, "/image"), picture.part_name);
  }
  return out + "</Relationships>";
}

// A paragraph style: run properties (fonts, size, bold) and paragraph properties.
std::string Style(const char* id, const char* name, const DocxFonts& fonts, int half_points, bool bold,
                  const std::string& paragraph) {
  return absl::StrCat(
      "<w:style w:type=\"paragraph\" w:styleId=\"", id, "\"><w:name w:val=\"", name,
      "\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr>", paragraph,
      "</w:pPr><w:rPr><w:rFonts w:ascii=\"", fonts.latin, "\" w:hAnsi=\"", fonts.latin, "\" w:eastAsia=\"",
      fonts.east_asia, "\"/>", bold ? "<w:b/><w:bCs/>" : "", "<w:sz w:val=\"", half_points,
      "\"/><w:szCs w:val=\"", half_points, "\"/></w:rPr></w:style>");
}

// Body text 五号 (10.5 pt) in Chinese, 11 pt in English; headings in 黑体 (SimHei).
std::string Styles(rv1::Language language) {
  const int body = language == rv1::LANGUAGE_ZH ? 21 : 22;
  const DocxFonts text = BodyFonts();
  return absl::StrCat(
      kXmlDeclaration, "<w:styles xmlns:w=\"", kWordNamespace, "\"><w:docDefaults><w:rPrDefault><w:rPr>",
      "<w:rFonts w:ascii=\"", text.latin, "\" w:hAnsi=\"", text.latin, "\" w:eastAsia=\"", text.east_asia,
      "\" w:cs=\"", text.latin, "\"/><w:sz w:val=\"", body, "\"/><w:szCs w:val=\"", body,
      "\"/><w:lang w:val=\"", DocxLanguageTag(language), "\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault>",
      "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"300\" w:lineRule=\"auto\"/></w:pPr>",
      "</w:pPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">",
      "<w:name w:val=\"Normal\"/><w:qFormat/></w:style>",
      Style("Title", "Title", HeadingFonts(), 32, true,
            "<w:jc w:val=\"center\"/><w:spacing w:before=\"240\" w:after=\"120\"/>"),
      Style("Heading1", "heading 1", HeadingFonts(), 28, true,
            "<w:keepNext/><w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/>"),
      Style("Caption", "caption", HeadingFonts(), body, true,
            "<w:keepNext/><w:jc w:val=\"center\"/><w:spacing w:before=\"240\" w:after=\"80\"/>"),
      Style("TableNote", "Table Note", text, 18, false, "<w:spacing w:before=\"60\" w:after=\"60\"/>"),
      "</w:styles>");
}

std::string Settings(rv1::Language language) {
  return absl::StrCat(kXmlDeclaration, "<w:settings xmlns:w=\"", kWordNamespace,
                      "\"><w:defaultTabStop w:val=\"420\"/><w:themeFontLang w:val=\"", DocxLanguageTag(language),
                      "\" w:eastAsia=\"zh-CN\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" "
                      "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>");
}

std::string CoreProperties(const DocxContent& content) {
  return absl::StrCat(
      kXmlDeclaration,
      "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>", XmlEscape(content.title),
      "</dc:title><dc:creator>govmetrics</dc:creator><dc:language>", DocxLanguageTag(content.language),
      "</dc:language><dcterms:created xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z</dcterms:created>"
      "</cp:coreProperties>");
}

std::string AppProperties() {
  return absl::StrCat(kXmlDeclaration,
                      "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
                      "<Application>govmetrics</Application></Properties>");
}

std::string Document(const DocxContent& content) {
  return absl::StrCat(
      kXmlDeclaration, "<w:document xmlns:w=\"", kWordNamespace, "\" xmlns:r=\"", kRelationshipTypes,
      "\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"><w:body>",
      content.body,
      "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1418\" w:right=\"1418\" "
      "w:bottom=\"1418\" w:left=\"1418\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>"
      "</w:body></w:document>");
}

}  // namespace

absl::StatusOr<std::string> PackageDocx(const DocxContent& content) {
  ZipEntries entries = {
      {"[Content_Types].xml", ContentTypes()},
      {"_rels/.rels", PackageRelationships()},
      {"word/document.xml", Document(content)},
      {"word/_rels/document.xml.rels", DocumentRelationships(content)},
      {"word/styles.xml", Styles(content.language)},
      {"word/settings.xml", Settings(content.language)},
      {"docProps/core.xml", CoreProperties(content)},
      {"docProps/app.xml", AppProperties()},
  };
  for (const auto& picture : content.pictures) entries.emplace_back("word/" + picture.part_name, picture.png);
  return WriteZip(entries);
}

}  // namespace govmetrics::reporting
