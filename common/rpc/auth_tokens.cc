#include "common/rpc/auth_tokens.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/rpc/config_file.h"

namespace govmetrics::rpc {

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  const size_t n = a.size() > b.size() ? a.size() : b.size();
  // A length difference makes the result false but does not shorten the loop.
  volatile unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff = diff | (x ^ y);
  }
  return diff == 0;
}

absl::StatusOr<TokenTable> TokenTable::Parse(absl::string_view text) {
  TokenTable table;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    const size_t hash = line.find('#');
    if (hash != absl::string_view::npos) line = line.substr(0, hash);
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    std::vector<absl::string_view> parts =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (parts.size() != 2) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "auth tokens line %d: expected 'AGENCY_ID TOKEN', found %d fields", line_number,
          parts.size()));
    }
    if (parts[1].size() < 16) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "auth tokens line %d (agency %s): token shorter than 16 characters", line_number,
          parts[0]));
    }
    for (const auto& [agency, token] : table.entries_) {
      if (token == parts[1]) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "auth tokens line %d (agency %s): token already given to agency %s", line_number,
            parts[0], agency));
      }
    }
    table.entries_.emplace_back(std::string(parts[0]), std::string(parts[1]));
  }
  if (table.entries_.empty()) {
    return absl::InvalidArgumentError("auth tokens file has no 'AGENCY_ID TOKEN' line");
  }
  return table;
}

absl::StatusOr<TokenTable> TokenTable::Load(const std::string& path) {
  auto text = ReadConfigFile(path, "auth tokens file");
  if (!text.ok()) return text.status();
  auto table = Parse(*text);
  if (!table.ok()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: %s", path, table.status().message()));
  }
  return table;
}

bool TokenTable::Names(absl::string_view agency) const {
  for (const auto& entry : entries_) {
    if (entry.first == agency) return true;
  }
  return false;
}

absl::StatusOr<std::string> TokenTable::Authenticate(absl::string_view authorization) const {
  if (authorization.empty()) {
    return absl::UnauthenticatedError("missing 'authorization: Bearer TOKEN' metadata");
  }
  absl::string_view token = authorization;
  // The scheme is case-insensitive (RFC 7235).
  if (token.size() < 7 || !absl::EqualsIgnoreCase(token.substr(0, 7), "bearer ")) {
    return absl::UnauthenticatedError("authorization metadata is not 'Bearer TOKEN'");
  }
  token = absl::StripAsciiWhitespace(token.substr(7));
  const std::string* found = nullptr;
  for (const auto& entry : entries_) {
    // No early exit: every entry is compared.
    if (ConstantTimeEquals(token, entry.second)) found = &entry.first;
  }
  if (found == nullptr) return absl::UnauthenticatedError("unknown bearer token");
  return *found;
}

}  // namespace govmetrics::rpc
