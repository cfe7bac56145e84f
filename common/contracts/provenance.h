#ifndef GOVMETRICS_COMMON_CONTRACTS_PROVENANCE_H_
#define GOVMETRICS_COMMON_CONTRACTS_PROVENANCE_H_

// Fills the Provenance every response carries: version, input fingerprint, resolved
// options (defaults made explicit).

#include <string>

#include "absl/strings/string_view.h"
#include "govmetrics/common/v1/panel.pb.h"
#include "govmetrics/common/v1/provenance.pb.h"

namespace govmetrics::contracts {

void StartProvenance(absl::string_view service, const common::v1::Panel& panel,
                     common::v1::Provenance* provenance);

// The same, for input known only by its fingerprint (a panel in columnar form read from
// a stored dataset, whose fingerprint the workspace computed over the uploaded Panel).
void StartProvenanceOfFingerprint(absl::string_view service, absl::string_view fingerprint,
                                  common::v1::Provenance* provenance);

// While alive, StartProvenance reports `fingerprint` for `panel` (on this thread) instead
// of hashing it: a panel read from the workspace by reference holds only the columns the
// call uses, and its provenance must be the stored dataset's fingerprint, the one an
// inline call with the whole dataset reports (and hashing gigabytes again costs seconds).
class KnownFingerprint {
 public:
  KnownFingerprint(const common::v1::Panel* panel, std::string fingerprint);
  ~KnownFingerprint();
  KnownFingerprint(const KnownFingerprint&) = delete;
  KnownFingerprint& operator=(const KnownFingerprint&) = delete;

 private:
  const common::v1::Panel* previous_panel_;
  std::string previous_fingerprint_;
};

void AddOption(absl::string_view name, absl::string_view value, common::v1::Provenance* provenance);
void AddOption(absl::string_view name, double value, common::v1::Provenance* provenance);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_PROVENANCE_H_
