#ifndef GOVMETRICS_CLIENTS_CLI_MODEL_ARGS_H_
#define GOVMETRICS_CLIENTS_CLI_MODEL_ARGS_H_

// Command-line model options shared by fit / mediate / compare (help group "Model"):
//   --fe --absorb --estimator --vcov --cluster --small-sample --max-lag --level
//   --log --lag --winsorize --drop-entities --keep --periods
// Declared once (AddModelOptions) so each means the same in every subcommand.

#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "govmetrics/modeling/v1/model_spec.pb.h"

namespace govmetrics::cli {

struct ModelOptions {
  std::string fe = "two-way";
  std::vector<std::string> absorb;
  std::string estimator = "within";
  std::string vcov = "cluster";
  std::vector<std::string> cluster;
  std::string small_sample = "stata";
  int max_lag = 0;
  double level = 0.95;
  std::vector<std::string> log;
  std::vector<std::string> lag;
  std::vector<std::string> winsorize;
  std::vector<std::string> drop_entities;
  std::string keep;
  std::string periods;
};

void AddModelOptions(CLI::App* command, ModelOptions* options);

// The ModelSpec the options describe; fails naming the option on a malformed
// COL:K / COL:LO:HI / LABEL=v1,v2 / FIRST-LAST value.
absl::StatusOr<modeling::v1::ModelSpec> ParseModelSpec(const ModelOptions& options);

// One-line human description of the conventions, for table notes, in the words the
// options use ("within, two-way FE, cluster by entity, stata small-sample").
std::string DescribeSpec(const modeling::v1::ModelSpec& spec);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_MODEL_ARGS_H_
