#include "clients/cli/panel_csv.h"

#include <cmath>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace govmetrics::cli {
namespace {

bool IsMissingToken(absl::string_view cell) {
  cell = absl::StripAsciiWhitespace(cell);
  return cell.empty() || cell == "NA" || cell == "NaN" || cell == "nan" || cell == ".";
}

bool ParseNumber(absl::string_view cell, double* value) {
  if (IsMissingToken(cell)) {
    *value = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  return absl::SimpleAtod(absl::StripAsciiWhitespace(cell), value);
}

}  // namespace

absl::StatusOr<common::v1::Panel> PanelFromCsv(const CsvTable& table, const std::string& entity,
                                               const std::string& period) {
  const int entity_col = table.Find(entity);
  const int period_col = table.Find(period);
  if (entity_col < 0) return absl::InvalidArgumentError(absl::StrCat("--entity: no column '", entity, "' in CSV"));
  if (period_col < 0) return absl::InvalidArgumentError(absl::StrCat("--period: no column '", period, "' in CSV"));
  common::v1::Panel panel;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    panel.add_entity(table.rows[r][entity_col]);
    int32_t p = 0;
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(table.rows[r][period_col]), &p)) {
      return absl::InvalidArgumentError(absl::StrCat("CSV data row ", r + 1, ": period '",
                                                     table.rows[r][period_col], "' is not an integer"));
    }
    panel.add_period(p);
  }
  for (size_t c = 0; c < table.header.size(); ++c) {
    if (static_cast<int>(c) == entity_col || static_cast<int>(c) == period_col) continue;
    bool numeric = true;
    std::vector<double> values(table.rows.size());
    for (size_t r = 0; r < table.rows.size() && numeric; ++r) {
      numeric = ParseNumber(table.rows[r][c], &values[r]);
    }
    if (numeric) {
      auto* column = panel.add_columns();
      column->set_name(table.header[c]);
      column->mutable_values()->Add(values.begin(), values.end());
    } else {
      auto* label = panel.add_labels();
      label->set_name(table.header[c]);
      for (const auto& row : table.rows) label->add_values(row[c]);
    }
  }
  return panel;
}

std::string FormatNumber(double value) {
  if (std::isnan(value)) return "";
  return absl::StrFormat("%.17g", value);
}

}  // namespace govmetrics::cli
