#ifndef GOVMETRICS_COMMON_RPC_AUTH_TOKENS_H_
#define GOVMETRICS_COMMON_RPC_AUTH_TOKENS_H_

// Bearer tokens: which agency is calling. The token file (--auth_tokens_file) has one
// "AGENCY_ID TOKEN" pair per line, '#' starts a comment. Tokens are secrets: they are
// never logged or echoed in an error, and the lookup compares in constant time (every
// entry, every byte) so response timing does not reveal how much of a guess was right.

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace govmetrics::rpc {

class TokenTable {
 public:
  // Parses the file format. Errors name the line (never its token).
  static absl::StatusOr<TokenTable> Parse(absl::string_view text);
  static absl::StatusOr<TokenTable> Load(const std::string& path);

  // `authorization` is the raw metadata value ("Bearer TOKEN"). Returns the agency id,
  // or UNAUTHENTICATED (missing header, wrong scheme, unknown token).
  absl::StatusOr<std::string> Authenticate(absl::string_view authorization) const;

  size_t size() const { return entries_.size(); }
  // True when some token belongs to `agency`.
  bool Names(absl::string_view agency) const;

 private:
  std::vector<std::pair<std::string, std::string>> entries_;  // (agency, token)
};

// True when a and b are equal; time depends only on the lengths' maximum, not on where
// they differ.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_AUTH_TOKENS_H_
