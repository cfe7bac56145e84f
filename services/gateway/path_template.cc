#include "services/gateway/path_template.h"

#include <cctype>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace govmetrics::gateway {
namespace {

bool IsLiteralChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
         c == '~' || c == '%';
}

// Regular expression of "seg/seg/..." inside or outside a variable.
absl::StatusOr<std::string> SegmentsRegex(absl::string_view segments, absl::string_view whole) {
  std::string out;
  bool first = true;
  for (absl::string_view segment : absl::StrSplit(segments, '/')) {
    if (!first) out += "/";
    first = false;
    // Segments never contain ':' here: a final ":verb" is not part of any variable
    // (so GET /v1/datasets/d1:read does not match /v1/{name=datasets/*}).
    if (segment == "*") {
      out += "[^/:]+";
    } else if (segment == "**") {
      out += "[^:]+";
    } else {
      if (segment.empty()) return absl::InvalidArgumentError(absl::StrCat("empty segment in '", whole, "'"));
      for (char c : segment) {
        if (!IsLiteralChar(c)) {
          return absl::InvalidArgumentError(
              absl::StrCat("character '", std::string(1, c), "' not allowed in '", whole, "'"));
        }
        if (c == '.') out += "\\";
        out += c;
      }
    }
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<PathTemplate> PathTemplate::Parse(absl::string_view text) {
  if (text.empty() || text[0] != '/') {
    return absl::InvalidArgumentError(absl::StrCat("path template '", text, "' must start with '/'"));
  }
  if (text.find("//") != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat("empty segment in '", text, "'"));
  }
  PathTemplate parsed;
  parsed.text_ = std::string(text);
  std::string regex = "^";
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find('{', i);
    const absl::string_view literal = text.substr(i, open == absl::string_view::npos ? text.size() - i : open - i);
    // Literal stretch: '/', ':' (the verb) and segments.
    std::string pending;
    for (char c : literal) {
      if (c == '/' || c == ':') {
        if (!pending.empty()) {
          auto part = SegmentsRegex(pending, text);
          if (!part.ok()) return part.status();
          regex += *part;
          pending.clear();
        }
        regex += c;
      } else {
        pending += c;
      }
    }
    if (!pending.empty()) {
      auto part = SegmentsRegex(pending, text);
      if (!part.ok()) return part.status();
      regex += *part;
    }
    if (open == absl::string_view::npos) break;
    const size_t close = text.find('}', open);
    if (close == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat("unclosed '{' in '", text, "'"));
    }
    const absl::string_view variable = text.substr(open + 1, close - open - 1);
    const size_t equals = variable.find('=');
    const absl::string_view field = variable.substr(0, equals);
    const absl::string_view pattern = equals == absl::string_view::npos ? "*" : variable.substr(equals + 1);
    auto part = SegmentsRegex(pattern, text);
    if (!part.ok()) return part.status();
    parsed.variables_.emplace_back(field);
    regex += absl::StrCat("(", *part, ")");
    i = close + 1;
  }
  regex += "$";
  parsed.regex_ = std::regex(regex, std::regex::ECMAScript | std::regex::optimize);
  return parsed;
}

bool PathTemplate::Match(absl::string_view path, PathBindings* bindings) const {
  std::match_results<absl::string_view::const_iterator> match;
  if (!std::regex_match(path.begin(), path.end(), match, regex_)) return false;
  bindings->clear();
  for (size_t v = 0; v < variables_.size(); ++v) {
    bindings->emplace_back(variables_[v], PercentDecode(match[v + 1].str()));
  }
  return true;
}

std::string PathTemplate::OpenApiPath() const {
  std::string out;
  size_t i = 0;
  while (i < text_.size()) {
    const size_t open = text_.find('{', i);
    if (open == std::string::npos) {
      out += text_.substr(i);
      break;
    }
    out += text_.substr(i, open - i);
    const size_t close = text_.find('}', open);
    const std::string variable = text_.substr(open + 1, close - open - 1);
    out += absl::StrCat("{", variable.substr(0, variable.find('=')), "}");
    i = close + 1;
  }
  return out;
}

}  // namespace govmetrics::gateway
