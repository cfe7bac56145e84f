#include "common/contracts/identifier_facts.h"

#include <algorithm>

namespace govmetrics::contracts {

IdentifierFacts IdentifierFacts::OverNoRows() {
  IdentifierFacts facts;
  facts.rows_ = 0;
  return facts;
}

void IdentifierFacts::AddRows(absl::Span<const int32_t> entity, absl::Span<const int32_t> period) {
  if (rows_ < 0) return;
  rows_ += static_cast<int64_t>(entity.size());
  CountEntities(entity);
  if (periods_counted_) CountPeriods(period);
}

void IdentifierFacts::AddRuns(const IdentifierRuns& runs, int64_t rows) {
  if (rows_ < 0) return;
  rows_ += rows;
  for (size_t i = 0; i < runs.entity_codes.size(); ++i) {
    CountEntity(runs.entity_codes[i], runs.entity_lengths[i]);
  }
  if (periods_counted_) CountPeriodRuns(runs.period_starts, runs.period_lengths);
}

// Codes come in first-appearance order, so a new code is the table's next entry.
void IdentifierFacts::CountEntity(int32_t code, int64_t rows) {
  std::vector<int64_t>& counts = entity_.counts;
  const auto at = static_cast<size_t>(code);
  if (at >= counts.size()) counts.resize(at + 1, 0);
  counts[at] += rows;
}

// Rows of one entity mostly come together, so runs are counted, not rows.
void IdentifierFacts::CountEntities(absl::Span<const int32_t> entity) {
  for (size_t r = 0; r < entity.size();) {
    size_t end = r + 1;
    while (end < entity.size() && entity[end] == entity[r]) ++end;
    CountEntity(entity[r], static_cast<int64_t>(end - r));
    r = end;
  }
}

// Each run's first and last period are made room for (the table's span, and whether it
// spreads too far, depend only on the smallest and largest period, as row by row).
void IdentifierFacts::CountPeriodRuns(absl::Span<const int32_t> starts,
                                      absl::Span<const int32_t> lengths) {
  for (size_t i = 0; i < starts.size(); ++i) {
    const int64_t first = starts[i], last = first + lengths[i] - 1;
    if (!MakeRoomFor(static_cast<int32_t>(first)) || !MakeRoomFor(static_cast<int32_t>(last))) {
      return;
    }
    int64_t* counts = period_.counts.data() + (first - period_.first);
    for (int64_t p = 0; p <= last - first; ++p) ++counts[p];
  }
}

void IdentifierFacts::CountPeriods(absl::Span<const int32_t> period) {
  for (const int32_t value : period) {
    const int64_t offset = static_cast<int64_t>(value) - period_.first;
    if (offset < 0 || offset >= static_cast<int64_t>(period_.counts.size())) {
      if (!MakeRoomFor(value)) return;
    }
    ++period_.counts[static_cast<size_t>(value - period_.first)];
  }
}

bool IdentifierFacts::MakeRoomFor(int32_t value) {
  std::vector<int64_t>& counts = period_.counts;
  if (counts.empty()) {
    period_.first = value;
    counts.assign(1, 0);
    return true;
  }
  const int64_t low = std::min<int64_t>(value, period_.first);
  const int64_t high =
      std::max<int64_t>(value, period_.first + static_cast<int64_t>(counts.size()) - 1);
  if (high - low + 1 > kMaxPeriodSpread) {
    periods_counted_ = false;
    period_ = {};
    return false;
  }
  counts.insert(counts.begin(), static_cast<size_t>(period_.first - low), 0);
  counts.resize(static_cast<size_t>(high - low + 1), 0);
  period_.first = static_cast<int>(low);
  return true;
}

void IdentifierFacts::Join(const IdentifierFacts& next, absl::Span<const int32_t> next_to_ours) {
  if (rows_ < 0 || next.rows_ < 0 || next_to_ours.size() < next.entity_.counts.size()) {
    *this = IdentifierFacts();
    return;
  }
  rows_ += next.rows_;
  for (size_t k = 0; k < next.entity_.counts.size(); ++k) {
    CountEntity(next_to_ours[k], next.entity_.counts[k]);
  }
  JoinPeriods(next);
}

void IdentifierFacts::JoinPeriods(const IdentifierFacts& next) {
  if (!periods_counted_) return;
  const std::vector<int64_t>& add = next.period_.counts;
  if (!next.periods_counted_) {
    periods_counted_ = false;
    period_ = {};
    return;
  }
  if (add.empty()) return;
  const auto last = static_cast<int32_t>(next.period_.first + static_cast<int64_t>(add.size()) - 1);
  if (!MakeRoomFor(next.period_.first) || !MakeRoomFor(last)) return;
  const auto offset = static_cast<size_t>(next.period_.first - period_.first);
  for (size_t i = 0; i < add.size(); ++i) period_.counts[offset + i] += add[i];
}

size_t IdentifierFacts::Bytes() const {
  return (entity_.counts.capacity() + period_.counts.capacity()) * sizeof(int64_t);
}

}  // namespace govmetrics::contracts
