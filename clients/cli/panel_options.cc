#include "clients/cli/panel_options.h"

#include "common/files/read_panel.h"

namespace govmetrics::cli {

void AddPanelOptions(CLI::App* command, PanelOptions* options,
                     const std::string& data_description) {
  command->add_option("--data", options->data, data_description)->type_name("FILE")->required();
  command->add_option("--entity", options->entity, "column naming the entity (province, firm, ...)")
      ->type_name("COL");
  command->add_option("--period", options->period, "column holding the period (an integer year)")
      ->type_name("COL");
}

void AddDatasetOption(CLI::App* command, PanelOptions* options) {
  command->get_option("--data")->required(false);
  command->add_option("--dataset", options->dataset,
                      "a dataset stored in the workspace (datasets/ID) instead of --data: the "
                      "server reads it (only the columns it uses) with your token")
      ->type_name("NAME")
      ->excludes("--data");
}

// The file type comes from the extension: .csv, .dta, .sav/.zsav, .sas7bdat, .xlsx
// (common/files, docs/files.md); errors name the file, sheet, row and column.
absl::StatusOr<common::v1::Panel> LoadPanel(const PanelOptions& options) {
  files::PanelFileOptions read;
  read.entity = options.entity;
  read.period = options.period;
  return files::ReadPanelFile(options.data, read);
}

}  // namespace govmetrics::cli
