#include "services/workspace/page_token.h"

#include <limits>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"

namespace govmetrics::workspace {

absl::StatusOr<int> PageSize(int requested, int fallback, int max) {
  if (requested < 0) {
    return contracts::InvalidField("page_size", "must not be negative");
  }
  if (requested == 0) return fallback;
  return std::min(requested, max);
}

std::string EncodePageToken(const PagePosition& position) {
  return absl::WebSafeBase64Escape(absl::StrCat(position.time, ":", position.id));
}

absl::StatusOr<PagePosition> DecodePageToken(absl::string_view token) {
  PagePosition position;
  if (token.empty()) {
    position.time = std::numeric_limits<int64_t>::max();
    return position;
  }
  std::string plain;
  const size_t colon = absl::WebSafeBase64Unescape(token, &plain) ? plain.find(':')
                                                                  : std::string::npos;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(absl::string_view(plain).substr(0, colon), &position.time)) {
    return contracts::InvalidField("page_token", "not a token this server returned");
  }
  position.id = plain.substr(colon + 1);
  return position;
}

absl::StatusOr<NewestFirstPage> ParseNewestFirstPage(int page_size, absl::string_view token) {
  NewestFirstPage page;
  auto size = PageSize(page_size, 50, 1000);
  if (!size.ok()) return size.status();
  auto after = DecodePageToken(token);
  if (!after.ok()) return after.status();
  page.size = *size;
  page.after = *std::move(after);
  if (page.after.id.empty()) page.after.id = "~";  // sorts after every hex id
  return page;
}

void AppendPageParams(const NewestFirstPage& page, SqlParams* params) {
  params->insert(params->end(), {page.after.time, page.after.time, page.after.id,
                                 static_cast<int64_t>(page.size + 1)});
}

std::string NextPageToken(const NewestFirstPage& page, const std::vector<SqlRow>& rows,
                          int time_column, int id_column) {
  if (static_cast<int>(rows.size()) <= page.size) return "";
  const SqlRow& last = rows[page.size - 1];
  return EncodePageToken({SqlInt(last[time_column]), SqlText(last[id_column])});
}

}  // namespace govmetrics::workspace
