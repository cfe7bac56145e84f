#include "clients/cli/panel_options.h"

#include "clients/cli/csv_table.h"
#include "clients/cli/panel_csv.h"

namespace govmetrics::cli {

void AddPanelOptions(CLI::App* command, PanelOptions* options,
                     const std::string& data_description) {
  command->add_option("--data", options->data, data_description)->type_name("FILE.csv")->required();
  command->add_option("--entity", options->entity, "column naming the entity (province, firm, ...)")
      ->type_name("COL");
  command->add_option("--period", options->period, "column holding the period (an integer year)")
      ->type_name("COL");
}

absl::StatusOr<common::v1::Panel> LoadPanel(const PanelOptions& options) {
  auto table = ReadCsvFile(options.data);
  if (!table.ok()) return table.status();
  return PanelFromCsv(*table, options.entity, options.period);
}

}  // namespace govmetrics::cli
