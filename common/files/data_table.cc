#include "common/files/data_table.h"

namespace govmetrics::files {

int DataTable::Find(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int DataTable::RowNumber(size_t row) const {
  if (row < row_numbers.size()) return row_numbers[row];
  return first_row_number + static_cast<int>(row);
}

}  // namespace govmetrics::files
