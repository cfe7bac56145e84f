#include "services/reporting/table_cells.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/stats/significance_stars.h"

namespace govmetrics::reporting {

std::string Fixed(double value, int digits) {
  if (std::isnan(value)) return "-";
  return absl::StrFormat("%.*f", digits, value);
}

std::string PText(double p) {
  if (std::isnan(p)) return "p = n/a";
  if (p < 0.001) return "p < 0.001";
  return absl::StrFormat("p = %.3f", p);
}

// A NaN (an undefined statistic) has no number behind its "-": has_value false, value
// unset, so reports compare equal and JSON carries no NaN.
namespace {

void SetNumber(reporting::v1::Cell& cell, double value) {
  if (std::isnan(value)) return;
  cell.set_value(value);
  cell.set_has_value(true);
}

}  // namespace

reporting::v1::Cell CoefficientCell(double estimate, double p_value, int digits) {
  reporting::v1::Cell cell;
  cell.set_text(Fixed(estimate, digits) + stats::SignificanceStars(p_value));
  SetNumber(cell, estimate);
  if (!std::isnan(p_value)) cell.set_p_value(p_value);
  return cell;
}

reporting::v1::Cell StdErrorCell(double std_error, int digits) {
  reporting::v1::Cell cell;
  cell.set_text(absl::StrCat("(", Fixed(std_error, digits), ")"));
  SetNumber(cell, std_error);
  return cell;
}

reporting::v1::Cell NumberCell(double value, int digits) {
  reporting::v1::Cell cell;
  cell.set_text(Fixed(value, digits));
  SetNumber(cell, value);
  return cell;
}

reporting::v1::Cell TextCell(const std::string& text) {
  reporting::v1::Cell cell;
  cell.set_text(text);
  return cell;
}

reporting::v1::Cell CountCell(long long value) {
  reporting::v1::Cell cell;
  cell.set_text(absl::StrCat(value));
  cell.set_value(static_cast<double>(value));
  cell.set_has_value(true);
  return cell;
}

int AddRow(reporting::v1::Table* table, const std::string& label, reporting::v1::RowKind kind) {
  auto* row = table->add_rows();
  row->set_label(label);
  row->set_kind(kind);
  return table->rows_size() - 1;
}

std::string CellRef(const reporting::v1::Table& table, int row, int col) {
  return absl::StrCat(table.id(), "/", row, "/", col);
}

}  // namespace govmetrics::reporting
