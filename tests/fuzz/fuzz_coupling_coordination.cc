// libFuzzer target: contracts::ComputeCouplingCoordination (IndexService.ComputeCouplingCoordination).
// Input bytes are parsed as a serialized index::v1::ComputeCouplingCoordinationRequest; the returned status is ignored
// because the only properties checked are "no crash, no sanitizer report, no hang".

#include <cstddef>
#include <cstdint>

#include "common/contracts/index_request.h"
#include "common/stats/bootstrap_runner.h"
#include "tests/fuzz/fuzz_limits.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace govmetrics;  // NOLINT: keeps the fuzz bodies short
  index::v1::ComputeCouplingCoordinationRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return 0;
  if (!fuzz::PanelWithinLimits(request.panel())) return 0;
  (void)contracts::ComputeCouplingCoordination(request);
  return 0;
}
