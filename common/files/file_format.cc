#include "common/files/file_format.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace govmetrics::files {
namespace {

constexpr absl::string_view kZip("PK\x03\x04", 4);
constexpr absl::string_view kCompoundFile("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
constexpr absl::string_view kSas7bdat("\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
                                      "\xC2\xEA\x81\x60\xB3\x14\x11\xCF\xBD\x92\x08\x00"
                                      "\x09\xC7\x31\x8C\x18\x1F\x10\x11", 32);

// Stata 104-115 start with the release byte then a byte order (1 or 2); 117+ with XML.
bool LooksLikeStata(absl::string_view bytes) {
  if (absl::StartsWith(bytes, "<stata_dta>")) return true;
  if (bytes.size() < 2) return false;
  const unsigned char release = static_cast<unsigned char>(bytes[0]);
  return release >= 104 && release <= 115 && (bytes[1] == 1 || bytes[1] == 2);
}

bool LooksLikeSpss(absl::string_view bytes) {
  return absl::StartsWith(bytes, "$FL2") || absl::StartsWith(bytes, "$FL3");
}

}  // namespace

absl::StatusOr<FileFormat> FormatFromName(const std::string& file) {
  const std::string lower = absl::AsciiStrToLower(file);
  if (absl::EndsWith(lower, ".csv") || absl::EndsWith(lower, ".txt")) return FileFormat::kCsv;
  if (absl::EndsWith(lower, ".dta")) return FileFormat::kStata;
  if (absl::EndsWith(lower, ".sav") || absl::EndsWith(lower, ".zsav")) return FileFormat::kSpss;
  if (absl::EndsWith(lower, ".sas7bdat")) return FileFormat::kSas;
  if (absl::EndsWith(lower, ".xlsx") || absl::EndsWith(lower, ".xlsm")) return FileFormat::kXlsx;
  if (absl::EndsWith(lower, ".xls")) {
    return absl::InvalidArgumentError(
        absl::StrCat(file, ": legacy Excel .xls is not read; save the workbook as .xlsx"));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      file, ": unknown file type; expected .csv, .dta (Stata), .sav/.zsav (SPSS), .sas7bdat (SAS) or .xlsx"));
}

std::string SniffDescription(absl::string_view bytes) {
  if (bytes.empty()) return "an empty file";
  if (absl::StartsWith(bytes, kZip)) return "a zip archive (an .xlsx or .docx?)";
  if (absl::StartsWith(bytes, kCompoundFile)) {
    return "an OLE compound file (a password-protected workbook or a legacy .xls)";
  }
  if (LooksLikeStata(bytes)) return "a Stata .dta file";
  if (LooksLikeSpss(bytes)) return "an SPSS .sav file";
  if (absl::StartsWith(bytes, kSas7bdat)) return "a SAS .sas7bdat file";
  if (absl::StartsWith(bytes, "%PDF")) return "a PDF document";
  return "text or an unknown format";
}

absl::Status CheckMagic(FileFormat format, absl::string_view bytes, const std::string& file) {
  bool ok = true;
  switch (format) {
    case FileFormat::kCsv: return absl::OkStatus();
    case FileFormat::kStata: ok = LooksLikeStata(bytes); break;
    case FileFormat::kSpss: ok = LooksLikeSpss(bytes); break;
    case FileFormat::kSas: ok = absl::StartsWith(bytes, kSas7bdat); break;
    case FileFormat::kXlsx: ok = absl::StartsWith(bytes, kZip); break;
  }
  if (ok) return absl::OkStatus();
  if (format == FileFormat::kXlsx && absl::StartsWith(bytes, kCompoundFile)) {
    return absl::InvalidArgumentError(absl::StrCat(
        file, ": the workbook is encrypted (password-protected) or a legacy .xls saved under an .xlsx name: "
              "remove the password in Excel (File > Info > Protect Workbook) or save as .xlsx"));
  }
  return absl::InvalidArgumentError(absl::StrCat(file, ": not ", FormatName(format), " file: it is ",
                                                 SniffDescription(bytes)));
}

const char* FormatName(FileFormat format) {
  switch (format) {
    case FileFormat::kCsv: return "a CSV";
    case FileFormat::kStata: return "a Stata .dta";
    case FileFormat::kSpss: return "an SPSS .sav";
    case FileFormat::kSas: return "a SAS .sas7bdat";
    case FileFormat::kXlsx: return "an Excel .xlsx";
  }
  return "a supported";
}

}  // namespace govmetrics::files
