#ifndef GOVMETRICS_CLIENTS_CLI_ARGS_H_
#define GOVMETRICS_CLIENTS_CLI_ARGS_H_

// Subcommand arguments: `--key value` or `--key=value`, plus bare `--flag`. Each
// subcommand declares what it accepts, so a typo is an error instead of being ignored.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace govmetrics::cli {

class Args {
 public:
  // `known` lists accepted keys; keys in `switches` take no value.
  static absl::StatusOr<Args> Parse(const std::vector<std::string>& argv,
                                    const std::set<std::string>& known,
                                    const std::set<std::string>& switches = {});
  bool Has(const std::string& key) const { return values_.count(key) > 0; }
  std::string Get(const std::string& key, const std::string& fallback = "") const;
  absl::StatusOr<std::string> Require(const std::string& key) const;
  // Comma-separated list ("" -> empty).
  std::vector<std::string> List(const std::string& key) const;
  absl::StatusOr<double> Number(const std::string& key, double fallback) const;
  absl::StatusOr<int> Integer(const std::string& key, int fallback) const;

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_ARGS_H_
