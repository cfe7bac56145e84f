#ifndef GOVMETRICS_SERVICES_WORKSPACE_DATASET_PARTS_H_
#define GOVMETRICS_SERVICES_WORKSPACE_DATASET_PARTS_H_

// How a stored dataset is laid out: a sequence of row chunks, each split into parts
// stored as separate database rows, so a reader that needs two columns of a 1e8-row panel
// reads those two columns and nothing else:
//   part 0             entity   the Panel wire bytes of field 1 (tag, length, string)*
//   part 1             period   the packed varints of field 2, without tag and length
//   part 2 + c         column c its values as little-endian doubles (NaN bits kept)
//   part 2 + C + l     label l  the Label wire bytes of field 2 (tag, length, string)*
// Each part is exactly the bytes the protobuf serialisation of the whole panel contains,
// so the fingerprint of a stored dataset is computed by hashing parts in order with the
// few headers in between (PanelFingerprintOfParts), without ever holding the panel, and
// equals contracts::PanelFingerprint of the same rows sent inline.
//
// Datasets uploaded since session 13 store two more parts per chunk, derived from the
// entity part, for the COLUMNAR reads (stored_entity_runs.h); they are no part of the
// panel, hence of neither PartCount nor the fingerprint:
//   PartCount + 0      entity runs   (code, length) varint pairs
//   PartCount + 1      new entities  the names first seen in the chunk (tag, length, name)*
//   PartCount + 2      period runs   (start, length) varint pairs (stored_period_runs.h;
//                                    since session 13's second change: may be missing)

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics::workspace {

inline constexpr int kEntityPart = 0;
inline constexpr int kPeriodPart = 1;
inline int ColumnPart(int column) { return 2 + column; }
inline int LabelPart(const common::v1::Panel& schema, int label) {
  return 2 + schema.columns_size() + label;
}
inline int PartCount(const common::v1::Panel& schema) {
  return 2 + schema.columns_size() + schema.labels_size();
}
inline int EntityRunsPart(const common::v1::Panel& schema) { return PartCount(schema); }
inline int NewEntitiesPart(const common::v1::Panel& schema) { return PartCount(schema) + 1; }
inline int PeriodRunsPart(const common::v1::Panel& schema) { return PartCount(schema) + 2; }
// Every part a chunk may have in the database (a dataset uploaded before the entity runs
// has PartCount of them).
inline int StoredPartCount(const common::v1::Panel& schema) { return PartCount(schema) + 3; }

// DATA_LOSS for stored bytes that cannot be what was written; `what` names the part.
absl::Status CorruptStoredChunk(absl::string_view what);

// The names of a panel's columns and labels, without values: what a dataset's parts mean.
common::v1::Panel SchemaOf(const common::v1::Panel& panel);

// Splits a chunk (validated, with the schema's columns and labels) into its parts,
// indexed by part number.
std::vector<std::string> EncodeChunkParts(const common::v1::Panel& chunk);

// Appends a chunk's rows to `parts` (PartCount(chunk) strings, e.g. the parts of a stored
// chunk being filled): the parts of the concatenated rows are the concatenated parts,
// so an upload regroups chunks without merging Panel messages. EncodeChunkParts is this
// on empty parts.
void AppendChunkParts(const common::v1::Panel& chunk, std::vector<std::string>* parts);

// Rebuilds rows from parts. `parts[p]` holds part p, or is empty when not read (its
// column / label is then left out of the result; entity and period are required).
absl::StatusOr<common::v1::Panel> DecodeChunkParts(const common::v1::Panel& schema,
                                                   const std::vector<std::string>& parts,
                                                   const std::vector<bool>& wanted);

// Streams the stored bytes of part `part`, chunk after chunk, into `sink`.
using PartReader = std::function<absl::Status(
    int part, const std::function<void(const std::string& bytes)>& sink)>;

// SHA-256 (hex) of the serialised panel the parts make up; `part_bytes[p]` is part p's
// total size and `rows` the row count.
absl::StatusOr<std::string> PanelFingerprintOfParts(const common::v1::Panel& schema, int64_t rows,
                                                    const std::vector<int64_t>& part_bytes,
                                                    const PartReader& read);

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_DATASET_PARTS_H_
