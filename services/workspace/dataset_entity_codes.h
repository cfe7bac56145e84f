#ifndef GOVMETRICS_SERVICES_WORKSPACE_DATASET_ENTITY_CODES_H_
#define GOVMETRICS_SERVICES_WORKSPACE_DATASET_ENTITY_CODES_H_

// Entity codes numbered across the whole dataset on every stream of a read
// (ReadDatasetRequest.dataset_entity_codes, workspace_service.proto). The stored entity
// runs (stored_entity_runs.h) already hold such codes and, per stored chunk, the names
// first seen in it: a slice starting at stored chunk k sends them as stored once it knows
// how many entities the chunks before k introduced (each chunk's new names are counted,
// not read row by row), so every slice is served from the stored runs and the client
// joins the slices' names by concatenation instead of hashing them and renumbering rows.
// A dataset stored without the runs cannot be numbered so without reading every row before
// the slice: its streams number their own entities, and say nothing (the fallback).

#include <cstdint>

#include "absl/status/statusor.h"
#include "govmetrics/workspace/v1/workspace_service.pb.h"
#include "services/workspace/dataset_store.h"

namespace govmetrics::workspace {

// Whether a read of `layout` in `encoding` (the checked one) honours the request's
// dataset_entity_codes: COLUMNAR, asked for, and the dataset stored with its entity runs.
bool HonoursDatasetEntityCodes(const v1::ReadDatasetRequest& request, v1::ChunkEncoding encoding,
                               const DatasetStore::Layout& layout);

// How many distinct entities the rows of stored chunks [0, seq) have: the names in their
// new entities parts. DATA_LOSS naming the part when one cannot be what an upload wrote.
absl::StatusOr<int64_t> EntitiesBefore(DatasetStore& store, const DatasetStore::Layout& layout,
                                       int64_t seq);

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_DATASET_ENTITY_CODES_H_
