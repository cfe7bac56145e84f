#include "common/rpc/access_config.h"

#include <vector>

#include "absl/strings/str_format.h"
#include "grpc/grpc_security_constants.h"

namespace govmetrics::rpc {
namespace {

std::vector<std::string> Values(const grpc::AuthContext& auth, const char* property) {
  std::vector<std::string> out;
  for (const auto& value : auth.FindPropertyValues(property)) {
    out.emplace_back(value.data(), value.size());
  }
  return out;
}

// The agency the policy gives the client certificate, or an explanation of why none.
absl::StatusOr<std::string> CertificateAgency(const AccessPolicy& policy,
                                              const grpc::ServerContextBase& context) {
  const auto auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) {
    return absl::UnauthenticatedError(
        "no 'authorization: Bearer TOKEN' metadata and no client certificate");
  }
  const std::vector<std::string> subjects = Values(*auth, GRPC_X509_SUBJECT_PROPERTY_NAME);
  const std::string subject = subjects.empty() ? "" : subjects.front();
  std::string agency =
      policy.AgencyForCertificate(Values(*auth, GRPC_X509_SAN_PROPERTY_NAME), subject);
  if (!agency.empty()) return agency;
  return absl::UnauthenticatedError(absl::StrFormat(
      "no 'authorization: Bearer TOKEN' metadata, and the client certificate (subject '%s') "
      "is mapped to no agency by the access policy",
      subject));
}

}  // namespace

absl::StatusOr<std::string> IdentifyAgency(const AccessConfig& config,
                                           absl::string_view authorization,
                                           const grpc::ServerContextBase& context) {
  if (config.tokens != nullptr && !authorization.empty()) {
    return config.tokens->Authenticate(authorization);
  }
  if (config.policy != nullptr && config.policy->maps_certificates()) {
    auto agency = CertificateAgency(*config.policy, context);
    if (agency.ok() || config.tokens == nullptr) return agency;
  }
  if (config.tokens != nullptr) return config.tokens->Authenticate(authorization);
  return absl::UnauthenticatedError(
      "the access policy names agencies by client certificate, and this call has none that "
      "it maps (no certificate_san / certificate_subject matches)");
}

std::string AgencyLabel(const AccessConfig& config, const std::string& agency, bool identified) {
  if (!identified) return "unauthenticated";
  if (config.policy != nullptr) return config.policy->Names(agency) ? agency : "other";
  return agency;  // the token file's agencies: a bounded set
}

}  // namespace govmetrics::rpc
