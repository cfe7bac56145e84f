#include "common/rpc/access_policy.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/rpc/config_file.h"

namespace govmetrics::rpc {
namespace {

absl::Status LineError(int line, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrFormat("access policy line %d: %s", line, message));
}

absl::StatusOr<double> PositiveNumber(absl::string_view key, absl::string_view value, int line) {
  double number = 0;
  if (!absl::SimpleAtod(value, &number) || !std::isfinite(number) || number <= 0) {
    return LineError(line, absl::StrFormat("%s must be a positive number, found '%s'", key, value));
  }
  return number;
}

absl::StatusOr<long long> PositiveInteger(absl::string_view key, absl::string_view value,
                                          int line) {
  long long number = 0;
  if (!absl::SimpleAtoi(value, &number) || number <= 0) {
    return LineError(line,
                     absl::StrFormat("%s must be a positive integer, found '%s'", key, value));
  }
  return number;
}

// "pkg.Service/Method" or "pkg.Service/*" or "*"; a leading '/' is accepted.
absl::StatusOr<std::string> MethodPattern(absl::string_view value, int line) {
  absl::ConsumePrefix(&value, "/");
  if (value.empty() || (value != "*" && value.find('/') == absl::string_view::npos)) {
    return LineError(line, absl::StrFormat("allow takes a full method name such as "
                                           "govmetrics.index.v1.IndexService/ComputeIndex or "
                                           "govmetrics.index.v1.IndexService/*, found '%s'",
                                           value));
  }
  return std::string(value);
}

// Sets one key of `agency`; errors name the line.
absl::Status SetKey(AgencyPolicy* agency, absl::string_view key, absl::string_view value,
                    int line) {
  if (key == "allow") {
    auto pattern = MethodPattern(value, line);
    if (!pattern.ok()) return pattern.status();
    agency->allow.push_back(*std::move(pattern));
  } else if (key == "certificate_san") {
    agency->certificate_sans.emplace_back(value);
  } else if (key == "certificate_subject") {
    agency->certificate_subjects.emplace_back(value);
  } else if (key == "calls_per_second" || key == "burst") {
    auto number = PositiveNumber(key, value, line);
    if (!number.ok()) return number.status();
    (key == "burst" ? agency->burst : agency->calls_per_second) = *number;
  } else if (key == "max_concurrent_calls" || key == "max_rows" || key == "max_columns" ||
             key == "max_replications") {
    auto number = PositiveInteger(key, value, line);
    if (!number.ok()) return number.status();
    if (key == "max_concurrent_calls") agency->max_concurrent_calls = static_cast<int>(*number);
    if (key == "max_rows") agency->limits.max_rows = *number;
    if (key == "max_columns") agency->limits.max_columns = *number;
    if (key == "max_replications") agency->limits.max_replications = *number;
  } else {
    return LineError(line, absl::StrFormat(
        "unknown key '%s' (allow, certificate_san, certificate_subject, calls_per_second, "
        "burst, max_concurrent_calls, max_rows, max_columns, max_replications)", key));
  }
  return absl::OkStatus();
}

// "[agency NAME]" -> NAME.
absl::StatusOr<std::string> SectionName(absl::string_view line, int line_number) {
  absl::string_view inside = line.substr(1, line.size() - 2);
  std::vector<absl::string_view> words =
      absl::StrSplit(inside, absl::ByAnyChar(" \t"), absl::SkipEmpty());
  if (line.back() != ']' || words.size() != 2 || words[0] != "agency") {
    return LineError(line_number, "a block starts with [agency NAME]");
  }
  return std::string(words[1]);
}

absl::Status ParseLine(absl::string_view line, int number, std::vector<AgencyPolicy>* agencies) {
  if (line.front() == '[') {
    auto name = SectionName(line, number);
    if (!name.ok()) return name.status();
    agencies->emplace_back().name = *std::move(name);
    return absl::OkStatus();
  }
  const size_t equals = line.find('=');
  if (equals == absl::string_view::npos) return LineError(number, "expected KEY = VALUE");
  if (agencies->empty()) return LineError(number, "KEY = VALUE before any [agency NAME] block");
  const absl::string_view key = absl::StripAsciiWhitespace(line.substr(0, equals));
  const absl::string_view value = absl::StripAsciiWhitespace(line.substr(equals + 1));
  if (value.empty()) return LineError(number, absl::StrFormat("%s has no value", key));
  return SetKey(&agencies->back(), key, value, number);
}

}  // namespace

bool GlobMatches(absl::string_view pattern, absl::string_view text) {
  // Iterative wildcard match with backtracking to the last '*': linear for patterns
  // with one star, at worst O(pattern x text) (both are short method names).
  size_t p = 0, t = 0, star = absl::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p, ++t;
    } else if (star != absl::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool AgencyPolicy::Allows(absl::string_view full_method) const {
  absl::ConsumePrefix(&full_method, "/");
  for (const std::string& pattern : allow) {
    if (GlobMatches(pattern, full_method)) return true;
  }
  return false;
}

absl::StatusOr<AccessPolicy> AccessPolicy::Parse(absl::string_view text) {
  AccessPolicy policy;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    const size_t hash = line.find('#');
    if (hash != absl::string_view::npos) line = line.substr(0, hash);
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    if (absl::Status status = ParseLine(line, number, &policy.agencies_); !status.ok()) {
      return status;
    }
  }
  if (absl::Status status = policy.Index(); !status.ok()) return status;
  return policy;
}

absl::Status AccessPolicy::Index() {
  if (agencies_.empty()) {
    return absl::InvalidArgumentError("access policy has no [agency NAME] block");
  }
  for (size_t i = 0; i < agencies_.size(); ++i) {
    AgencyPolicy& agency = agencies_[i];
    if (!by_name_.emplace(agency.name, i).second) {
      return absl::InvalidArgumentError(
          absl::StrFormat("access policy: agency %s has two blocks", agency.name));
    }
    if (agency.allow.empty()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "access policy: agency %s allows no method (add allow = SERVICE/METHOD lines)",
          agency.name));
    }
    if (agency.name == "*" &&
        !(agency.certificate_sans.empty() && agency.certificate_subjects.empty())) {
      return absl::InvalidArgumentError(
          "access policy: [agency *] cannot map certificates (it has no name to give them)");
    }
    if (agency.burst == 0) agency.burst = std::max(1.0, std::ceil(agency.calls_per_second));
    const auto map = [&](const std::string& kind, const std::string& value) -> absl::Status {
      auto [it, added] = certificate_agency_.emplace(absl::StrCat(kind, ":", value), i);
      if (added || it->second == i) return absl::OkStatus();
      return absl::InvalidArgumentError(
          absl::StrFormat("access policy: certificate %s '%s' is given to agencies %s and %s",
                          kind, value, agencies_[it->second].name, agency.name));
    };
    for (const auto& san : agency.certificate_sans) {
      if (absl::Status s = map("san", san); !s.ok()) return s;
    }
    for (const auto& subject : agency.certificate_subjects) {
      if (absl::Status s = map("subject", subject); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<AccessPolicy> AccessPolicy::Load(const std::string& path) {
  auto text = ReadConfigFile(path, "access policy file");
  if (!text.ok()) return text.status();
  auto policy = Parse(*text);
  if (!policy.ok()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: %s", path, policy.status().message()));
  }
  return policy;
}

const AgencyPolicy* AccessPolicy::Find(absl::string_view agency) const {
  auto it = by_name_.find(agency);
  if (it == by_name_.end()) it = by_name_.find("*");
  return it == by_name_.end() ? nullptr : &agencies_[it->second];
}

std::string AccessPolicy::AgencyForCertificate(const std::vector<std::string>& sans,
                                               absl::string_view subject) const {
  for (const std::string& san : sans) {
    auto it = certificate_agency_.find(absl::StrCat("san:", san));
    if (it != certificate_agency_.end()) return agencies_[it->second].name;
  }
  auto it = certificate_agency_.find(absl::StrCat("subject:", subject));
  return it == certificate_agency_.end() ? "" : agencies_[it->second].name;
}

}  // namespace govmetrics::rpc
