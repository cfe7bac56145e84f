#ifndef GOVMETRICS_COMMON_CONTRACTS_KEPT_ROWS_H_
#define GOVMETRICS_COMMON_CONTRACTS_KEPT_ROWS_H_

// The panel rows a model keeps after its row filter, in order: the request row of each
// row of the engine's input. When the filter keeps every row (no filter, as mostly) they
// are held as a count, not as a list: at 1e8 rows the list is 0.4 GB written and faulted
// in on the call's critical path (after a by-reference read's last byte) for nothing.

#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

namespace govmetrics::contracts {

class KeptRows {
 public:
  KeptRows() = default;
  // Rows 0 .. rows - 1.
  static KeptRows Every(int rows) {
    KeptRows kept;
    kept.count_ = rows;
    return kept;
  }
  // The rows listed (increasing request rows).
  static KeptRows Listed(std::vector<int> rows) {
    KeptRows kept;
    kept.count_ = static_cast<int>(rows.size());
    kept.listed_ = true;
    kept.rows_ = std::move(rows);
    return kept;
  }

  size_t size() const { return static_cast<size_t>(count_); }
  bool empty() const { return count_ == 0; }
  // Whether these are rows 0 .. size() - 1 of a panel of size() rows.
  bool every_row() const { return !listed_; }
  // The request row of engine row i.
  int operator[](size_t i) const { return listed_ ? rows_[i] : static_cast<int>(i); }

  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = int;
    using difference_type = std::ptrdiff_t;
    using pointer = const int*;
    using reference = int;
    Iterator(const KeptRows* rows, size_t i) : rows_(rows), i_(i) {}
    int operator*() const { return (*rows_)[i_]; }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const Iterator& other) const { return i_ == other.i_; }
    bool operator!=(const Iterator& other) const { return i_ != other.i_; }

   private:
    const KeptRows* rows_;
    size_t i_;
  };
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, size()); }

 private:
  int count_ = 0;
  bool listed_ = false;
  std::vector<int> rows_;
};

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_KEPT_ROWS_H_
