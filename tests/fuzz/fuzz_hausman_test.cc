// libFuzzer target: contracts::HausmanTest (ModelingService.HausmanTest).
// Input bytes are parsed as a serialized modeling::v1::HausmanTestRequest; the returned status is ignored
// because the only properties checked are "no crash, no sanitizer report, no hang".

#include <cstddef>
#include <cstdint>

#include "common/contracts/fit_request.h"
#include "common/stats/bootstrap_runner.h"
#include "tests/fuzz/fuzz_limits.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace govmetrics;  // NOLINT: keeps the fuzz bodies short
  modeling::v1::HausmanTestRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return 0;
  if (!fuzz::PanelWithinLimits(request.panel())) return 0;
  if (request.regressors_size() > fuzz::kMaxNames ||
      !fuzz::TransformsWithinLimits(request.transforms_size())) {
    return 0;
  }
  fuzz::ClampVariance(request.mutable_variance(), stats::kMaxReplications);
  (void)contracts::HausmanTest(request, nullptr);
  return 0;
}
