#ifndef GOVMETRICS_COMMON_RPC_SERVER_FLAGS_H_
#define GOVMETRICS_COMMON_RPC_SERVER_FLAGS_H_

// Flags shared by every govmetrics server binary (docs/operations.md lists them).
// Defined once here so the three binaries cannot drift apart. Deployment flagfiles
// (deploy/k8s/*/flags) name these flags: renaming one breaks a rollout.

#include <string>

#include "absl/flags/declare.h"

// Listening.
ABSL_DECLARE_FLAG(std::string, listen);
ABSL_DECLARE_FLAG(std::string, admin_listen);
ABSL_DECLARE_FLAG(std::string, metrics_listen);
ABSL_DECLARE_FLAG(bool, reflection);
ABSL_DECLARE_FLAG(int, max_message_mb);
ABSL_DECLARE_FLAG(int, drain_seconds);
ABSL_DECLARE_FLAG(int, threads);
ABSL_DECLARE_FLAG(int, max_connection_age_seconds);

// Security.
ABSL_DECLARE_FLAG(std::string, tls_cert);
ABSL_DECLARE_FLAG(std::string, tls_key);
ABSL_DECLARE_FLAG(std::string, tls_client_ca);
ABSL_DECLARE_FLAG(std::string, auth_tokens_file);
ABSL_DECLARE_FLAG(bool, allow_insecure_tokens);
ABSL_DECLARE_FLAG(std::string, access_policy_file);
ABSL_DECLARE_FLAG(int, reload_check_seconds);

// Limits.
ABSL_DECLARE_FLAG(int, max_rows);
ABSL_DECLARE_FLAG(int, max_columns);
ABSL_DECLARE_FLAG(int, max_replications);
ABSL_DECLARE_FLAG(int, max_concurrent_rpcs);
ABSL_DECLARE_FLAG(int64_t, inline_max_cells);

#endif  // GOVMETRICS_COMMON_RPC_SERVER_FLAGS_H_
