#include "common/stats/stop_check.h"

namespace govmetrics::stats {

absl::Status CheckStop(const StopPredicate* should_stop) {
  if (should_stop != nullptr && *should_stop && (*should_stop)()) {
    return absl::CancelledError("computation stopped: request cancelled or deadline exceeded");
  }
  return absl::OkStatus();
}

}  // namespace govmetrics::stats
