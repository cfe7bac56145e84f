#ifndef GOVMETRICS_COMMON_FILES_CSV_TOKENIZER_H_
#define GOVMETRICS_COMMON_FILES_CSV_TOKENIZER_H_

// RFC 4180 CSV records (quoted fields, embedded commas/quotes/newlines; CRLF or LF), UTF-8
// throughout so Chinese province names round-trip byte for byte. A UTF-8 BOM (Excel's
// habit) is skipped. Fields are handed out as views into the input where possible, so a
// million-row file is not copied cell by cell.

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace govmetrics::files {

// Called once per record (blank lines are skipped) with the 1-based line on which the
// record starts. The views are valid only during the call.
using CsvRecordFn = std::function<absl::Status(int line, const std::vector<absl::string_view>& fields)>;

// INVALID_ARGUMENT "<file>, row N: unterminated quote ..." for a quote never closed;
// otherwise the first non-OK status `fn` returns. `file` names the source in messages.
absl::Status ForEachCsvRecord(absl::string_view text, const std::string& file, const CsvRecordFn& fn);

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_CSV_TOKENIZER_H_
