#ifndef GOVMETRICS_COMMON_CONTRACTS_IDENTIFIER_FACTS_H_
#define GOVMETRICS_COMMON_CONTRACTS_IDENTIFIER_FACTS_H_

// How many rows a ColumnarPanelBuilder saw with each entity code and each period, counted
// chunk by chunk as the rows stream in (compute by reference: on the reading thread,
// which waits on the workspace most of the time), so that the panel engine makes its
// entity and period factors in one pass each after the last byte instead of recoding
// them (stats/counted_factor.h): at 1e8 rows, RecodeFactor of the periods alone is four
// passes over 0.4 GB.
//
// The counts are of every row the builder appended, and are used only for exactly those
// rows (Cover); a panel whose rows change afterwards has none, and the engine recodes as
// it does for an inline panel: the factors, and so the fit, are the same either way. The
// slices of a read over several streams count their own rows on their own threads and
// the reader joins the counts (Join, through the same code tables as the rows), so such
// a read hands the engine the counts one stream's builder would have.

#include <cstdint>

#include "absl/types/span.h"
#include "common/contracts/identifier_runs.h"
#include "common/stats/counted_factor.h"

namespace govmetrics::contracts {

class IdentifierFacts {
 public:
  // Counts over no panel (everything is recoded).
  IdentifierFacts() = default;
  // Counts over no row yet (a builder's start).
  static IdentifierFacts OverNoRows();

  // Counts the next rows' entity codes (dense and in first-appearance order: the
  // builder checks them) and periods.
  void AddRows(absl::Span<const int32_t> entity, absl::Span<const int32_t> period);
  // The same for rows given as runs (`rows` of them): a run of an entity is counted in
  // one step, a run of consecutive periods in one pass over its span of the table.
  void AddRuns(const IdentifierRuns& runs, int64_t rows);
  // The counts over these rows followed by `next`'s (the next slice of a read), whose
  // entity code k is this panel's `next_to_ours[k]`: summed per code and per period. No
  // counts if either has none or a code of `next` is not mapped.
  void Join(const IdentifierFacts& next, absl::Span<const int32_t> next_to_ours);

  // Whether the counts are of a panel of `rows` rows (every row its builder appended).
  bool Cover(int64_t rows) const { return rows_ >= 0 && rows_ == rows; }
  const stats::IdentifierCounts& entity() const { return entity_; }
  // Empty when the periods spread over more than kMaxPeriodSpread values (RecodeFactor
  // sorts them then; a table of counts would be too large).
  const stats::IdentifierCounts& period() const { return period_; }
  // Heap bytes held (the panel cache counts them).
  size_t Bytes() const;

  static constexpr int64_t kMaxPeriodSpread = int64_t{1} << 20;

 private:
  void CountEntities(absl::Span<const int32_t> entity);
  void CountPeriods(absl::Span<const int32_t> period);
  void CountPeriodRuns(absl::Span<const int32_t> starts, absl::Span<const int32_t> lengths);
  // Adds `rows` to the count of entity `code`.
  void CountEntity(int32_t code, int64_t rows);
  // Room in period_.counts for `value` (the table grows at either end); false when the
  // periods would spread over more than kMaxPeriodSpread values.
  bool MakeRoomFor(int32_t value);
  // Join's periods: adds `next`'s period table (not counted: then neither is this).
  void JoinPeriods(const IdentifierFacts& next);

  int64_t rows_ = -1;  // rows counted; -1: no counts
  stats::IdentifierCounts entity_;
  stats::IdentifierCounts period_;
  bool periods_counted_ = true;  // false once the periods spread too far
};

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_IDENTIFIER_FACTS_H_
