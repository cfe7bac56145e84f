#include "common/files/date_formats.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace govmetrics::files {
namespace {

constexpr long kStataSasOrigin = -3653;   // 1960-01-01
constexpr long kSpssOrigin = -141428;     // 1582-10-14

// Year of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's
// civil_from_days, http://howardhinnant.github.io/date_algorithms.html).
long long YearFromUnixDays(long long z) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  const long long month = mp < 10 ? mp + 3 : mp - 9;
  return yoe + era * 400 + (month <= 2);
}

DateEncoding StataEncoding(absl::string_view f) {
  // %td, %d (pre-Stata 10 daily), %tc/%tC (milliseconds), %tw, %tm, %tq, %th, %ty.
  if (absl::StartsWith(f, "%td") || absl::StartsWith(f, "%d")) return {DateKind::kDays, kStataSasOrigin};
  if (absl::StartsWith(f, "%tc") || absl::StartsWith(f, "%tC")) return {DateKind::kMilliseconds, kStataSasOrigin};
  if (absl::StartsWith(f, "%tw")) return {DateKind::kStataWeek, 0};
  if (absl::StartsWith(f, "%tm")) return {DateKind::kStataMonth, 0};
  if (absl::StartsWith(f, "%tq")) return {DateKind::kStataQuarter, 0};
  if (absl::StartsWith(f, "%th")) return {DateKind::kStataHalf, 0};
  if (absl::StartsWith(f, "%ty")) return {DateKind::kYear, 0};
  return {};
}

bool StartsWithAny(absl::string_view f, std::initializer_list<absl::string_view> prefixes) {
  for (absl::string_view p : prefixes) {
    if (absl::StartsWith(f, p)) return true;
  }
  return false;
}

DateEncoding SpssEncoding(absl::string_view f) {
  // Every SPSS date and time-of-date format stores seconds since 1582-10-14.
  if (StartsWithAny(f, {"DATETIME", "YMDHMS", "DATE", "ADATE", "EDATE", "JDATE", "SDATE", "QYR", "MOYR",
                        "WKYR"})) {
    return {DateKind::kSeconds, kSpssOrigin};
  }
  return {};
}

DateEncoding SasEncoding(absl::string_view f) {
  if (StartsWithAny(f, {"DATETIME", "E8601DT", "B8601DT", "DTDATE"})) return {DateKind::kSeconds, kStataSasOrigin};
  // Day-count formats (YEAR and MONYY display a day count as year / month).
  if (StartsWithAny(f, {"DATE", "YYMMDD", "MMDDYY", "DDMMYY", "YYMM", "MONYY", "YEAR", "E8601DA", "B8601DA",
                        "WORDDAT", "WEEKDATE", "YYQ", "NLDATE", "MINGUO"})) {
    return {DateKind::kDays, kStataSasOrigin};
  }
  return {};
}

}  // namespace

DateEncoding DateEncodingOf(FileFormat format, absl::string_view display_format) {
  const std::string upper = absl::AsciiStrToUpper(display_format);
  switch (format) {
    case FileFormat::kStata: return StataEncoding(display_format);
    case FileFormat::kSpss: return SpssEncoding(upper);
    case FileFormat::kSas: return SasEncoding(upper);
    default: return {};
  }
}

absl::StatusOr<int> YearOf(double value, DateKind kind, long origin_days) {
  if (!std::isfinite(value) || std::fabs(value) > 1e15) {
    return absl::InvalidArgumentError(absl::StrCat("date value ", value, " is out of range"));
  }
  const double v = std::floor(value);
  long long year = 0;
  switch (kind) {
    case DateKind::kNone:
    case DateKind::kYear: year = static_cast<long long>(v); break;
    case DateKind::kDays: year = YearFromUnixDays(static_cast<long long>(v) + origin_days); break;
    case DateKind::kSeconds:
      year = YearFromUnixDays(static_cast<long long>(std::floor(value / 86400.0)) + origin_days);
      break;
    case DateKind::kMilliseconds:
      year = YearFromUnixDays(static_cast<long long>(std::floor(value / 86400000.0)) + origin_days);
      break;
    case DateKind::kStataWeek: year = 1960 + static_cast<long long>(std::floor(v / 52)); break;
    case DateKind::kStataMonth: year = 1960 + static_cast<long long>(std::floor(v / 12)); break;
    case DateKind::kStataQuarter: year = 1960 + static_cast<long long>(std::floor(v / 4)); break;
    case DateKind::kStataHalf: year = 1960 + static_cast<long long>(std::floor(v / 2)); break;
  }
  if (year < -9999 || year > 9999) return absl::InvalidArgumentError(absl::StrCat("year ", year, " is out of range"));
  return static_cast<int>(year);
}

}  // namespace govmetrics::files
