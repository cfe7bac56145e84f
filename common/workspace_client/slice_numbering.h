#ifndef GOVMETRICS_COMMON_WORKSPACE_CLIENT_SLICE_NUMBERING_H_
#define GOVMETRICS_COMMON_WORKSPACE_CLIENT_SLICE_NUMBERING_H_

// How the stream of one slice of a read over several streams numbers its entities,
// followed message by message from their headers (response_header.h): the dataset's
// entities when the workspace honours ReadDatasetRequest.dataset_entity_codes (every
// message says so, with the entities first seen before its chunk), else the slice's own.
// The first message decides and sets up the slice's builder; every later one must agree,
// so a workspace that breaks the promise is DATA_LOSS on the slice's reading thread, as
// its chunk comes, not a wrong join after the last byte.

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "common/contracts/columnar_panel.h"
#include "common/workspace_client/response_header.h"

namespace govmetrics::workspace_client {

class SliceNumbering {
 public:
  // `header`: the next message's, before its chunk goes to `builder` (the slice's). The
  // first message's dataset-wide numbering makes the builder number after its
  // entities_before (ColumnarPanelBuilder::NumberEntitiesAfter), which must lie in
  // [0, first_row]: no more entities than rows come before the slice. Each later
  // message must say what the first said, with entities_before the first's plus the
  // names the builder has received since. DATA_LOSS naming the field otherwise.
  absl::Status Next(const ResponseHeader& header, contracts::ColumnarPanelBuilder* builder);

  // For SliceMerger::Append: the entities before the slice when its codes number the
  // dataset's, nullopt when they number its own (or no message came).
  std::optional<int64_t> entities_before() const {
    return dataset_codes_ ? std::optional<int64_t>(entities_before_) : std::nullopt;
  }

 private:
  absl::Status Start(const ResponseHeader& header, contracts::ColumnarPanelBuilder* builder);

  bool started_ = false;
  bool dataset_codes_ = false;
  int64_t entities_before_ = 0;
};

}  // namespace govmetrics::workspace_client

#endif  // GOVMETRICS_COMMON_WORKSPACE_CLIENT_SLICE_NUMBERING_H_
