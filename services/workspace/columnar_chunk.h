#ifndef GOVMETRICS_SERVICES_WORKSPACE_COLUMNAR_CHUNK_H_
#define GOVMETRICS_SERVICES_WORKSPACE_COLUMNAR_CHUNK_H_

// The COLUMNAR encoding of a ReadDataset stream (ReadDatasetRequest.encoding): stored
// chunk parts (dataset_parts.h) become ColumnarChunks without a Panel in between. Entity
// names (and each label's values) are read straight off the stored wire bytes and sent as
// int32 codes into dictionaries that grow over the stream, each name once, in the chunk
// where it first appears; codes follow first appearance in the dataset's rows, which is
// how PanelView numbers the entities of the same rows sent inline. Periods and numeric
// columns are copied from their stored bytes.
//
// Why: a 1e8-row panel read in the ROWS encoding carries, parses and hashes one string per
// row in both processes; here the reader decodes packed int32 and doubles, and the writer
// hashes one name per run of equal names (a panel sorted by entity: one per entity) or,
// for a dataset stored with its entity runs (stored_entity_runs.h), reads neither names
// nor hashes: it sends the stored runs and new names.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "govmetrics/common/v1/panel.pb.h"
#include "govmetrics/workspace/v1/workspace_service.pb.h"
#include "services/workspace/stored_entity_runs.h"
#include "services/workspace/value_runs.h"

namespace govmetrics::workspace {

// One stream's encoder: keeps the dictionaries from chunk to chunk.
class ColumnarChunkEncoder {
 public:
  // `schema` and `wanted` as for DecodeChunkParts (entity and period always read). When
  // `wanted` reads the stored runs instead of the per-row names (ReadsStoredRuns), the
  // codes, new names and period runs come from those, as stored, with the same bytes:
  // only a stream from a dataset's first chunk may, since a stream's codes start there.
  // `run_length_codes` (ReadDatasetRequest.run_length_codes): each chunk's entity codes
  // and periods go as runs (ColumnarChunk.entity_run_*, period_run_*) when that form is
  // shorter than one value per row; false: always one value per row (today's bytes).
  ColumnarChunkEncoder(const common::v1::Panel& schema, std::vector<bool> wanted,
                       bool run_length_codes = false);

  // Numbers the stream's entities across the dataset (ReadDatasetRequest.
  // dataset_entity_codes): its first chunk follows `entities_before` entities
  // (EntitiesBefore, dataset_entity_codes.h), its codes and new names are the stored ones,
  // and each EncodeResponse says so (ReadDatasetResponse.dataset_entity_codes and
  // entities_before, after the chunk, in field order). Call before the first chunk; only
  // a stream reading the stored runs (ReadsStoredRuns) has such codes: INTERNAL otherwise.
  absl::Status NumberDatasetEntities(int64_t entities_before);

  // Fills `out` (cleared first; reusing one message keeps its buffers) from the parts of
  // the stream's next stored chunk. DATA_LOSS when the stored bytes are corrupt. The
  // message form of what EncodeResponse writes (tests compare the two).
  absl::Status Encode(const std::vector<std::string>& parts, v1::ColumnarChunk* out);

  // The stream's next stored chunk as the serialised ReadDatasetResponse {first_row,
  // columnar: what Encode fills}, written by hand without building the message: the
  // concatenated `pieces` are byte for byte its SerializeAsString. The stored periods and
  // doubles already are their packed wire bytes, so the wanted period and column parts
  // are moved out of `parts` into pieces (no copy); the entity and label codes are written
  // into strings from `buffer(source)`. Each piece names its source (a part number, or
  // kComputed*: a buffer from `buffer`; kHeader: small bytes) so the caller can recycle
  // buffers for the same use. Returns the chunk's rows; DATA_LOSS when the stored bytes
  // are corrupt (then `pieces` is unspecified).
  struct WirePiece {
    int source;
    std::string bytes;
  };
  static constexpr int kHeader = -1;
  static constexpr int kComputedEntityCodes = -2;
  static int ComputedLabelCodes(int label) { return -3 - label; }
  absl::StatusOr<int64_t> EncodeResponse(int64_t first_row, std::vector<std::string>* parts,
                                         const std::function<std::string(int source)>& buffer,
                                         std::vector<WirePiece>* pieces);

  // A chunk's entity codes or periods as runs (value_runs.h).
  using Runs = ValueRuns;

 private:
  class PieceList;  // the pieces of a message being written (columnar_chunk.cc)
  // The forms the chunk's entity codes and periods go in (chosen by CodeRuns).
  struct EntityAndPeriod {
    bool entity_runs = false;  // entity codes as runs_ (else one per row)
    bool period_runs = false;  // periods as period_runs_ (else the stored part as is)
  };
  // With run_length_codes_ or stored_runs_: the chunk's entity codes into entity_runs_
  // (calling new_name for names not seen before); with run_length_codes_ also its periods
  // into period_runs_, and the shorter form of each chosen (else one value per row).
  // DATA_LOSS when a part is corrupt.
  absl::StatusOr<EntityAndPeriod> CodeRuns(
      const std::vector<std::string>& parts,
      const std::function<void(absl::string_view)>& new_name);
  // The entity codes of CodeRuns: read from the stored runs, or coded from the names.
  absl::Status EntityRuns(const std::vector<std::string>& parts,
                          const std::function<void(absl::string_view)>& new_name);
  // CodeRuns' periods into period_runs_: the stored runs (`stored`: a dataset uploaded
  // with them), else decoded from the period part.
  absl::Status PeriodRuns(const std::vector<std::string>& parts, bool stored);
  // Whether the chunk's codes are taken as runs (the rest of the message follows them).
  bool CodesAsRuns() const { return run_length_codes_ || stored_runs_; }
  // EncodeResponse's new entity names, entity codes and periods (fields 1-3; their runs,
  // fields 6-9, come last: WriteRuns); `form` gets the forms chosen. Returns the rows.
  absl::StatusOr<int64_t> WriteEntityAndPeriod(
      std::vector<std::string>* parts, const std::function<std::string(int source)>& buffer,
      PieceList* out, EntityAndPeriod* form);
  void WriteRuns(const EntityAndPeriod& form, PieceList* out) const;
  // With dataset_codes_: the response fields that say so, for a chunk after
  // `entities_before` entities (appended to `out`, which ends the message).
  static void WriteDatasetCodes(int64_t entities_before, std::string* out);
  // Encode's entity names, codes and periods, in the form chosen; returns the rows.
  absl::StatusOr<int64_t> EncodeEntityAndPeriod(const std::vector<std::string>& parts,
                                                v1::ColumnarChunk* out);
  // Names to codes for one stream, with the last name looked up remembered (runs of one
  // entity cost a comparison, not a hash).
  class Dictionary {
   public:
    // Codes each length-delimited string field with `tag` in `bytes`; appends the codes
    // to `codes` and names not seen before to `new_names`. False when `bytes` is corrupt.
    bool CodeAll(const std::string& bytes, char tag, google::protobuf::RepeatedField<int32_t>* codes,
                 google::protobuf::RepeatedPtrField<std::string>* new_names);
    // The same in wire form: codes as varints appended to `codes`, new names as
    // (`name_tag`, length, name) fields appended to `new_names`; `rows` gets the count.
    bool CodeAllWire(const std::string& bytes, char tag, char name_tag, std::string* codes,
                     std::string* new_names, int64_t* rows);
    // The same as runs of one code (appended to `runs`); new_name(name) for new names.
    bool CodeRuns(const std::string& bytes, char tag, Runs* runs,
                  const std::function<void(absl::string_view)>& new_name);

   private:
    // Calls run(code, rows) per run of rows with one name (a run of byte-identical
    // fields is coded once) and new_name(name) for names not seen before.
    template <typename OnRun, typename OnNewName>
    bool Visit(const std::string& bytes, char tag, OnRun run, OnNewName new_name);

    absl::flat_hash_map<std::string, int32_t> codes_;
    std::string last_;
    int32_t last_code_ = -1;
  };

  common::v1::Panel schema_;
  std::vector<bool> wanted_;
  bool run_length_codes_;
  bool stored_runs_;  // ReadsStoredRuns(schema_, wanted_)
  bool dataset_codes_ = false;  // NumberDatasetEntities was called
  Dictionary entities_;
  EntityRunsReader stored_entities_;
  std::vector<Dictionary> labels_;
  Runs entity_runs_, period_runs_;  // the current chunk's (reused)
};

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_COLUMNAR_CHUNK_H_
