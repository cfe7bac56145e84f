#include "common/contracts/columnar_checks.h"

#include <cstring>
#include <limits>

namespace govmetrics::contracts {
namespace {

// Whether every value is finite: its exponent bits are not all ones (NaN and the
// infinities have them so). Integer compares, so the loop vectorises.
bool AllFiniteValues(const double* values, size_t count) {
  constexpr uint64_t kExponent = 0x7FF0000000000000ULL;
  uint64_t non_finite = 0;
  for (size_t i = 0; i < count; ++i) {
    uint64_t bits;
    std::memcpy(&bits, values + i, sizeof(bits));
    non_finite |= static_cast<uint64_t>((bits & kExponent) == kExponent);
  }
  return non_finite == 0;
}

}  // namespace

void ColumnarChecks::AddRows(const std::vector<const double*>& column_values,
                             absl::Span<const int32_t> entity, absl::Span<const int32_t> period) {
  if (rows_ < 0) return;
  rows_ += static_cast<int64_t>(entity.size());
  for (size_t c = 0; c < column_values.size(); ++c) {
    if (finite_[c]) finite_[c] = AllFiniteValues(column_values[c], entity.size());
  }
  for (size_t r = 0; r < entity.size() && periods_increase_; ++r) {
    const auto code = static_cast<size_t>(entity[r]);
    if (code >= last_period_.size()) {
      last_period_.resize(code + 1, std::numeric_limits<int64_t>::min());
    }
    periods_increase_ = period[r] > last_period_[code];
    last_period_[code] = period[r];
  }
  if (!periods_increase_) std::vector<int64_t>().swap(last_period_);
}

}  // namespace govmetrics::contracts
