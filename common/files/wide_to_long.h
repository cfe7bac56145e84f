#ifndef GOVMETRICS_COMMON_FILES_WIDE_TO_LONG_H_
#define GOVMETRICS_COMMON_FILES_WIDE_TO_LONG_H_

// Yearbook (wide) layout -> long panel layout, as Stata's `reshape long stub, i(id)
// j(year)`: columns named <stub><year> (also <stub>_<year>, <stub>.<year>) become one
// column <stub> with one row per (row, year). With a single stub and no column carrying
// it as a prefix, bare year columns (2015, 2016, ...) are that stub's values, as one
// indicator per sheet is printed. Every other column is an identifier copied to each
// output row. Years missing for one stub are NaN.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/files/data_table.h"

namespace govmetrics::files {

// `period` names the new year column. INVALID_ARGUMENT naming the file if a stub matches
// no column, a wide column holds text, or `period` is already a column.
absl::StatusOr<DataTable> WideToLong(const DataTable& wide, const std::vector<std::string>& stubs,
                                     const std::string& period);

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_WIDE_TO_LONG_H_
