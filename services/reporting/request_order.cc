#include "services/reporting/request_order.h"

#include <algorithm>
#include <numeric>

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

bool WildBootstrapOn(const mv1::FitPanelModelRequest& request) {
  // The flat `variance` field is deprecated but still honoured by the modeling service.
  return request.model().variance().wild_bootstrap().enabled() || request.variance().wild_bootstrap().enabled();
}

}  // namespace

ExpectedCost ExpectedCostOf(const ServiceRequest& request) {
  if (const auto* r = std::get_if<mv1::FitThresholdModelRequest>(&request)) {
    return r->bootstrap_replications() >= 0 ? ExpectedCost::kResampledFits : ExpectedCost::kPlain;  // 0 means 300
  }
  if (const auto* r = std::get_if<mv1::FitPanelModelRequest>(&request)) {
    return WildBootstrapOn(*r) ? ExpectedCost::kResampledFits : ExpectedCost::kPlain;
  }
  if (const auto* r = std::get_if<mv1::AnalyzeMediationRequest>(&request)) {
    return r->bootstrap().replications() > 0 ? ExpectedCost::kResampling : ExpectedCost::kPlain;
  }
  if (const auto* r = std::get_if<mv1::CompareGroupsRequest>(&request)) {
    return r->permutations() > 0 ? ExpectedCost::kResampling : ExpectedCost::kPlain;
  }
  if (const auto* r = std::get_if<mv1::AnalyzeSpatialAutocorrelationRequest>(&request)) {
    return r->permutations() >= 0 ? ExpectedCost::kResampling : ExpectedCost::kPlain;  // 0 means 999
  }
  if (const auto* r = std::get_if<mv1::FitSpatialPanelRequest>(&request)) {
    return r->effect_draws() >= 0 ? ExpectedCost::kResampling : ExpectedCost::kPlain;  // 0 means 1000
  }
  return ExpectedCost::kPlain;
}

std::vector<size_t> LongestFirst(const std::vector<PlannedRequest>& requests) {
  std::vector<ExpectedCost> cost;
  cost.reserve(requests.size());
  for (const auto& planned : requests) cost.push_back(ExpectedCostOf(planned.request));
  std::vector<size_t> order(requests.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&cost](size_t a, size_t b) { return cost[a] > cost[b]; });
  return order;
}

}  // namespace govmetrics::reporting
