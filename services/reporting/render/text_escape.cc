#include "services/reporting/render/text_escape.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace govmetrics::reporting {
namespace {

// Decodes the UTF-8 code point at text[i]; sets `length`. Malformed bytes decode as
// themselves (length 1) so that escaping never loops or drops input.
uint32_t DecodeAt(absl::string_view text, size_t i, size_t* length) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  auto cont = [&](size_t k) -> int {
    if (i + k >= text.size()) return -1;
    const auto b = static_cast<unsigned char>(text[i + k]);
    return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
  };
  if (b0 < 0x80) {
    *length = 1;
    return b0;
  }
  if ((b0 & 0xE0) == 0xC0 && cont(1) >= 0) {
    *length = 2;
    return ((b0 & 0x1F) << 6) | cont(1);
  }
  if ((b0 & 0xF0) == 0xE0 && cont(1) >= 0 && cont(2) >= 0) {
    *length = 3;
    return ((b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2);
  }
  if ((b0 & 0xF8) == 0xF0 && cont(1) >= 0 && cont(2) >= 0 && cont(3) >= 0) {
    *length = 4;
    return ((b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
  }
  *length = 1;
  return b0;
}

bool IsWide(uint32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || c >= 0x20000;
}

bool IsCjk(uint32_t c) {
  return (c >= 0x3000 && c <= 0x303F) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFF00 && c <= 0xFFEF) || c >= 0x20000;
}

const char* LatexSymbol(uint32_t c) {
  switch (c) {
    case 0x2192:
      return "\\ensuremath{\\rightarrow}";
    case 0x2190:
      return "\\ensuremath{\\leftarrow}";
    case 0x00D7:
      return "\\ensuremath{\\times}";
    case 0x00B7:
      return "\\ensuremath{\\cdot}";
    case 0x00B2:
      return "\\textsuperscript{2}";
    case 0x00B3:
      return "\\textsuperscript{3}";
    case 0x2264:
      return "\\ensuremath{\\leq}";
    case 0x2265:
      return "\\ensuremath{\\geq}";
    case 0x2260:
      return "\\ensuremath{\\neq}";
    case 0x2248:
      return "\\ensuremath{\\approx}";
    case 0x2212:
      return "\\ensuremath{-}";
    case 0x00B1:
      return "\\ensuremath{\\pm}";
    case 0x2026:
      return "\\ldots{}";
    case 0x03B1:
      return "\\ensuremath{\\alpha}";
    case 0x03B2:
      return "\\ensuremath{\\beta}";
    case 0x03B3:
      return "\\ensuremath{\\gamma}";
    case 0x03B4:
      return "\\ensuremath{\\delta}";
    case 0x03B5:
      return "\\ensuremath{\\varepsilon}";
    case 0x03BC:
      return "\\ensuremath{\\mu}";
    case 0x03C1:
      return "\\ensuremath{\\rho}";
    case 0x03C3:
      return "\\ensuremath{\\sigma}";
    case 0x03C7:
      return "\\ensuremath{\\chi}";
    default:
      return nullptr;
  }
}

}  // namespace

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string XmlEscape(absl::string_view text) {
  std::string kept;
  kept.reserve(text.size());
  for (char ch : text) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') continue;
    kept += ch;
  }
  return HtmlEscape(kept);
}

std::string LatexEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size();) {
    size_t length = 1;
    const uint32_t c = DecodeAt(text, i, &length);
    switch (c) {
      case '\\':
        out += "\\textbackslash{}";
        break;
      case '&':
      case '%':
      case '$':
      case '#':
      case '_':
      case '{':
      case '}':
        out += '\\';
        out += static_cast<char>(c);
        break;
      case '~':
        out += "\\textasciitilde{}";
        break;
      case '^':
        out += "\\textasciicircum{}";
        break;
      case '<':
        out += "\\textless{}";
        break;
      case '>':
        out += "\\textgreater{}";
        break;
      case '|':
        out += "\\textbar{}";
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        if (const char* symbol = LatexSymbol(c)) {
          out += symbol;
        } else {
          out.append(text.data() + i, length);
        }
    }
    i += length;
  }
  return out;
}

std::string LatexCell(absl::string_view text) {
  size_t stars = 0;
  while (stars < text.size() && text[text.size() - 1 - stars] == '*') ++stars;
  if (stars == 0 || stars == text.size()) return LatexEscape(text);
  return absl::StrCat(LatexEscape(text.substr(0, text.size() - stars)), "\\textsuperscript{",
                      std::string(stars, '*'), "}");
}

std::string MarkdownEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char ch : text) {
    switch (ch) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '#':
        out += '\\';
        out += ch;
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string CsvField(absl::string_view text) {
  std::string value(text);
  if (!value.empty()) {
    const char first = value[0];
    const bool signed_number = (first == '+' || first == '-') && value.size() > 1 &&
                               ((value[1] >= '0' && value[1] <= '9') || value[1] == '.');
    if (first == '=' || first == '@' || first == '\t' || first == '\r' ||
        ((first == '+' || first == '-') && value.size() > 1 && !signed_number)) {
      value.insert(value.begin(), '\'');
    }
  }
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char ch : value) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

std::string CsvRow(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += CsvField(fields[i]);
  }
  out += "\r\n";
  return out;
}

std::string SafeId(absl::string_view id) {
  std::string out;
  for (char ch : id) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
    out += ok ? ch : '-';
  }
  return out.empty() ? "x" : out;
}

bool ContainsCjk(absl::string_view text) {
  for (size_t i = 0; i < text.size();) {
    size_t length = 1;
    if (IsCjk(DecodeAt(text, i, &length))) return true;
    i += length;
  }
  return false;
}

bool ContainsNonAscii(absl::string_view text) {
  for (char ch : text) {
    if (static_cast<unsigned char>(ch) >= 0x80) return true;
  }
  return false;
}

double ApproxTextWidth(absl::string_view text, double font_size) {
  double em = 0;
  for (size_t i = 0; i < text.size();) {
    size_t length = 1;
    const uint32_t c = DecodeAt(text, i, &length);
    if (IsWide(c)) {
      em += 1.0;
    } else if (c == ' ' || c == '.' || c == ',' || c == '(' || c == ')' || c == '\'' || c == 'i' ||
               c == 'l' || c == 'j' || c == 't' || c == 'f' || c == 'r') {
      em += 0.36;
    } else if ((c >= 'A' && c <= 'Z') || c == 'm' || c == 'w') {
      em += 0.72;
    } else {
      em += 0.6;
    }
    i += length;
  }
  return em * font_size;
}

std::vector<std::string> WrapText(absl::string_view text, double max_width, double font_size,
                                  int max_lines) {
  // Units: words (separated by spaces) or single wide characters, each remembering
  // whether a space preceded it.
  struct Unit {
    std::string text;
    bool space_before;
  };
  std::vector<Unit> units;
  bool pending_space = false;
  bool last_wide = false;
  for (size_t i = 0; i < text.size();) {
    size_t length = 1;
    const uint32_t c = DecodeAt(text, i, &length);
    const std::string piece(text.substr(i, length));
    i += length;
    if (c == ' ' || c == '\n' || c == '\t') {
      pending_space = !units.empty();
      continue;
    }
    const bool wide = IsWide(c);
    // A wide character is a unit of its own (CJK breaks anywhere); narrow characters
    // extend the current word unless a space or a wide character came before.
    if (wide || units.empty() || pending_space || last_wide) {
      units.push_back({piece, pending_space});
    } else {
      units.back().text += piece;
    }
    pending_space = false;
    last_wide = wide;
  }
  std::vector<std::string> lines;
  std::string current;
  bool truncated = false;
  for (const Unit& unit : units) {
    const std::string candidate =
        current.empty() ? unit.text
                        : absl::StrCat(current, unit.space_before ? " " : "", unit.text);
    if (current.empty() || ApproxTextWidth(candidate, font_size) <= max_width) {
      current = candidate;
      continue;
    }
    lines.push_back(current);
    current = unit.text;
    if (static_cast<int>(lines.size()) == max_lines) {
      truncated = true;
      break;
    }
  }
  if (!truncated && !current.empty()) lines.push_back(current);
  if (truncated && !lines.empty()) lines.back() += "…";
  if (max_lines > 0 && static_cast<int>(lines.size()) > max_lines) lines.resize(max_lines);
  return lines;
}

}  // namespace govmetrics::reporting
