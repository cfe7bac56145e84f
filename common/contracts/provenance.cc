#include "common/contracts/provenance.h"

#include "absl/strings/str_format.h"
#include "common/contracts/panel_view.h"

namespace govmetrics::contracts {
namespace {

// The panel (and its fingerprint) a KnownFingerprint on this thread vouches for.
thread_local const common::v1::Panel* known_panel = nullptr;
thread_local std::string known_fingerprint;

}  // namespace

KnownFingerprint::KnownFingerprint(const common::v1::Panel* panel, std::string fingerprint)
    : previous_panel_(known_panel), previous_fingerprint_(std::move(known_fingerprint)) {
  known_panel = panel;
  known_fingerprint = std::move(fingerprint);
}

KnownFingerprint::~KnownFingerprint() {
  known_panel = previous_panel_;
  known_fingerprint = std::move(previous_fingerprint_);
}

void StartProvenance(absl::string_view service, const common::v1::Panel& panel,
                     common::v1::Provenance* provenance) {
  StartProvenanceOfFingerprint(
      service, &panel == known_panel ? known_fingerprint : PanelFingerprint(panel), provenance);
}

void StartProvenanceOfFingerprint(absl::string_view service, absl::string_view fingerprint,
                                  common::v1::Provenance* provenance) {
  provenance->set_software_version(GOVMETRICS_VERSION);
  provenance->set_service(std::string(service));
  provenance->set_input_fingerprint(std::string(fingerprint));
}

void AddOption(absl::string_view name, absl::string_view value,
               common::v1::Provenance* provenance) {
  auto* option = provenance->add_resolved_options();
  option->set_name(std::string(name));
  option->set_value(std::string(value));
}

void AddOption(absl::string_view name, double value, common::v1::Provenance* provenance) {
  AddOption(name, absl::StrFormat("%.17g", value), provenance);
}

}  // namespace govmetrics::contracts
