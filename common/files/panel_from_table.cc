#include "common/files/panel_from_table.h"

#include <cmath>
#include <limits>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/files/date_formats.h"
#include "common/files/file_error.h"

namespace govmetrics::files {
namespace {

std::string CodeText(double value) { return absl::StrFormat("%.15g", value); }

absl::StatusOr<int> RequireColumn(const DataTable& table, const std::string& name, const char* role) {
  const int index = table.Find(name);
  if (index >= 0) return index;
  std::vector<std::string> names;
  for (const auto& c : table.columns) names.push_back(c.name);
  return FileError({table.file, table.sheet, 0, "", ""},
                   absl::StrCat("no column '", name, "' for the ", role, "; the columns are ", absl::StrJoin(names, ", ")));
}

absl::Status AddEntities(const DataTable& table, int c, common::v1::Panel* panel) {
  const DataColumn& column = table.columns[c];
  for (size_t r = 0; r < table.rows; ++r) {
    // Kept as spelled (no trimming): the same entity string in every client.
    std::string entity = column.numeric ? (std::isnan(column.numbers[r]) ? "" : CodeText(column.numbers[r]))
                                        : column.texts[r];
    if (absl::StripAsciiWhitespace(entity).empty()) {
      return FileError(CellLocation(table, c, r), "the entity is missing");
    }
    panel->add_entity(std::move(entity));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> PeriodOf(const DataTable& table, int c, size_t r) {
  const DataColumn& column = table.columns[c];
  if (!column.numeric) {
    int year = 0;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(column.texts[r]), &year)) return year;
    return FileError(CellLocation(table, c, r), absl::StrCat("period '", column.texts[r], "' is not an integer"));
  }
  const double value = column.numbers[r];
  if (std::isnan(value)) return FileError(CellLocation(table, c, r), "the period is missing");
  if (column.date_kind != DateKind::kNone) {
    auto year = YearOf(value, column.date_kind, column.date_origin_days);
    if (!year.ok()) return FileError(CellLocation(table, c, r), year.status().message());
    return year;
  }
  if (value != std::floor(value) || std::fabs(value) > std::numeric_limits<int32_t>::max()) {
    return FileError(CellLocation(table, c, r), absl::StrCat("period ", CodeText(value), " is not an integer"));
  }
  return static_cast<int>(value);
}

// Dates become years only when that loses nothing: one row per entity and year.
absl::Status CheckYearly(const DataTable& table, int c, const common::v1::Panel& panel) {
  absl::flat_hash_map<std::pair<std::string, int>, size_t> first_row;
  for (size_t r = 0; r < table.rows; ++r) {
    auto [it, inserted] = first_row.emplace(std::make_pair(panel.entity(r), panel.period(r)), r);
    if (inserted) continue;
    return FileError(CellLocation(table, c, r),
                     absl::StrCat("the period column holds dates that are not yearly: entity '", panel.entity(r),
                                  "' has two in ", panel.period(r), " (rows ", table.RowNumber(it->second), " and ",
                                  table.RowNumber(r), "); aggregate to one row per year first"));
  }
  return absl::OkStatus();
}

absl::Status AddPeriods(const DataTable& table, int c, common::v1::Panel* panel) {
  for (size_t r = 0; r < table.rows; ++r) {
    auto period = PeriodOf(table, c, r);
    if (!period.ok()) return period.status();
    panel->add_period(*period);
  }
  if (table.columns[c].numeric && table.columns[c].date_kind != DateKind::kNone) return CheckYearly(table, c, *panel);
  return absl::OkStatus();
}

// Labels that name only missing codes (SPSS -99 "not reported") make no categories.
bool LabelsSomeValue(const DataColumn& column) {
  for (double value : column.numbers) {
    if (!std::isnan(value) && column.value_labels.count(value)) return true;
  }
  return false;
}

void AddValueLabels(const DataColumn& column, common::v1::Panel* panel) {
  auto* label = panel->add_labels();
  label->set_name(column.name);
  for (double value : column.numbers) {
    if (std::isnan(value)) {
      label->add_values("");
      continue;
    }
    auto it = column.value_labels.find(value);
    label->add_values(it == column.value_labels.end() ? CodeText(value) : it->second);
  }
}

}  // namespace

absl::StatusOr<common::v1::Panel> PanelFromTable(const DataTable& table, const std::string& entity,
                                                 const std::string& period) {
  auto entity_col = RequireColumn(table, entity, "entity");
  if (!entity_col.ok()) return entity_col.status();
  auto period_col = RequireColumn(table, period, "period");
  if (!period_col.ok()) return period_col.status();
  if (table.rows == 0) return FileError({table.file, table.sheet, 0, "", ""}, "the table has a header but no data rows");
  common::v1::Panel panel;
  if (auto status = AddEntities(table, *entity_col, &panel); !status.ok()) return status;
  if (auto status = AddPeriods(table, *period_col, &panel); !status.ok()) return status;
  for (int c = 0; c < static_cast<int>(table.columns.size()); ++c) {
    if (c == *entity_col || c == *period_col) continue;
    const DataColumn& column = table.columns[c];
    if (column.numeric) {
      auto* out = panel.add_columns();
      out->set_name(column.name);
      out->mutable_values()->Add(column.numbers.begin(), column.numbers.end());
      if (!column.value_labels.empty() && LabelsSomeValue(column)) AddValueLabels(column, &panel);
    } else {
      auto* out = panel.add_labels();
      out->set_name(column.name);
      for (const auto& text : column.texts) out->add_values(text);
    }
  }
  return panel;
}

}  // namespace govmetrics::files
