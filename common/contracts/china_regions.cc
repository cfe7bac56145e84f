#include "common/contracts/china_regions.h"

#include <cstdlib>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/contracts/china_regions_data.h"

namespace govmetrics::contracts {
namespace {

// Data rows (header skipped) of a comma-separated file without quoting.
std::vector<std::vector<std::string>> Rows(absl::string_view csv) {
  std::vector<std::vector<std::string>> rows;
  bool header = true;
  for (absl::string_view line : absl::StrSplit(csv, '\n', absl::SkipWhitespace())) {
    if (header) {
      header = false;
      continue;
    }
    rows.push_back(absl::StrSplit(line, ','));
  }
  return rows;
}

ChinaRegions Parse() {
  ChinaRegions out;
  for (const auto& r : Rows(generated::kChinaProvinceContiguityCsv)) {
    if (r.size() >= 3) out.contiguity.push_back({r[0], r[1], r[2]});
  }
  for (const auto& r : Rows(generated::kChinaProvinceCapitalsCsv)) {
    if (r.size() >= 5) out.capitals[r[0]] = {std::strtod(r[3].c_str(), nullptr), std::strtod(r[4].c_str(), nullptr)};
  }
  return out;
}

}  // namespace

const ChinaRegions& ShippedChinaRegions() {
  static const ChinaRegions* regions = new ChinaRegions(Parse());
  return *regions;
}

}  // namespace govmetrics::contracts
