#include "common/rpc/server_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, listen, "",
          "API address HOST:PORT (port 0 picks a free port; the bound port is printed). "
          "Empty means the service's default (127.0.0.1 and its well-known port).");
ABSL_FLAG(std::string, admin_listen, "",
          "Optional plaintext address for grpc.health.v1 (Kubernetes probes), separate from "
          "the API port so probes work when the API requires mTLS.");
ABSL_FLAG(bool, reflection, false, "Serve gRPC server reflection (for grpcurl and friends).");
ABSL_FLAG(int, max_message_mb, 64, "Largest request or response message, in MiB.");
ABSL_FLAG(int, drain_seconds, 10,
          "On SIGTERM: health turns NOT_SERVING, then in-flight RPCs get this long to finish.");
ABSL_FLAG(int, threads, 0,
          "Maximum threads serving RPCs (0 = gRPC's default resource quota).");
