#ifndef GOVMETRICS_COMMON_FILES_READ_PANEL_H_
#define GOVMETRICS_COMMON_FILES_READ_PANEL_H_

// The entry point for a data file, wherever it comes from (CLI --data, a workspace
// upload, a browser upload): picks the reader by the file name's extension, checks the
// size limit and the file's leading bytes, reads it into a DataTable, reshapes a wide
// layout if asked, and converts it to a Panel.
//
//   files::PanelFileOptions options;
//   options.entity = "state"; options.period = "year";
//   auto panel = files::ReadPanelFile("produc.dta", options);

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/files/data_table.h"
#include "common/files/read_options.h"
#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics::files {

struct PanelFileOptions {
  ReadOptions read;
  std::string entity = "entity";
  std::string period = "period";
  // Non-empty: the file is in wide layout with these stubs (see wide_to_long.h); the
  // period column is created under `period`.
  std::vector<std::string> wide_stubs;
};

// Any supported file held in memory; `file` is its name (extension picks the reader).
absl::StatusOr<DataTable> ReadDataTable(absl::string_view bytes, const std::string& file, const ReadOptions& options);

// Reads the whole file at `path` (RESOURCE_EXHAUSTED past options.max_bytes, NOT_FOUND
// if it cannot be opened).
absl::StatusOr<std::string> ReadFileBytes(const std::string& path, int64_t max_bytes);

absl::StatusOr<common::v1::Panel> ReadPanelBytes(absl::string_view bytes, const std::string& file,
                                                 const PanelFileOptions& options);
absl::StatusOr<common::v1::Panel> ReadPanelFile(const std::string& path, const PanelFileOptions& options);

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_READ_PANEL_H_
