#ifndef GOVMETRICS_COMMON_RPC_ACCESS_POLICY_H_
#define GOVMETRICS_COMMON_RPC_ACCESS_POLICY_H_

// Which agency may call what, how often and how much (--access_policy_file). A small
// human-edited file of blocks, one per agency; docs/operations.md and
// deploy/k8s/overlays/prod/access-policy.example describe it:
//
//   # '#' starts a comment; keys may repeat where a list makes sense.
//   [agency provincial-stats]
//   certificate_san = stats.province.example      # or certificate_subject = CN=...,O=...
//   allow = govmetrics.index.v1.IndexService/*    # full method names, '*' wildcards
//   allow = govmetrics.modeling.v1.ModelingService/FitPanelModel
//   calls_per_second = 20                          # token bucket: rate ...
//   burst = 40                                     # ... and depth
//   max_concurrent_calls = 4
//   max_rows = 50000                               # only lower than the server's limit
//   max_replications = 2000
//
//   [agency *]                                     # any other authenticated agency
//   allow = govmetrics.reporting.v1.ReportingService/*
//
// An agency is named by its bearer token (the AGENCY_ID of --auth_tokens_file) or, when
// the call carries no token, by its client certificate: a SAN (DNS name, URI, e-mail or
// IP as written in the certificate) or the subject in RFC 2253 form (what
// `openssl x509 -noout -subject -nameopt RFC2253` prints), matched exactly.
// The policy is generic over full method names, so every binary built on the server
// runtime (common/rpc) enforces it the same way.

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/rpc/request_limits.h"

namespace govmetrics::rpc {

struct AgencyPolicy {
  std::string name;                       // "provincial-stats", or "*" for the default block
  std::vector<std::string> allow;         // method patterns ("pkg.Service/Method", '*' glob)
  std::vector<std::string> certificate_sans;
  std::vector<std::string> certificate_subjects;
  double calls_per_second = 0;            // 0 = no rate limit
  double burst = 0;                       // bucket depth; defaults to max(1, calls_per_second)
  int max_concurrent_calls = 0;           // 0 = no per-agency limit
  RequestLimits limits;                   // 0 = the server's limit

  // True when `full_method` ("/pkg.Service/Method" or without the leading '/') matches
  // one of the `allow` patterns.
  bool Allows(absl::string_view full_method) const;
};

class AccessPolicy {
 public:
  // Parses the file format. Errors name the line.
  static absl::StatusOr<AccessPolicy> Parse(absl::string_view text);
  static absl::StatusOr<AccessPolicy> Load(const std::string& path);

  // The block of `agency`, else the "*" block, else null.
  const AgencyPolicy* Find(absl::string_view agency) const;
  // The agency whose certificate_san matches one of `sans`, else the one whose
  // certificate_subject equals `subject`; empty when none does.
  std::string AgencyForCertificate(const std::vector<std::string>& sans,
                                   absl::string_view subject) const;
  // True when some block maps client certificates to an agency.
  bool maps_certificates() const { return !certificate_agency_.empty(); }
  // True when `agency` has a block of its own (not only through "*").
  bool Names(absl::string_view agency) const { return by_name_.contains(agency); }
  const std::vector<AgencyPolicy>& agencies() const { return agencies_; }

 private:
  absl::Status Index();
  std::vector<AgencyPolicy> agencies_;
  absl::flat_hash_map<std::string, size_t> by_name_;
  // "san:VALUE" / "subject:VALUE" -> agency index.
  absl::flat_hash_map<std::string, size_t> certificate_agency_;
};

// '*' matches any run of characters (including none); everything else matches itself.
bool GlobMatches(absl::string_view pattern, absl::string_view text);

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_ACCESS_POLICY_H_
