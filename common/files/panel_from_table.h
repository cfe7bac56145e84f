#ifndef GOVMETRICS_COMMON_FILES_PANEL_FROM_TABLE_H_
#define GOVMETRICS_COMMON_FILES_PANEL_FROM_TABLE_H_

// DataTable -> govmetrics.common.v1.Panel, the same for every file type:
//  - the entity column becomes Panel.entity (numbers as their text: firm 1 -> "1");
//  - the period column becomes Panel.period: integers as they are; a date column (Stata
//    %td/%tm/..., SPSS DATE, SAS DATE9, Excel date cells) becomes the calendar year when
//    the data are yearly, i.e. no entity has two dates in one year; otherwise an error
//    naming the entity and both rows (aggregate to years first);
//  - numeric columns become Columns (NaN missing); text columns become Labels;
//  - a numeric column with value labels (Stata/SPSS/SAS) becomes a Column of the codes
//    AND a Label of the same name holding the label texts (codes without a label keep
//    their number as text), so a model can use the codes and a group comparison the names.

#include <string>

#include "absl/status/statusor.h"
#include "common/files/data_table.h"
#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics::files {

absl::StatusOr<common::v1::Panel> PanelFromTable(const DataTable& table, const std::string& entity,
                                                 const std::string& period);

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_PANEL_FROM_TABLE_H_
