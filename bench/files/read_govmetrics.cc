// Times common/files reading a data file into a Panel (file bytes -> DataTable -> Panel),
// for bench/files/run.sh, which times pandas on the same file in the same run.
//
//   read_govmetrics FILE ENTITY PERIOD [REPEATS=3]
// Prints "seconds=<best of REPEATS> rows=<n> columns=<numeric> labels=<text>".

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/files/read_panel.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: read_govmetrics FILE ENTITY PERIOD [REPEATS]\n");
    return 2;
  }
  const int repeats = argc > 4 ? std::atoi(argv[4]) : 3;
  govmetrics::files::PanelFileOptions options;
  options.entity = argv[2];
  options.period = argv[3];
  options.read.max_bytes = int64_t{8} << 30;
  double best = 1e300;
  govmetrics::common::v1::Panel panel;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    auto read = govmetrics::files::ReadPanelFile(argv[1], options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!read.ok()) {
      std::fprintf(stderr, "%s\n", read.status().ToString().c_str());
      return 1;
    }
    if (seconds < best) best = seconds;
    panel = std::move(*read);
  }
  std::printf("seconds=%.3f rows=%d columns=%d labels=%d\n", best, panel.entity_size(), panel.columns_size(),
              panel.labels_size());
  return 0;
}
