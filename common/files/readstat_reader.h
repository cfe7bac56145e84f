#ifndef GOVMETRICS_COMMON_FILES_READSTAT_READER_H_
#define GOVMETRICS_COMMON_FILES_READSTAT_READER_H_

// Stata .dta (every release ReadStat reads: 104-119), SPSS .sav/.zsav and SAS .sas7bdat
// -> DataTable, through ReadStat (libreadstat) reading from memory, so uploads and files
// take the same path. Numeric variables stay numeric; Stata's ., .a-.z, SPSS system- and
// user-defined missing values and SAS missing values become NaN; value labels and date
// display formats are kept on the column for the Panel conversion.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/files/data_table.h"
#include "common/files/file_format.h"
#include "common/files/read_options.h"

namespace govmetrics::files {

// `format` is kStata, kSpss or kSas; `file` names the source in messages.
absl::StatusOr<DataTable> ReadStatFile(absl::string_view bytes, FileFormat format, const std::string& file,
                                       const ReadOptions& options);

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_READSTAT_READER_H_
