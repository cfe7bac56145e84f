#include "common/workspace_client/slice_numbering.h"

#include "absl/strings/str_cat.h"

namespace govmetrics::workspace_client {

absl::Status SliceNumbering::Start(const ResponseHeader& header,
                                   contracts::ColumnarPanelBuilder* builder) {
  started_ = true;
  dataset_codes_ = header.dataset_entity_codes;
  if (!dataset_codes_) return absl::OkStatus();
  if (header.entities_before < 0 || header.entities_before > header.first_row) {
    return absl::DataLossError(absl::StrCat("the workspace says ", header.entities_before,
                                            " entities come before a slice starting at row ",
                                            header.first_row, " (entities_before)"));
  }
  entities_before_ = header.entities_before;
  builder->NumberEntitiesAfter(static_cast<int32_t>(entities_before_));
  return absl::OkStatus();
}

absl::Status SliceNumbering::Next(const ResponseHeader& header,
                                  contracts::ColumnarPanelBuilder* builder) {
  if (!started_) return Start(header, builder);
  if (header.dataset_entity_codes != dataset_codes_) {
    return absl::DataLossError(absl::StrCat(
        "the workspace changed how a stream numbers its entities (dataset_entity_codes ",
        header.dataset_entity_codes, " after ", dataset_codes_, ")"));
  }
  const int64_t expected =
      dataset_codes_
          ? entities_before_ + static_cast<int64_t>(builder->mutable_panel().entity_names.size())
          : 0;
  if (header.entities_before != expected) {
    return absl::DataLossError(absl::StrCat("the workspace says ", header.entities_before,
                                            " entities come before a chunk after ", expected,
                                            " (entities_before)"));
  }
  return absl::OkStatus();
}

}  // namespace govmetrics::workspace_client
