#ifndef GOVMETRICS_SERVICES_REPORTING_REQUEST_RUNNER_H_
#define GOVMETRICS_SERVICES_REPORTING_REQUEST_RUNNER_H_

// Runs a RequestPlan: the planned requests are independent of each other, so up to
// `max_in_flight` of them are in flight at once (the services answer them on their own
// threads). They are started longest first (request_order.h), so the round is not left
// waiting on a long request queued behind short ones. The first failure in plan order
// is returned, prefixed with the step that planned it ("robustness step: ..."), its
// details (BadRequest) kept; once a request fails or the caller cancels, requests not
// yet started are skipped.

#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "services/reporting/request_plan.h"
#include "services/reporting/service_calls.h"

namespace govmetrics::reporting {

inline constexpr int kDefaultMaxInFlight = 8;

absl::Status RunRequests(const RequestPlan& plan, const ServiceCalls& services,
                         grpc::ServerContext* parent, ResponseSet& responses,
                         int max_in_flight = kDefaultMaxInFlight);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_REQUEST_RUNNER_H_
