#ifndef GOVMETRICS_COMMON_RPC_REQUEST_LIMITS_H_
#define GOVMETRICS_COMMON_RPC_REQUEST_LIMITS_H_

// Size limits on what one request may ask a server to do (panel rows and columns,
// resampling replications), checked generically with protobuf reflection so that no
// service has to remember to call it, and a new RPC carrying a Panel is covered the day
// it is added.
//
// What is inspected, anywhere in the request (nested messages and repeated ones too):
// - every field whose type is govmetrics.common.v1.Panel: rows (the longest row-aligned
//   array) against max_rows, numeric + label columns against max_columns;
// - every integer field named `replications`, `permutations` or ending in
//   `_replications` (Bootstrap.replications, CompareGroupsRequest.permutations,
//   WildBootstrap.replications, StudySpec.wild_bootstrap_replications ...) against
//   max_replications.
// A violation is RESOURCE_EXHAUSTED naming the field path, the value, the limit and the
// flag, with a google.rpc.QuotaFailure detail.

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace govmetrics::rpc {

struct RequestLimits {
  long long max_rows = 0;          // 0 = unlimited
  long long max_columns = 0;       // 0 = unlimited
  long long max_replications = 0;  // 0 = unlimited
};

// How much a request asks for: its largest panel (rows, numeric + label columns) and its
// largest replication count. The same walk that checks the limits measures it; the
// server uses it to decide where the call runs (unary_reactor.h).
struct RequestSize {
  long long rows = 0;
  long long columns = 0;
  long long replications = 0;
};

// Checks `request` against `limits` and, when `size` is given, measures it (on a
// violation `size` holds what was seen up to the offending field).
absl::Status CheckRequestLimits(const google::protobuf::Message& request,
                                const RequestLimits& limits, RequestSize* size = nullptr);

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_REQUEST_LIMITS_H_
