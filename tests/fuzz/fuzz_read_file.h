#ifndef GOVMETRICS_TESTS_FUZZ_FUZZ_READ_FILE_H_
#define GOVMETRICS_TESTS_FUZZ_FUZZ_READ_FILE_H_

// The body shared by the file-reader fuzz targets (fuzz_read_<format>.cc): read the bytes
// as a file named `name` and, if that works, build a Panel from the first two columns
// and from a wide reshape of it, so the later stages see fuzzed tables too.

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/files/panel_from_table.h"
#include "common/files/read_panel.h"
#include "common/files/wide_to_long.h"

namespace govmetrics::files {

inline void FuzzReadFile(const uint8_t* data, size_t size, const std::string& name) {
  ReadOptions options;
  options.max_bytes = 1 << 20;  // zip parts too: a fuzzed zip bomb stops at 1 MiB
  auto table = ReadDataTable(std::string(reinterpret_cast<const char*>(data), size), name, options);
  if (!table.ok() || table->columns.size() < 2) return;
  (void)PanelFromTable(*table, table->columns[0].name, table->columns[1].name);
  auto wide = WideToLong(*table, {"x"}, "fuzz_period");
  if (wide.ok()) (void)PanelFromTable(*wide, wide->columns[0].name, "fuzz_period");
}

}  // namespace govmetrics::files

#endif  // GOVMETRICS_TESTS_FUZZ_FUZZ_READ_FILE_H_
