#ifndef GOVMETRICS_TESTS_REFERENCE_REFERENCE_PANEL_H_
#define GOVMETRICS_TESTS_REFERENCE_REFERENCE_PANEL_H_

// A committed panel file (tests/reference/data, data/demo, ...) read the way every user
// file is read (common/files), so tests exercise the one reader the CLI, the workspace
// and the gateway use.

#include <string>

#include "absl/status/statusor.h"
#include "common/files/read_panel.h"
#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics {

// `path` is absolute, or relative to the source tree.
inline absl::StatusOr<common::v1::Panel> ReadReferencePanel(const std::string& path, const std::string& entity,
                                                            const std::string& period) {
  files::PanelFileOptions options;
  options.entity = entity;
  options.period = period;
  const bool absolute = !path.empty() && path[0] == '/';
  return files::ReadPanelFile(absolute ? path : std::string(GOVMETRICS_SOURCE_DIR) + "/" + path, options);
}

}  // namespace govmetrics

#endif  // GOVMETRICS_TESTS_REFERENCE_REFERENCE_PANEL_H_
