#ifndef GOVMETRICS_COMMON_RPC_SERVER_FLAGS_H_
#define GOVMETRICS_COMMON_RPC_SERVER_FLAGS_H_

// Flags shared by every govmetrics server binary (docs/operations.md lists them).
// Defined once here so the three binaries cannot drift apart.

#include <string>

#include "absl/flags/declare.h"

ABSL_DECLARE_FLAG(std::string, listen);
ABSL_DECLARE_FLAG(std::string, admin_listen);
ABSL_DECLARE_FLAG(bool, reflection);
ABSL_DECLARE_FLAG(int, max_message_mb);
ABSL_DECLARE_FLAG(int, drain_seconds);
ABSL_DECLARE_FLAG(int, threads);

#endif  // GOVMETRICS_COMMON_RPC_SERVER_FLAGS_H_
