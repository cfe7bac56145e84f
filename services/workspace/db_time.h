#ifndef GOVMETRICS_SERVICES_WORKSPACE_DB_TIME_H_
#define GOVMETRICS_SERVICES_WORKSPACE_DB_TIME_H_

// Every time column is BIGINT microseconds since the Unix epoch (portable across SQLite
// and PostgreSQL, and exact).

#include <cstdint>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace govmetrics::workspace {

inline int64_t NowMicros() { return absl::ToUnixMicros(absl::Now()); }

inline void SetTimestamp(int64_t micros, google::protobuf::Timestamp* timestamp) {
  timestamp->set_seconds(micros / 1000000);
  timestamp->set_nanos(static_cast<int32_t>(micros % 1000000) * 1000);
}

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_DB_TIME_H_
