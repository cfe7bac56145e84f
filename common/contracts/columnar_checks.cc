#include "common/contracts/columnar_checks.h"

#include <cstring>
#include <limits>

namespace govmetrics::contracts {
namespace {

// Below every period (an int32): an entity without rows yet.
constexpr int64_t kNoPeriod = std::numeric_limits<int64_t>::min();

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
    if (code >= last_period_.size()) {  // a new code (first-appearance order): its first row
      last_period_.resize(code + 1, kNoPeriod);
      first_period_.resize(code + 1, kNoPeriod);
      first_period_[code] = period[r];
    }
    periods_increase_ = period[r] > last_period_[code];
    last_period_[code] = period[r];
  }
  if (!periods_increase_) PeriodsRepeat();
}

void ColumnarChecks::Join(const ColumnarChecks& next, absl::Span<const int32_t> next_to_ours) {
  if (rows_ < 0 || next.rows_ < 0 || next.finite_.size() != finite_.size()) {
    *this = ColumnarChecks();  // no facts
    return;
  }
  for (size_t c = 0; c < finite_.size(); ++c) finite_[c] = finite_[c] && next.finite_[c];
  // Without the periods (Finished), nothing is proven: the full check runs.
  if (!(periods_increase_ && next.periods_increase_ && PeriodsKnown() && next.PeriodsKnown() &&
        JoinPeriods(next, next_to_ours))) {
    PeriodsRepeat();
  }
  rows_ += next.rows_;  // after PeriodsKnown, which tells an empty panel by its rows
}

// One step per entity of `next`, not per row: the join costs no pass over the rows. Each
// entity's periods increase within `next`, so they increase over both exactly when its
// first in `next` is above its last (and largest) before it: the same fact AddRows would
// have gathered row by row over both.
bool ColumnarChecks::JoinPeriods(const ColumnarChecks& next,
                                 absl::Span<const int32_t> next_to_ours) {
  if (next_to_ours.size() < next.last_period_.size()) return false;  // codes not mapped
  for (size_t k = 0; k < next.last_period_.size(); ++k) {
    if (next.last_period_[k] == kNoPeriod) continue;  // no row of `next` has this code
    const auto ours = static_cast<size_t>(next_to_ours[k]);
    if (ours >= last_period_.size()) {
      last_period_.resize(ours + 1, kNoPeriod);
      first_period_.resize(ours + 1, kNoPeriod);
    }
    if (last_period_[ours] == kNoPeriod) first_period_[ours] = next.first_period_[k];
    if (next.first_period_[k] <= last_period_[ours]) return false;
    last_period_[ours] = next.last_period_[k];
  }
  return true;
}

void ColumnarChecks::PeriodsRepeat() {
  periods_increase_ = false;
  std::vector<int64_t>().swap(first_period_);
  std::vector<int64_t>().swap(last_period_);
}

void ColumnarChecks::Finish() {
  std::vector<int64_t>().swap(first_period_);
  std::vector<int64_t>().swap(last_period_);
}

}  // namespace govmetrics::contracts
