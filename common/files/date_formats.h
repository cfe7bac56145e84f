#ifndef GOVMETRICS_COMMON_FILES_DATE_FORMATS_H_
#define GOVMETRICS_COMMON_FILES_DATE_FORMATS_H_

// Calendar time in statistical files: which display formats mean a date (Stata %td/%tm/
// ..., SPSS DATE/ADATE/DATETIME, SAS DATE9/YYMMDD/DATETIME, Excel date number formats),
// and the calendar year of a stored value.

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/files/data_table.h"
#include "common/files/file_format.h"

namespace govmetrics::files {

struct DateEncoding {
  DateKind kind = DateKind::kNone;
  long origin_days = 0;  // days from 1970-01-01 to the format's day zero
};

// The encoding a variable's display format implies in a file of `format`.
DateEncoding DateEncodingOf(FileFormat format, absl::string_view display_format);

// Calendar year of `value` stored with `kind` (NaN: OUT_OF_RANGE is not returned; callers
// skip missing values). INVALID_ARGUMENT if the value is not finite or out of range.
absl::StatusOr<int> YearOf(double value, DateKind kind, long origin_days);

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_DATE_FORMATS_H_
