#ifndef GOVMETRICS_COMMON_RPC_PROCESS_METRICS_H_
#define GOVMETRICS_COMMON_RPC_PROCESS_METRICS_H_

// The standard Prometheus process_* metrics (the names every Go and Java exporter uses),
// read from /proc/self when scraped: process_resident_memory_bytes,
// process_virtual_memory_bytes, process_cpu_seconds_total, process_start_time_seconds,
// process_open_fds, process_max_fds, process_threads. prometheus-cpp has no such
// collector, and these are what memory-leak and fd-leak alerts are written against.

#include <vector>

#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace govmetrics::rpc {

class ProcessCollector : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override;
};

// Resident set size of this process in bytes (0 when /proc is unreadable).
double ResidentMemoryBytes();

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_PROCESS_METRICS_H_
