#include "clients/cli/result_table.h"

#include <cmath>

#include "absl/strings/numbers.h"

namespace govmetrics::cli {
namespace {

namespace rv1 = govmetrics::reporting::v1;

rv1::Cell CellOf(const std::string& field) {
  rv1::Cell cell;
  cell.set_text(field);
  double value = 0;
  // SimpleAtod also takes "inf" and "nan": those stay text (a spreadsheet has no cell for them).
  if (absl::SimpleAtod(field, &value) && std::isfinite(value)) {
    cell.set_value(value);
    cell.set_has_value(true);
  }
  return cell;
}

}  // namespace

ResultTable::ResultTable(std::string id, std::string title, std::vector<std::string> header)
    : text_(header) {
  table_.set_id(std::move(id));
  table_.set_title(std::move(title));
  if (!header.empty()) table_.set_stub_header(header[0]);
  for (size_t c = 1; c < header.size(); ++c) table_.add_columns(header[c]);
}

void ResultTable::AddRow(std::vector<std::string> row, rv1::RowKind kind) {
  rv1::TableRow* out = table_.add_rows();
  // Rows below a rule are statistics under the estimates: documents draw the rule above them.
  if (kind == rv1::ROW_KIND_UNSPECIFIED && after_rule_) kind = rv1::ROW_KIND_INFO;
  out->set_kind(kind);
  if (!row.empty()) out->set_label(row[0]);
  for (size_t c = 1; c < row.size(); ++c) *out->add_cells() = CellOf(row[c]);
  text_.AddRow(std::move(row));
}

void ResultTable::AddRule() {
  text_.AddRule();
  after_rule_ = table_.rows_size() > 0;
}

}  // namespace govmetrics::cli
