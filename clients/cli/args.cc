#include "clients/cli/args.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace govmetrics::cli {

absl::StatusOr<Args> Args::Parse(const std::vector<std::string>& argv,
                                 const std::set<std::string>& known,
                                 const std::set<std::string>& switches) {
  Args args;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.rfind("--", 0) != 0) return absl::InvalidArgumentError(absl::StrCat("unexpected argument '", a, "'"));
    std::string key = a.substr(2), value;
    const size_t eq = key.find('=');
    const bool has_inline_value = eq != std::string::npos;
    if (has_inline_value) {
      value = key.substr(eq + 1);
      key = key.substr(0, eq);
    }
    if (!known.count(key) && !switches.count(key)) {
      return absl::InvalidArgumentError(absl::StrCat("unknown option --", key));
    }
    if (switches.count(key)) {
      args.values_[key] = has_inline_value ? value : "true";
      continue;
    }
    if (!has_inline_value) {
      if (i + 1 >= argv.size()) return absl::InvalidArgumentError(absl::StrCat("--", key, " needs a value"));
      value = argv[++i];
    }
    args.values_[key] = value;
  }
  return args;
}

std::string Args::Get(const std::string& key, const std::string& fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second;
}

absl::StatusOr<std::string> Args::Require(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end() || it->second.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("--", key, " is required"));
  }
  return it->second;
}

std::vector<std::string> Args::List(const std::string& key) const {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(Get(key), ',', absl::SkipWhitespace())) {
    out.emplace_back(part);
  }
  return out;
}

absl::StatusOr<double> Args::Number(const std::string& key, double fallback) const {
  if (!Has(key)) return fallback;
  double v = 0;
  if (!absl::SimpleAtod(Get(key), &v)) return absl::InvalidArgumentError(absl::StrCat("--", key, ": not a number"));
  return v;
}

absl::StatusOr<int> Args::Integer(const std::string& key, int fallback) const {
  if (!Has(key)) return fallback;
  int v = 0;
  if (!absl::SimpleAtoi(Get(key), &v)) return absl::InvalidArgumentError(absl::StrCat("--", key, ": not an integer"));
  return v;
}

}  // namespace govmetrics::cli
