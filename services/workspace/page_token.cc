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

}  // namespace govmetrics::workspace
