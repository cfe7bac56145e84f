#include "common/files/xlsx_workbook.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/files/xml_events.h"

namespace govmetrics::files {
namespace {

// Relationship id -> target part, with targets resolved against `base_dir` ("xl/").
absl::StatusOr<std::map<std::string, std::string>> ReadRelationships(const ZipArchive& zip, const std::string& part,
                                                                     const std::string& base_dir, int64_t max_bytes) {
  std::map<std::string, std::string> targets;
  auto xml = zip.Read(part, max_bytes);
  if (absl::IsNotFound(xml.status())) return targets;
  if (!xml.ok()) return xml.status();
  XmlHandlers handlers;
  handlers.start = [&](absl::string_view name, const XmlAttributes& a) {
    if (name != "Relationship") return;
    std::string target(a.Get("Target"));
    target = absl::StartsWith(target, "/") ? target.substr(1) : base_dir + target;
    targets[std::string(a.Get("Id"))] = target + "\x1f" + std::string(a.Get("Type"));
  };
  if (auto status = ParseXml(*xml, zip.PartLabel(part), handlers); !status.ok()) return status;
  return targets;
}

std::string TargetOf(const std::string& entry) { return entry.substr(0, entry.find('\x1f')); }
bool TypeEndsWith(const std::string& entry, absl::string_view suffix) {
  return absl::EndsWith(entry.substr(entry.find('\x1f') + 1), suffix);
}

absl::Status ReadSheetList(const ZipArchive& zip, const std::map<std::string, std::string>& rels,
                           int64_t max_bytes, XlsxWorkbook* book) {
  auto xml = zip.Read("xl/workbook.xml", max_bytes);
  if (!xml.ok()) return xml.status();
  XmlHandlers handlers;
  handlers.start = [&](absl::string_view name, const XmlAttributes& a) {
    if (name == "workbookPr") book->date1904 = a.Get("date1904") == "1" || a.Get("date1904") == "true";
    if (name != "sheet") return;
    auto it = rels.find(std::string(a.Get("id")));
    if (it != rels.end()) book->sheets.push_back({std::string(a.Get("name")), TargetOf(it->second)});
  };
  return ParseXml(*xml, zip.PartLabel("xl/workbook.xml"), handlers);
}

// <si> holds either <t> or rich-text runs <r><t>..</t></r>; phonetic hints (<rPh>) are
// not part of the value.
absl::Status ReadSharedStrings(const ZipArchive& zip, const std::string& part, int64_t max_bytes,
                               XlsxWorkbook* book) {
  auto xml = zip.Read(part, max_bytes);
  if (!xml.ok()) return xml.status();
  bool in_t = false;
  int phonetic = 0;
  XmlHandlers handlers;
  handlers.start = [&](absl::string_view name, const XmlAttributes&) {
    if (name == "si") book->shared_strings.emplace_back();
    if (name == "rPh") ++phonetic;
    if (name == "t") in_t = true;
  };
  handlers.end = [&](absl::string_view name) {
    if (name == "rPh") --phonetic;
    if (name == "t") in_t = false;
  };
  handlers.text = [&](absl::string_view text) {
    if (in_t && phonetic == 0 && !book->shared_strings.empty()) book->shared_strings.back().append(text.data(), text.size());
  };
  return ParseXml(*xml, zip.PartLabel(part), handlers);
}

absl::Status ReadDateStyles(const ZipArchive& zip, const std::string& part, int64_t max_bytes, XlsxWorkbook* book) {
  auto xml = zip.Read(part, max_bytes);
  if (!xml.ok()) return xml.status();
  std::map<int, std::string> custom;
  bool in_cell_xfs = false;
  XmlHandlers handlers;
  handlers.start = [&](absl::string_view name, const XmlAttributes& a) {
    int id = 0;
    if (name == "numFmt" && absl::SimpleAtoi(a.Get("numFmtId"), &id)) custom[id] = std::string(a.Get("formatCode"));
    if (name == "cellXfs") in_cell_xfs = true;
    if (name == "xf" && in_cell_xfs) {
      if (!absl::SimpleAtoi(a.Get("numFmtId"), &id)) id = 0;
      auto it = custom.find(id);
      book->date_styles.push_back(IsDateFormat(id, it == custom.end() ? "" : it->second));
    }
  };
  handlers.end = [&](absl::string_view name) {
    if (name == "cellXfs") in_cell_xfs = false;
  };
  return ParseXml(*xml, zip.PartLabel(part), handlers);
}

}  // namespace

bool IsDateFormat(int id, const std::string& code) {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return true;
  if (code.empty()) return false;
  bool quoted = false;
  int bracket = 0;
  for (char c : code) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '[') ++bracket;
    if (c == ']') --bracket;
    if (bracket > 0) continue;
    const char lower = absl::ascii_tolower(static_cast<unsigned char>(c));
    if (lower == 'y' || lower == 'd') return true;
  }
  return false;
}

absl::StatusOr<XlsxWorkbook> LoadXlsxWorkbook(const ZipArchive& zip, const std::string& file, int64_t max_bytes) {
  if (!zip.Has("xl/workbook.xml")) {
    return absl::InvalidArgumentError(absl::StrCat(file, ": a zip archive but not an Excel workbook (no xl/workbook.xml)"));
  }
  auto rels = ReadRelationships(zip, "xl/_rels/workbook.xml.rels", "xl/", max_bytes);
  if (!rels.ok()) return rels.status();
  XlsxWorkbook book;
  if (auto status = ReadSheetList(zip, *rels, max_bytes, &book); !status.ok()) return status;
  for (const auto& [id, entry] : *rels) {
    absl::Status status;
    if (TypeEndsWith(entry, "/sharedStrings")) status = ReadSharedStrings(zip, TargetOf(entry), max_bytes, &book);
    if (TypeEndsWith(entry, "/styles")) status = ReadDateStyles(zip, TargetOf(entry), max_bytes, &book);
    if (!status.ok()) return status;
  }
  return book;
}

}  // namespace govmetrics::files
