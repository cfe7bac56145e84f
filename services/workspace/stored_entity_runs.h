#ifndef GOVMETRICS_SERVICES_WORKSPACE_STORED_ENTITY_RUNS_H_
#define GOVMETRICS_SERVICES_WORKSPACE_STORED_ENTITY_RUNS_H_

// A stored chunk's entities in the form a COLUMNAR read sends them, written once at
// upload (dataset_parts.h: EntityRunsPart, NewEntitiesPart):
//   entity runs   (code, length) varint pairs: `length` rows of the entity coded `code`;
//                 codes number the entities in order of first appearance in the dataset's
//                 rows (what a stream read from the first chunk numbers them), and equal
//                 neighbours are one run (what the stream's coding of the names gives);
//   new entities  (0x0a, length, name)*: the names whose first row is in the chunk, in
//                 code order (the wire bytes of ColumnarChunk.new_entities).
// Why: the per-row entity part is ~12 bytes a row (~20% of the bytes a 1e8-row read pulls
// out of the database) and coding it cost a read ~12% of the workspace's one serving
// thread (a walk over every row, a hash per run, a dictionary of up to 80 MB per stream).
// With these parts a read sends codes and names as stored, per run and per new name.
// Datasets uploaded before have no such parts and are read as before (the fallback).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "govmetrics/common/v1/panel.pb.h"
#include "govmetrics/workspace/v1/workspace_service.pb.h"
#include "services/workspace/value_runs.h"

namespace govmetrics::workspace {

// The upload's side: fills a stored chunk's two parts as rows arrive.
class EntityRunsWriter {
 public:
  // The first row of the entity the upload codes next (call before its AddRows).
  void AddNewName(absl::string_view name);
  // `rows` more rows of the entity coded `code`; joins the run before when it is the same.
  void AddRows(int32_t code, int64_t rows);
  // Appends the chunk's entity runs and new entities parts, in that order, to `parts`
  // (the chunk's PartCount panel parts), and starts afresh for the next stored chunk.
  void MoveInto(std::vector<std::string>* parts);

 private:
  void EndRun();

  int32_t code_ = -1;  // the open run's code (-1: none)
  int64_t rows_ = 0;
  std::string runs_, names_;
};

// One stream's side: reads each chunk's two parts in stream order, checking them against
// the names the stream has sent before (codes can only refer to those or to the chunk's
// new names, taken in order).
class EntityRunsReader {
 public:
  // `sent_before`: the names the chunks before the stream's first introduced (0 for a
  // stream from the first chunk; EntitiesBefore for a slice numbered across the dataset,
  // dataset_entity_codes.h), whose codes the stream's runs may use without sending them.
  explicit EntityRunsReader(int64_t sent_before = 0) : sent_(sent_before) {}

  // Appends the chunk's runs to `runs` and calls new_name(name) per new name, in order.
  // DATA_LOSS naming the part when one cannot be what an upload wrote.
  absl::Status Read(const std::string& runs_part, const std::string& names_part, ValueRuns* runs,
                    const std::function<void(absl::string_view)>& new_name);
  // The names introduced before the next chunk: the code of its first new name.
  int64_t sent() const { return sent_; }

 private:
  int64_t sent_ = 0;  // names introduced by the chunks before
};

// The names in a new entities part (as ForEach would visit them); -1 when it cannot be
// what an upload wrote.
int64_t CountNewEntities(const std::string& names_part);

// Whether a ReadDataset stream sends the stored entity runs rather than coding the per-row
// names: a COLUMNAR stream of a dataset stored with them, from the dataset's first chunk
// (then the bytes are those of coding the names) or numbering the dataset's entities
// (`dataset_codes`: HonoursDatasetEntityCodes); a slice from a later chunk without it
// numbers its own entities afresh, by coding the names.
bool SendsStoredEntityRuns(bool dataset_has_runs, v1::ChunkEncoding encoding, int64_t first_chunk,
                           bool dataset_codes);
// Whether a read of `wanted` parts takes the entities and periods from the stored runs
// (the entity runs, new entities and period runs parts wanted, the per-row names not).
bool ReadsStoredRuns(const common::v1::Panel& schema, const std::vector<bool>& wanted);
// Turns `wanted` (PartCount entries, the per-row names among them) into the wanted parts
// of a read from the stored runs (StoredPartCount entries). The period part stays wanted:
// it is sent as is when one period per row is the shorter form.
void WantStoredRuns(const common::v1::Panel& schema, std::vector<bool>* wanted);

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_STORED_ENTITY_RUNS_H_
