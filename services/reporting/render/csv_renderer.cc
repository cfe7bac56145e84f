#include "services/reporting/render/csv_renderer.h"

#include <vector>

#include "services/reporting/render/report_layout.h"
#include "services/reporting/render/text_escape.h"

namespace govmetrics::reporting {

namespace rv1 = govmetrics::reporting::v1;

std::string RenderCsv(const rv1::Table& table) {
  const int columns = ColumnCount(table);
  std::vector<std::string> fields;
  fields.push_back(table.stub_header());
  for (int c = 0; c < columns; ++c)
    fields.push_back(c < table.columns_size() ? table.columns(c) : "");
  std::string body = CsvRow(fields);
  for (const auto& row : table.rows()) {
    fields.clear();
    fields.push_back(row.label());
    for (int c = 0; c < columns; ++c)
      fields.push_back(c < row.cells_size() ? row.cells(c).text() : "");
    body += CsvRow(fields);
  }
  return ContainsNonAscii(body) ? std::string(kUtf8Bom) + body : body;
}

}  // namespace govmetrics::reporting
