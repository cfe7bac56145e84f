#include "services/reporting/request_plan.h"

namespace govmetrics::reporting {

void RequestPlan::Add(const std::string& key, ServiceRequest request) {
  if (index_.count(key) > 0) return;
  index_[key] = requests_.size();
  requests_.push_back({key, step_, std::move(request)});
}

}  // namespace govmetrics::reporting
