#ifndef GOVMETRICS_SERVICES_WORKSPACE_VALUE_RUNS_H_
#define GOVMETRICS_SERVICES_WORKSPACE_VALUE_RUNS_H_

// A stored chunk's entity codes (runs of one code) or periods (runs of consecutive
// periods) as runs: run i is lengths[i] rows starting at values[i]. What the COLUMNAR
// stream sends with run_length_codes (columnar_chunk.h), and what a stored entity-runs
// part decodes to (stored_entity_runs.h).

#include <cstdint>
#include <vector>

namespace govmetrics::workspace {

struct ValueRuns {
  std::vector<int32_t> values;
  std::vector<int32_t> lengths;
  int64_t rows = 0;

  void Clear() {
    values.clear();
    lengths.clear();
    rows = 0;
  }
  void Add(int32_t value, int64_t length) {
    values.push_back(value);
    lengths.push_back(static_cast<int32_t>(length));  // a stored chunk has far fewer rows
    rows += length;
  }
};

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_VALUE_RUNS_H_
