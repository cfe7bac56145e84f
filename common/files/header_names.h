#ifndef GOVMETRICS_COMMON_FILES_HEADER_NAMES_H_
#define GOVMETRICS_COMMON_FILES_HEADER_NAMES_H_

// Checks on a table's column names, the same for every reader: no empty name, no name
// used twice (a Panel addresses columns by name, so a duplicate would hide data).

#include "absl/status/status.h"
#include "common/files/data_table.h"

namespace govmetrics::files {

absl::Status CheckHeaderNames(const DataTable& table);

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_HEADER_NAMES_H_
