#include "services/gateway/http_metrics.h"


#include "absl/strings/str_cat.h"
#include "common/rpc/metrics.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace govmetrics::gateway {
namespace {

struct HttpFamilies {
  prometheus::Family<prometheus::Counter>* requests;
  prometheus::Family<prometheus::Histogram>* seconds;
};

HttpFamilies& Families() {
  static HttpFamilies* families = new HttpFamilies{
      &prometheus::BuildCounter()
           .Name("http_requests_total")
           .Help("HTTP requests served by the gateway, by method, route template and status.")
           .Register(rpc::MetricsRegistry()),
      &prometheus::BuildHistogram()
           .Name("http_request_duration_seconds")
           .Help("Time from request to response headers (to the end of the stream for "
                 "server-sent events), by method and route template.")
           .Register(rpc::MetricsRegistry()),
  };
  return *families;
}

}  // namespace

void RecordHttpRequest(absl::string_view method, absl::string_view route, int status,
                       double seconds) {
  // Family::Add is thread-safe and returns the existing series for known labels.
  HttpFamilies& families = Families();
  families.requests
      ->Add({{"method", std::string(method)}, {"route", std::string(route)},
             {"code", absl::StrCat(status)}})
      .Increment();
  families.seconds
      ->Add({{"method", std::string(method)}, {"route", std::string(route)}},
            rpc::LatencyBuckets())
      .Observe(seconds);
}

}  // namespace govmetrics::gateway
