#include "common/contracts/columnar_checks.h"

#include <cstdint>
#include <cstring>
#include <limits>

namespace govmetrics::contracts {
namespace {

// Below every period (an int32): an entity without rows yet.
constexpr int64_t kNoPeriod = std::numeric_limits<int64_t>::min();

}  // namespace

// NaN and the infinities have every exponent bit set: adding one to a value's exponent
// field carries into bit 63 exactly for them. Integer and/add/or, so the loop vectorises
// (SSE2 has no 64-bit compare) and costs what the copy costs (it waits on the loads).
void ColumnarChecks::CopyValues(int column, const void* from, double* to, size_t count) {
  constexpr uint64_t kExponent = 0x7FF0000000000000ULL, kExponentOne = 1ULL << 52;
  const auto* __restrict bytes = static_cast<const unsigned char*>(from);
  double* __restrict out = to;
  uint64_t carried = 0;
  for (size_t i = 0; i < count; ++i) {
    uint64_t bits;
    std::memcpy(&bits, bytes + i * sizeof(bits), sizeof(bits));
    std::memcpy(out + i, &bits, sizeof(bits));
    carried |= (bits & kExponent) + kExponentOne;
  }
  const auto c = static_cast<size_t>(column);
  if ((carried >> 63) != 0 && c < finite_.size()) finite_[c] = 0;
}

bool ColumnarChecks::AddPeriods(int32_t code, int64_t first, int64_t last) {
  const auto at = static_cast<size_t>(code);
  if (at >= last_period_.size()) {  // a new code (first-appearance order)
    last_period_.resize(at + 1, kNoPeriod);
    first_period_.resize(at + 1, kNoPeriod);
  }
  // Its first row: a slice numbering the dataset's entities meets codes out of order.
  if (last_period_[at] == kNoPeriod) first_period_[at] = first;
  if (first <= last_period_[at]) return false;
  last_period_[at] = last;
  return true;
}

void ColumnarChecks::AddRows(absl::Span<const int32_t> entity, absl::Span<const int32_t> period) {
  if (rows_ < 0) return;
  rows_ += static_cast<int64_t>(entity.size());
  for (size_t r = 0; r < entity.size() && periods_increase_; ++r) {
    periods_increase_ = AddPeriods(entity[r], period[r], period[r]);
  }
  if (!periods_increase_) PeriodsRepeat();
}

void ColumnarChecks::AddRuns(const IdentifierRuns& runs, int64_t rows) {
  if (rows_ < 0) return;
  rows_ += rows;
  runs.ForEachStretch([&](int32_t code, int64_t first, int64_t count) {
    if (periods_increase_) periods_increase_ = AddPeriods(code, first, first + count - 1);
  });
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
