#include "common/rpc/server_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, listen, "",
          "API address HOST:PORT (port 0 picks a free port; the bound port is printed). "
          "Empty means the service's default (127.0.0.1 and its well-known port).");
ABSL_FLAG(std::string, admin_listen, "",
          "Optional plaintext address for grpc.health.v1 (Kubernetes probes), separate from "
          "the API port so probes work when the API requires mTLS.");
ABSL_FLAG(std::string, metrics_listen, "",
          "Optional HOST:PORT serving Prometheus text metrics over plain HTTP at /metrics "
          "(port 0 picks a free port; the bound port is printed). Empty disables it.");
ABSL_FLAG(bool, reflection, false, "Serve gRPC server reflection (for grpcurl and friends).");
ABSL_FLAG(int, max_message_mb, 64, "Largest request or response message, in MiB.");
ABSL_FLAG(int, drain_seconds, 10,
          "On SIGTERM: health turns NOT_SERVING, then in-flight RPCs get this long to finish.");
ABSL_FLAG(int, threads, 0,
          "Maximum threads serving RPCs (0 = gRPC's default resource quota).");
ABSL_FLAG(int, max_connection_age_seconds, 300,
          "Clients are asked (GOAWAY) to reconnect after a connection is this old, so new pods "
          "behind a headless Service receive traffic; in-flight RPCs finish first. 0 = never.");

ABSL_FLAG(std::string, tls_cert, "",
          "PEM server certificate chain for the API port. Empty = plaintext.");
ABSL_FLAG(std::string, tls_key, "", "PEM private key for --tls_cert.");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA bundle: when set, clients must present a certificate signed by it (mTLS).");
ABSL_FLAG(std::string, auth_tokens_file, "",
          "File of 'AGENCY_ID TOKEN' lines ('#' comments). When set, every API call needs "
          "'authorization: Bearer TOKEN' (health and reflection do not).");
ABSL_FLAG(bool, allow_insecure_tokens, false,
          "Allow --auth_tokens_file without --tls_cert (tokens would cross the network in "
          "clear text; for local testing only).");

ABSL_FLAG(std::string, access_policy_file, "",
          "Per-agency access policy: which methods each agency may call, its rate, "
          "concurrency and size limits, and which client certificates name it "
          "(docs/operations.md). Empty = any authenticated caller may call any method "
          "within the server-wide limits.");
ABSL_FLAG(int, reload_check_seconds, 2,
          "How often the token, policy and TLS files are checked for changes (a "
          "Kubernetes Secret update swaps a symlink; a changed file is reloaded, a bad "
          "one refused with a log line). SIGHUP reloads at once. 0 = SIGHUP only.");

ABSL_FLAG(int, max_rows, 1000000,
          "Largest panel (rows) accepted in a request; larger ones get RESOURCE_EXHAUSTED. "
          "0 = no limit.");
ABSL_FLAG(int, max_columns, 1000,
          "Most panel columns (numeric + label) accepted in a request. 0 = no limit.");
ABSL_FLAG(int, max_replications, 20000,
          "Most bootstrap / permutation / wild-bootstrap replications a request may ask for. "
          "0 = no limit.");
ABSL_FLAG(int64_t, inline_max_cells, 20000,
          "Index and modeling calls without resampling whose panel has at most this many "
          "cells (rows x columns) run inline on gRPC's thread; bigger ones, and every call "
          "with bootstrap / permutation replications, run on the heavy-call thread pool.");
ABSL_FLAG(int, max_concurrent_rpcs, 64,
          "API calls served at once; more get RESOURCE_EXHAUSTED at once rather than queueing "
          "(health checks are not counted). 0 = no limit.");
