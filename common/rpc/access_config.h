#ifndef GOVMETRICS_COMMON_RPC_ACCESS_CONFIG_H_
#define GOVMETRICS_COMMON_RPC_ACCESS_CONFIG_H_

// Who may call (bearer tokens, access policy) as one immutable snapshot that a reload
// replaces whole (config_reloader.h). A call takes the snapshot current when it starts
// and keeps it to its end, so a reload never changes the rules under a running call.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/rpc/access_policy.h"
#include "common/rpc/auth_tokens.h"
#include "grpcpp/server_context.h"

namespace govmetrics::rpc {

struct AccessConfig {
  std::shared_ptr<const TokenTable> tokens;    // null: no bearer tokens
  std::shared_ptr<const AccessPolicy> policy;  // null: any authenticated caller, any method

  // True when callers must be identified (tokens or a policy are configured).
  bool identifies_callers() const { return tokens != nullptr || policy != nullptr; }
};

class AccessConfigHolder {
 public:
  explicit AccessConfigHolder(AccessConfig initial)
      : current_(std::make_shared<const AccessConfig>(std::move(initial))) {}
  std::shared_ptr<const AccessConfig> Get() const { return std::atomic_load(&current_); }
  void Set(AccessConfig next) {
    std::atomic_store(&current_, std::make_shared<const AccessConfig>(std::move(next)));
  }

 private:
  std::shared_ptr<const AccessConfig> current_;
};

// The calling agency: the agency of the bearer token when the call carries one (a
// gateway forwarding its caller's token therefore calls as that caller), else the
// agency the policy maps the client certificate to. UNAUTHENTICATED when neither names
// one. `authorization` is the raw metadata value ("Bearer TOKEN"), empty when absent.
absl::StatusOr<std::string> IdentifyAgency(const AccessConfig& config,
                                           absl::string_view authorization,
                                           const grpc::ServerContextBase& context);

// The agency as a metrics label, from a bounded set: agencies the configuration names,
// "other" for the rest (an agency admitted by the policy's "*" block), "unauthenticated"
// when the caller was not identified.
std::string AgencyLabel(const AccessConfig& config, const std::string& agency, bool identified);

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_ACCESS_CONFIG_H_
