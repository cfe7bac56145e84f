#ifndef GOVMETRICS_CLIENTS_CLI_MODEL_ARGS_H_
#define GOVMETRICS_CLIENTS_CLI_MODEL_ARGS_H_

// Command-line model options shared by fit / mediate / compare:
//   --fe none|entity|period|two-way  --estimator within|pooled|re|fd|between|iv
//   --vcov iid|hc0|hc1|hc2|hc3|cluster|dk  --cluster entity[,period|LABEL]
//   --small-sample stata|fixest|plm|none  --max-lag K  --level 0.95
//   --log a,b  --lag a:1,b:2  --winsorize a:0.01:0.99  --drop-entities X,Y
//   --keep LABEL=v1,v2  --periods 2016-2021

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "clients/cli/args.h"
#include "govmetrics/modeling/v1/model_spec.pb.h"

namespace govmetrics::cli {

// The option keys ParseModelSpec reads (to merge into a command's accepted set).
std::set<std::string> ModelSpecKeys();

absl::StatusOr<modeling::v1::ModelSpec> ParseModelSpec(const Args& args);

// One-line human description of the conventions, for table notes.
std::string DescribeSpec(const modeling::v1::ModelSpec& spec);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_MODEL_ARGS_H_
