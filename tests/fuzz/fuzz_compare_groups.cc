// libFuzzer target: contracts::CompareGroups (ModelingService.CompareGroups).
// Input bytes are parsed as a serialized modeling::v1::CompareGroupsRequest; the returned status is ignored
// because the only properties checked are "no crash, no sanitizer report, no hang".

#include <cstddef>
#include <cstdint>

#include "common/contracts/group_request.h"
#include "common/stats/bootstrap_runner.h"
#include "tests/fuzz/fuzz_limits.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace govmetrics;  // NOLINT: keeps the fuzz bodies short
  modeling::v1::CompareGroupsRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return 0;
  if (!fuzz::PanelWithinLimits(request.panel())) return 0;
  if (request.regressors_size() > fuzz::kMaxNames || request.compare_size() > fuzz::kMaxNames ||
      !fuzz::TransformsWithinLimits(request.model().transforms_size())) {
    return 0;
  }
  request.set_permutations(
      fuzz::ClampReplications(request.permutations(), stats::kMaxReplications));
  fuzz::ClampVariance(request.mutable_model()->mutable_variance(), stats::kMaxReplications);
  (void)contracts::CompareGroups(request, nullptr);
  return 0;
}
