#ifndef GOVMETRICS_SERVICES_WORKSPACE_DATASET_STORE_H_
#define GOVMETRICS_SERVICES_WORKSPACE_DATASET_STORE_H_

// Datasets in the database: the upload protocol, access checks, reads, sharing, deletion.
//
// Upload (all or nothing): Begin inserts the dataset in state 'uploading' (invisible to
// every read); AppendChunk stores one chunk's parts in one transaction and refreshes the
// upload's heartbeat; Commit fills in the shape and fingerprint and flips the state to
// 'ready' together with the audit row. A failed or cancelled upload is deleted at once;
// one whose process died is deleted by CollectAbandonedUploads, which every replica runs
// at start and periodically, once its heartbeat is older than the given age.
//
// Access: the owner and the agencies it shared with read a dataset; only the owner shares,
// unshares or deletes it (resource_errors.h gives the statuses).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "govmetrics/common/v1/panel.pb.h"
#include "govmetrics/workspace/v1/workspace_service.pb.h"
#include "services/workspace/dataset_upload.h"
#include "services/workspace/sql_database.h"

namespace govmetrics::workspace {

class StringRecycler;

class DatasetStore {
 public:
  explicit DatasetStore(SqlDatabase* database) : database_(database) {}
  SqlDatabase* database() const { return database_; }

  // --- upload
  absl::StatusOr<std::string> BeginUpload(const std::string& agency,
                                          const std::string& display_name,
                                          const common::v1::Panel& schema);
  absl::Status AppendChunk(const std::string& id, int64_t seq,
                           const std::vector<std::string>& parts);
  absl::StatusOr<workspace::v1::Dataset> CommitUpload(const std::string& id,
                                                      const DatasetShape& shape);
  absl::Status AbandonUpload(const std::string& id);
  // Deletes uploads whose heartbeat is older than `max_age_micros`; returns how many.
  absl::StatusOr<int> CollectAbandonedUploads(int64_t max_age_micros);

  // --- reads (NOT_FOUND unless `agency` may read the dataset)
  absl::StatusOr<workspace::v1::Dataset> Get(const std::string& agency, const std::string& name);
  absl::StatusOr<workspace::v1::ListDatasetsResponse> List(
      const std::string& agency, const workspace::v1::ListDatasetsRequest& request);
  // The stored schema (column / label names) of a readable dataset and its chunk count.
  struct Layout {
    std::string id;
    std::string owner;
    common::v1::Panel schema;
    int64_t chunks = 0;
    int64_t rows = 0;
    std::string fingerprint;
    // Stored with the entity runs parts (stored_entity_runs.h); false for a dataset
    // uploaded before them, whose reads code the per-row names.
    bool entity_runs = false;
  };
  absl::StatusOr<Layout> ReadableLayout(const std::string& agency, const std::string& name);
  // Layout by id without an access check (the study worker acts for the study's owner,
  // whose access was checked when the study was created).
  absl::StatusOr<Layout> LayoutById(const std::string& id);
  // Parts of chunk `seq`; `wanted[p]` says which parts to read (others stay empty).
  absl::StatusOr<std::vector<std::string>> ReadChunk(const Layout& layout, int64_t seq,
                                                     const std::vector<bool>& wanted);
  // The same into `parts` (PartCount entries): the wanted parts are overwritten in place
  // (resized to the stored size; no clearing first), the others left alone. A stream that
  // passes the same vector for every chunk reuses its strings' memory instead of touching
  // fresh pages for each chunk, and the database copies each byte once, into them.
  // `buffers` (optional): where a part too large for its string (every part of a stream's
  // first chunk) takes a buffer an earlier message used (StringRecycler::TakeForOverwrite)
  // instead of growing its own, which would allocate and zero-fill memory the read then
  // overwrites.
  absl::Status ReadChunkInto(const Layout& layout, int64_t seq, const std::vector<bool>& wanted,
                             std::vector<std::string>* parts, StringRecycler* buffers = nullptr);
  // Rows in stored chunks [0, seq): where a read from chunk `seq` on (a slice,
  // ReadDatasetRequest.slice) starts in the dataset. From the stored sizes of the first
  // numeric column's parts (8 bytes a row; LENGTH comes from the record header, the blob
  // is not read); a dataset without numeric columns counts its period varints.
  absl::StatusOr<int64_t> RowsBefore(const Layout& layout, int64_t seq);
  // The whole dataset as one panel (what a study sends to the reporting service).
  absl::StatusOr<common::v1::Panel> ReadPanel(const Layout& layout);

  // --- changes by the owner
  absl::Status Delete(const std::string& agency, const std::string& name);
  absl::StatusOr<workspace::v1::Dataset> Share(const std::string& agency, const std::string& name,
                                               const std::string& reader, bool grant);

 private:
  absl::StatusOr<std::string> FingerprintOfStored(const std::string& id,
                                                  const common::v1::Panel& schema, int64_t rows,
                                                  int64_t chunks);
  absl::StatusOr<workspace::v1::Dataset> Describe(SqlSession& session, const std::string& id);
  // The dataset row if `agency` may read it (else NOT_FOUND); `owner` gets its owner.
  absl::Status CheckReadable(SqlSession& session, const std::string& agency,
                             const std::string& name, const std::string& id,
                             std::string* owner);

  SqlDatabase* database_;
};

// A fresh random id (128 bits, hex).
std::string NewResourceId();

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_DATASET_STORE_H_
