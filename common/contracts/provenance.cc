#include "common/contracts/provenance.h"

#include "absl/strings/str_format.h"
#include "common/contracts/panel_view.h"

namespace govmetrics::contracts {

void StartProvenance(absl::string_view service, const common::v1::Panel& panel,
                     common::v1::Provenance* provenance) {
  provenance->set_software_version(GOVMETRICS_VERSION);
  provenance->set_service(std::string(service));
  provenance->set_input_fingerprint(PanelFingerprint(panel));
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
