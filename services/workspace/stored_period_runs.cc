#include "services/workspace/stored_period_runs.h"

#include <limits>

#include "services/workspace/wire_varint.h"

namespace govmetrics::workspace {

bool PeriodRunsOf(const std::string& period_part, ValueRuns* runs) {
  const char* p = period_part.data();
  const char* end = p + period_part.size();
  int32_t start = 0;
  int64_t length = 0, next = 0;  // next: the period that extends the current run
  while (p < end) {
    uint64_t value = 0;
    if (!ReadVarint(&p, end, &value)) return false;
    const auto period = static_cast<int32_t>(static_cast<uint32_t>(value));
    if (length > 0 && period == next) {
      ++length;
      ++next;
      continue;
    }
    if (length > 0) runs->Add(start, length);
    start = period;
    length = 1;
    next = static_cast<int64_t>(period) + 1;
  }
  if (length > 0) runs->Add(start, length);
  return true;
}

std::string PeriodRunsPartOf(const std::string& period_part) {
  ValueRuns runs;
  PeriodRunsOf(period_part, &runs);
  std::string part;
  for (size_t i = 0; i < runs.values.size(); ++i) {
    AppendVarint(static_cast<uint32_t>(runs.values[i]), &part);
    AppendVarint(static_cast<uint64_t>(runs.lengths[i]), &part);
  }
  return part;
}

bool DecodePeriodRuns(const std::string& part, ValueRuns* runs) {
  constexpr uint64_t kMaxInt32 = std::numeric_limits<int32_t>::max();
  const char* p = part.data();
  const char* end = p + part.size();
  while (p < end) {
    uint64_t start = 0, length = 0;
    if (!ReadVarint(&p, end, &start) || !ReadVarint(&p, end, &length) ||
        start > std::numeric_limits<uint32_t>::max() || length == 0 || length > kMaxInt32) {
      return false;
    }
    runs->Add(static_cast<int32_t>(static_cast<uint32_t>(start)), static_cast<int64_t>(length));
  }
  return true;
}

}  // namespace govmetrics::workspace
