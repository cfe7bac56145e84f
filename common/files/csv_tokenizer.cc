#include "common/files/csv_tokenizer.h"

#include <deque>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/files/file_error.h"

namespace govmetrics::files {
namespace {

// Scans one record starting at `pos`; appends its fields (views into `text`, or into
// `unescaped` for quoted fields holding doubled quotes). Returns the position after the
// record's line end, or npos for an unterminated quote. Counts newlines into `*line`.
size_t ScanRecord(absl::string_view text, size_t pos, int* line, std::vector<absl::string_view>* fields,
                  std::deque<std::string>* unescaped) {
  const size_t n = text.size();
  while (true) {
    if (pos < n && text[pos] == '"') {
      size_t start = ++pos;
      bool doubled = false;
      while (true) {
        const size_t quote = text.find('"', pos);
        if (quote == absl::string_view::npos) return absl::string_view::npos;
        if (quote + 1 < n && text[quote + 1] == '"') {
          doubled = true;
          pos = quote + 2;
          continue;
        }
        for (size_t i = start; i < quote; ++i) *line += text[i] == '\n';
        absl::string_view raw = text.substr(start, quote - start);
        if (doubled) {
          std::string clean;
          for (size_t i = 0; i < raw.size(); ++i) {
            clean += raw[i];
            if (raw[i] == '"') ++i;  // skip the second quote of a pair
          }
          unescaped->push_back(std::move(clean));
          raw = unescaped->back();
        }
        pos = quote + 1;
        // Text after the closing quote up to the delimiter is kept ("x"y -> xy), as
        // Python's csv module and the other govmetrics clients read it.
        size_t rest = pos;
        while (rest < n && text[rest] != ',' && text[rest] != '\n' && text[rest] != '\r') ++rest;
        if (rest > pos) {
          unescaped->push_back(std::string(raw) + std::string(text.substr(pos, rest - pos)));
          raw = unescaped->back();
          pos = rest;
        }
        fields->push_back(raw);
        break;
      }
    } else {
      size_t end = pos;
      while (end < n && text[end] != ',' && text[end] != '\n' && text[end] != '\r') ++end;
      fields->push_back(text.substr(pos, end - pos));
      pos = end;
    }
    if (pos >= n) return n;
    if (text[pos] == ',') {
      ++pos;
      continue;
    }
    if (text[pos] == '\r' && pos + 1 < n && text[pos + 1] == '\n') ++pos;
    ++*line;
    return pos + 1;
  }
}

}  // namespace

absl::Status ForEachCsvRecord(absl::string_view text, const std::string& file, const CsvRecordFn& fn) {
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<absl::string_view> fields;
  std::deque<std::string> unescaped;
  int line = 1;
  size_t pos = 0;
  while (pos < text.size()) {
    const int record_line = line;
    fields.clear();
    unescaped.clear();
    pos = ScanRecord(text, pos, &line, &fields, &unescaped);
    if (pos == absl::string_view::npos) {
      return FileError({file, "", record_line, "", ""}, "unterminated quote: the field's closing \" is missing");
    }
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    if (auto status = fn(record_line, fields); !status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace govmetrics::files
