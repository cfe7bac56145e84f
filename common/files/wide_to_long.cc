#include "common/files/wide_to_long.h"

#include <limits>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/files/file_error.h"

namespace govmetrics::files {
namespace {

// Year of a wide column named <stub>[_.]<digits>, or -1 when the name is not one.
int YearSuffix(absl::string_view name, absl::string_view stub) {
  if (!absl::StartsWith(name, stub)) return -1;
  absl::string_view rest = name.substr(stub.size());
  if (!rest.empty() && (rest[0] == '_' || rest[0] == '.')) rest.remove_prefix(1);
  int year = 0;
  if (rest.empty() || rest.size() > 9 || !absl::ascii_isdigit(static_cast<unsigned char>(rest[0])) ||
      !absl::SimpleAtoi(rest, &year)) {
    return -1;
  }
  return year;
}

// stub -> (year -> column index).
using WideColumns = std::map<std::string, std::map<int, int>>;

absl::StatusOr<WideColumns> MatchStubs(const DataTable& wide, const std::vector<std::string>& stubs) {
  WideColumns matched;
  for (const std::string& stub : stubs) {
    for (int c = 0; c < static_cast<int>(wide.columns.size()); ++c) {
      const int year = YearSuffix(wide.columns[c].name, stub);
      if (year >= 0) matched[stub][year] = c;
    }
    if (matched[stub].empty() && stubs.size() == 1) {
      for (int c = 0; c < static_cast<int>(wide.columns.size()); ++c) {
        const int year = YearSuffix(wide.columns[c].name, "");
        if (year >= 0) matched[stub][year] = c;
      }
    }
    if (matched[stub].empty()) {
      return FileError({wide.file, wide.sheet, 0, "", ""},
                       absl::StrCat("wide layout: no column named '", stub, "' followed by a year (e.g. ", stub,
                                    "2015)"));
    }
  }
  return matched;
}

DataColumn EmptyLike(const DataColumn& source, const std::string& name) {
  DataColumn column;
  column.name = name;
  column.numeric = source.numeric;
  column.value_labels = source.value_labels;
  column.date_kind = source.date_kind;
  column.date_origin_days = source.date_origin_days;
  return column;
}

}  // namespace

absl::StatusOr<DataTable> WideToLong(const DataTable& wide, const std::vector<std::string>& stubs,
                                     const std::string& period) {
  auto matched = MatchStubs(wide, stubs);
  if (!matched.ok()) return matched.status();
  if (wide.Find(period) >= 0) {
    return FileError({wide.file, wide.sheet, 0, period, ""}, "wide layout: the period column already exists");
  }
  std::set<int> years, wide_columns;
  for (const auto& [stub, by_year] : *matched) {
    for (const auto& [year, c] : by_year) {
      if (!wide.columns[c].numeric) {
        return FileError({wide.file, wide.sheet, 0, wide.columns[c].name, wide.columns[c].letter},
                         "wide layout: the column holds text, not numbers");
      }
      years.insert(year);
      wide_columns.insert(c);
    }
  }
  DataTable out;
  out.file = wide.file;
  out.sheet = wide.sheet;
  std::vector<int> ids;
  for (int c = 0; c < static_cast<int>(wide.columns.size()); ++c) {
    if (wide_columns.count(c) == 0) {
      ids.push_back(c);
      out.columns.push_back(EmptyLike(wide.columns[c], wide.columns[c].name));
    }
  }
  DataColumn period_column;
  period_column.name = period;
  out.columns.push_back(period_column);
  for (const auto& [stub, by_year] : *matched) out.columns.push_back(EmptyLike(wide.columns[by_year.begin()->second], stub));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (size_t r = 0; r < wide.rows; ++r) {
    for (int year : years) {
      size_t k = 0;
      for (int c : ids) {
        const DataColumn& src = wide.columns[c];
        if (src.numeric) out.columns[k++].numbers.push_back(src.numbers[r]);
        else out.columns[k++].texts.push_back(src.texts[r]);
      }
      out.columns[k++].numbers.push_back(year);
      for (const auto& [stub, by_year] : *matched) {
        auto it = by_year.find(year);
        out.columns[k++].numbers.push_back(it == by_year.end() ? nan : wide.columns[it->second].numbers[r]);
      }
      out.row_numbers.push_back(wide.RowNumber(r));
      ++out.rows;
    }
  }
  return out;
}

}  // namespace govmetrics::files
