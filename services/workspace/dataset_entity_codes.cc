#include "services/workspace/dataset_entity_codes.h"

#include <string>
#include <vector>

#include "services/workspace/dataset_parts.h"
#include "services/workspace/stored_entity_runs.h"

namespace govmetrics::workspace {

bool HonoursDatasetEntityCodes(const v1::ReadDatasetRequest& request, v1::ChunkEncoding encoding,
                               const DatasetStore::Layout& layout) {
  return request.dataset_entity_codes() && encoding == v1::CHUNK_ENCODING_COLUMNAR &&
         layout.entity_runs;
}

absl::StatusOr<int64_t> EntitiesBefore(DatasetStore& store, const DatasetStore::Layout& layout,
                                       int64_t seq) {
  // One small part per chunk (a few bytes per entity): at 1e8 rows and 1e6 entities the
  // chunks before the last of 2 slices hold ~5 MB of names, against ~1.5 GB of rows.
  std::vector<bool> wanted(StoredPartCount(layout.schema), false);
  wanted[NewEntitiesPart(layout.schema)] = true;
  std::vector<std::string> parts(wanted.size());
  int64_t entities = 0;
  for (int64_t chunk = 0; chunk < seq; ++chunk) {
    if (auto read = store.ReadChunkInto(layout, chunk, wanted, &parts); !read.ok()) return read;
    const int64_t names = CountNewEntities(parts[NewEntitiesPart(layout.schema)]);
    if (names < 0) return CorruptStoredChunk("new entities part");
    entities += names;
  }
  return entities;
}

}  // namespace govmetrics::workspace
