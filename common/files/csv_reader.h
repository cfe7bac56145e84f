#ifndef GOVMETRICS_COMMON_FILES_CSV_READER_H_
#define GOVMETRICS_COMMON_FILES_CSV_READER_H_

// CSV -> DataTable: the header row names the columns; each column is numeric or text by
// the rule in column_types.h (Stata's "." and NA are missing).

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/files/data_table.h"
#include "common/files/read_options.h"

namespace govmetrics::files {

// `file` names the source in messages.
absl::StatusOr<DataTable> ReadCsv(absl::string_view text, const std::string& file, const ReadOptions& options);

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_CSV_READER_H_
