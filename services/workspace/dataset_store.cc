#include "services/workspace/dataset_store.h"

#include <openssl/rand.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/contracts/field_violations.h"
#include "services/workspace/audit_log.h"
#include "services/workspace/dataset_parts.h"
#include "services/workspace/db_time.h"
#include "services/workspace/page_token.h"
#include "services/workspace/recycled_strings.h"
#include "services/workspace/resource_errors.h"

namespace govmetrics::workspace {
namespace {

constexpr char kDatasets[] = "datasets";
// The columns Describe reads, in order.
constexpr char kDescribeColumns[] =
    "id, display_name, owner, schema_panel, row_count, entity_count, period_count, balanced, "
    "fingerprint, create_time";
// Chunks fetched per query when a part is streamed (bounded memory for any size).
constexpr int64_t kChunksPerQuery = 16;

absl::StatusOr<std::string> DatasetId(const std::string& name) {
  return IdOfName(name, kDatasets, "name");
}

void FillDataset(const SqlRow& row, workspace::v1::Dataset* dataset) {
  dataset->set_name(absl::StrCat(kDatasets, "/", SqlText(row[0])));
  dataset->set_display_name(SqlText(row[1]));
  dataset->set_owner_agency(SqlText(row[2]));
  common::v1::Panel schema;
  schema.ParseFromString(SqlText(row[3]));
  for (const auto& column : schema.columns()) dataset->add_columns(column.name());
  for (const auto& label : schema.labels()) dataset->add_labels(label.name());
  dataset->set_row_count(SqlInt(row[4]));
  dataset->set_entity_count(SqlInt(row[5]));
  dataset->set_period_count(SqlInt(row[6]));
  dataset->set_balanced(SqlInt(row[7]) != 0);
  dataset->set_fingerprint(SqlText(row[8]));
  SetTimestamp(SqlInt(row[9]), dataset->mutable_create_time());
}

absl::Status AddReaders(SqlSession& session, workspace::v1::Dataset* dataset,
                        const std::string& id) {
  auto readers = session.Query(
      "SELECT agency FROM dataset_readers WHERE dataset_id = ? ORDER BY agency", {id});
  if (!readers.ok()) return readers.status();
  for (const SqlRow& row : *readers) dataset->add_readers(SqlText(row[0]));
  return absl::OkStatus();
}

// Who may read: the owner, or an agency with a grant. One definition, used by every read.
constexpr char kReadableBy[] =
    "(owner = ? OR EXISTS (SELECT 1 FROM dataset_readers r WHERE r.dataset_id = datasets.id "
    "AND r.agency = ?))";

// `bytes` resized to `size` for the caller to overwrite; where it goes. A string that
// already has that size (a stream's part buffer, chunk after chunk) is not written here:
// clear() + resize() would zero megabytes per part only for the reader to overwrite them.
// One without room for `size` takes a buffer from `buffers` when given (its old bytes are
// of no use): growing it would zero the whole new size.
char* BufferOfSize(std::string* bytes, size_t size, StringRecycler* buffers) {
  if (buffers != nullptr && bytes->capacity() < size) *bytes = buffers->TakeForOverwrite(size);
  bytes->resize(size);
  return bytes->data();
}

// Whether the dataset was uploaded with the entity runs parts (stored_entity_runs.h): an
// upload writes them into every chunk or into none, so chunk 0 tells (one primary-key
// lookup; no schema change, and datasets from before keep being read as they were).
absl::Status HasEntityRuns(SqlSession& session, DatasetStore::Layout* layout) {
  auto found = session.Query(
      "SELECT part FROM dataset_parts WHERE dataset_id = ? AND seq = 0 AND part = ?",
      {layout->id, static_cast<int64_t>(EntityRunsPart(layout->schema))});
  if (!found.ok()) return found.status();
  layout->entity_runs = !found->empty();
  return absl::OkStatus();
}

}  // namespace

std::string NewResourceId() {
  unsigned char bytes[16];
  RAND_bytes(bytes, sizeof bytes);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(bytes), sizeof bytes));
}

absl::StatusOr<std::string> DatasetStore::BeginUpload(const std::string& agency,
                                                      const std::string& display_name,
                                                      const common::v1::Panel& schema) {
  const std::string id = NewResourceId();
  const int64_t now = NowMicros();
  absl::Status status = database_->WithSession([&](SqlSession& session) {
    return session
        .Execute(
            "INSERT INTO datasets (id, owner, display_name, state, schema_panel, create_time, "
            "heartbeat) VALUES (?, ?, ?, 'uploading', ?, ?, ?)",
            {id, agency, display_name, Blob{schema.SerializeAsString()}, now, now})
        .status();
  });
  if (!status.ok()) return status;
  return id;
}

absl::Status DatasetStore::AppendChunk(const std::string& id, int64_t seq,
                                       const std::vector<std::string>& parts) {
  return database_->InTransaction([&](SqlSession& session) -> absl::Status {
    for (size_t part = 0; part < parts.size(); ++part) {
      auto inserted = session.Execute(
          "INSERT INTO dataset_parts (dataset_id, part, seq, data) VALUES (?, ?, ?, ?)",
          {id, static_cast<int64_t>(part), seq, Blob{parts[part]}});
      if (!inserted.ok()) return inserted.status();
    }
    auto beat = session.Execute(
        "UPDATE datasets SET heartbeat = ?, chunk_count = ? WHERE id = ? AND state = 'uploading'",
        {NowMicros(), seq + 1, id});
    if (!beat.ok()) return beat.status();
    if (*beat == 0) {
      return absl::AbortedError("the upload was collected as abandoned; start it again");
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::string> DatasetStore::FingerprintOfStored(const std::string& id,
                                                              const common::v1::Panel& schema,
                                                              int64_t rows, int64_t chunks) {
  std::vector<int64_t> part_bytes(PartCount(schema), 0);
  absl::Status sized = database_->WithSession([&](SqlSession& session) -> absl::Status {
    // Summed here rather than with GROUP BY: SQLite sorted every part's bytes through a
    // temporary file to group them (the whole dataset written once more), while LENGTH
    // of a row's blob alone is read from the record header.
    auto sizes = session.Query(
        "SELECT part, CAST(LENGTH(data) AS BIGINT) FROM dataset_parts WHERE dataset_id = ?", {id});
    if (!sizes.ok()) return sizes.status();
    for (const SqlRow& row : *sizes) {
      const int64_t part = SqlInt(row[0]);
      if (part >= PartCount(schema) && part < StoredPartCount(schema)) continue;  // not panel
      if (part < 0 || part >= static_cast<int64_t>(part_bytes.size())) {
        return absl::DataLossError(absl::StrCat("dataset ", id, " has a stored part ", part,
                                                " outside its layout"));
      }
      part_bytes[part] += SqlInt(row[1]);
    }
    return absl::OkStatus();
  });
  if (!sized.ok()) return sized;
  // The hash runs part after part; each part is read a range of chunks per query along
  // the primary key (dataset_id, seq, part): bounded memory, and no query sorts (so
  // reads) the whole dataset, which paging in (part, seq) order did once per page.
  PartReader read = [&](int part, const std::function<void(const std::string&)>& sink) {
    return database_->WithSession([&](SqlSession& session) -> absl::Status {
      for (int64_t first = 0; first < chunks; first += kChunksPerQuery) {
        auto batch = session.Query(
            "SELECT data FROM dataset_parts WHERE dataset_id = ? AND seq >= ? AND seq < ? AND "
            "part = ? ORDER BY seq",
            {id, first, first + kChunksPerQuery, static_cast<int64_t>(part)});
        if (!batch.ok()) return batch.status();
        for (const SqlRow& row : *batch) sink(SqlText(row[0]));
      }
      return absl::OkStatus();
    });
  };
  return PanelFingerprintOfParts(schema, rows, part_bytes, read);
}

absl::StatusOr<workspace::v1::Dataset> DatasetStore::CommitUpload(const std::string& id,
                                                                  const DatasetShape& shape) {
  auto layout = LayoutById(id);  // state 'uploading' is fine here
  if (!layout.ok()) return layout.status();
  auto fingerprint = FingerprintOfStored(id, layout->schema, shape.rows, layout->chunks);
  if (!fingerprint.ok()) return fingerprint.status();
  workspace::v1::Dataset dataset;
  absl::Status status = database_->InTransaction([&](SqlSession& session) -> absl::Status {
    auto updated = session.Execute(
        "UPDATE datasets SET state = 'ready', row_count = ?, entity_count = ?, period_count = ?, "
        "balanced = ?, fingerprint = ?, create_time = ? WHERE id = ? AND state = 'uploading'",
        {shape.rows, shape.entities, shape.periods, static_cast<int64_t>(shape.balanced),
         *fingerprint, NowMicros(), id});
    if (!updated.ok()) return updated.status();
    if (*updated == 0) return absl::AbortedError("the upload was collected as abandoned");
    auto described = Describe(session, id);
    if (!described.ok()) return described.status();
    dataset = *std::move(described);
    return RecordAudit(session, {dataset.owner_agency(), dataset.owner_agency(), "dataset.create",
                                dataset.name(), dataset.fingerprint(),
                                absl::StrCat(shape.rows, " rows")});
  });
  if (!status.ok()) return status;
  return dataset;
}

absl::Status DatasetStore::AbandonUpload(const std::string& id) {
  return database_->WithSession([&](SqlSession& session) {
    return session.Execute("DELETE FROM datasets WHERE id = ? AND state = 'uploading'", {id})
        .status();
  });
}

absl::StatusOr<int> DatasetStore::CollectAbandonedUploads(int64_t max_age_micros) {
  int64_t deleted = 0;
  absl::Status status = database_->WithSession([&](SqlSession& session) -> absl::Status {
    auto done = session.Execute(
        "DELETE FROM datasets WHERE state = 'uploading' AND heartbeat < ?",
        {NowMicros() - max_age_micros});
    if (!done.ok()) return done.status();
    deleted = *done;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return static_cast<int>(deleted);
}

absl::StatusOr<workspace::v1::Dataset> DatasetStore::Describe(SqlSession& session,
                                                              const std::string& id) {
  auto rows = session.Query(absl::StrCat("SELECT ", kDescribeColumns,
                                         " FROM datasets WHERE id = ?"),
                            {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return absl::NotFoundError(absl::StrCat("dataset ", id, " vanished"));
  workspace::v1::Dataset dataset;
  FillDataset((*rows)[0], &dataset);
  if (auto readers = AddReaders(session, &dataset, id); !readers.ok()) return readers;
  return dataset;
}

absl::Status DatasetStore::CheckReadable(SqlSession& session, const std::string& agency,
                                         const std::string& name, const std::string& id,
                                         std::string* owner) {
  auto rows = session.Query(absl::StrCat("SELECT owner FROM datasets WHERE id = ? AND state = "
                                         "'ready' AND ", kReadableBy),
                            {id, agency, agency});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return ResourceNotFound("dataset", name, agency);
  if (owner != nullptr) *owner = SqlText((*rows)[0][0]);
  return absl::OkStatus();
}

absl::StatusOr<workspace::v1::Dataset> DatasetStore::Get(const std::string& agency,
                                                         const std::string& name) {
  auto id = DatasetId(name);
  if (!id.ok()) return id.status();
  workspace::v1::Dataset dataset;
  absl::Status status = database_->WithSession([&](SqlSession& session) -> absl::Status {
    if (auto readable = CheckReadable(session, agency, name, *id, nullptr); !readable.ok()) {
      return readable;
    }
    auto described = Describe(session, *id);
    if (!described.ok()) return described.status();
    dataset = *std::move(described);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return dataset;
}

absl::StatusOr<workspace::v1::ListDatasetsResponse> DatasetStore::List(
    const std::string& agency, const workspace::v1::ListDatasetsRequest& request) {
  auto page = ParseNewestFirstPage(request.page_size(), request.page_token());
  if (!page.ok()) return page.status();
  workspace::v1::ListDatasetsResponse response;
  absl::Status status = database_->WithSession([&](SqlSession& session) -> absl::Status {
    SqlParams params = {agency, agency, request.owner_agency(), request.owner_agency()};
    AppendPageParams(*page, &params);
    auto rows = session.Query(
        absl::StrCat("SELECT ", kDescribeColumns, " FROM datasets WHERE state = 'ready' AND ",
                     kReadableBy, " AND (CAST(? AS TEXT) = '' OR owner = ?)", kNewestFirstPageSql),
        params);
    if (!rows.ok()) return rows.status();
    for (size_t i = 0; i < rows->size() && static_cast<int>(i) < page->size; ++i) {
      auto* dataset = response.add_datasets();
      FillDataset((*rows)[i], dataset);
      if (auto readers = AddReaders(session, dataset, SqlText((*rows)[i][0])); !readers.ok()) {
        return readers;
      }
    }
    response.set_next_page_token(NextPageToken(*page, *rows, 9, 0));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<DatasetStore::Layout> DatasetStore::LayoutById(const std::string& id) {
  Layout layout;
  absl::Status status = database_->WithSession([&](SqlSession& session) -> absl::Status {
    auto rows = session.Query(
        "SELECT schema_panel, chunk_count, row_count, fingerprint, owner FROM datasets WHERE id = ?",
        {id});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return ResourceNotFound("dataset", absl::StrCat(kDatasets, "/", id), "");
    const SqlRow& row = (*rows)[0];
    layout.id = id;
    layout.schema.ParseFromString(SqlText(row[0]));
    layout.chunks = SqlInt(row[1]);
    layout.rows = SqlInt(row[2]);
    layout.fingerprint = SqlText(row[3]);
    layout.owner = SqlText(row[4]);
    return HasEntityRuns(session, &layout);
  });
  if (!status.ok()) return status;
  return layout;
}

absl::StatusOr<DatasetStore::Layout> DatasetStore::ReadableLayout(const std::string& agency,
                                                                  const std::string& name) {
  auto id = DatasetId(name);
  if (!id.ok()) return id.status();
  absl::Status readable = database_->WithSession(
      [&](SqlSession& session) { return CheckReadable(session, agency, name, *id, nullptr); });
  if (!readable.ok()) return readable;
  return LayoutById(*id);
}

absl::StatusOr<int64_t> DatasetStore::RowsBefore(const Layout& layout, int64_t seq) {
  if (seq <= 0) return 0;
  if (layout.schema.columns_size() == 0) {  // one varint per row: count their last bytes
    std::vector<bool> wanted(PartCount(layout.schema), false);
    wanted[kPeriodPart] = true;
    std::vector<std::string> parts(wanted.size());
    int64_t rows = 0;
    for (int64_t chunk = 0; chunk < seq; ++chunk) {
      if (auto read = ReadChunkInto(layout, chunk, wanted, &parts); !read.ok()) return read;
      for (const char byte : parts[kPeriodPart]) rows += static_cast<unsigned char>(byte) < 0x80;
    }
    return rows;
  }
  int64_t bytes = 0;
  absl::Status summed = database_->WithSession([&](SqlSession& session) -> absl::Status {
    auto sizes = session.Query(
        "SELECT CAST(LENGTH(data) AS BIGINT) FROM dataset_parts "
        "WHERE dataset_id = ? AND part = ? AND seq < ?",
        {layout.id, int64_t{ColumnPart(0)}, seq});
    if (!sizes.ok()) return sizes.status();
    for (const SqlRow& row : *sizes) bytes += SqlInt(row[0]);
    return absl::OkStatus();
  });
  if (!summed.ok()) return summed;
  return bytes / static_cast<int64_t>(sizeof(double));
}

absl::StatusOr<std::vector<std::string>> DatasetStore::ReadChunk(const Layout& layout,
                                                                 int64_t seq,
                                                                 const std::vector<bool>& wanted) {
  std::vector<std::string> parts(PartCount(layout.schema));
  if (auto read = ReadChunkInto(layout, seq, wanted, &parts); !read.ok()) return read;
  return parts;
}

absl::Status DatasetStore::ReadChunkInto(const Layout& layout, int64_t seq,
                                         const std::vector<bool>& wanted,
                                         std::vector<std::string>* parts,
                                         StringRecycler* buffers) {
  // Only the wanted parts leave the database (a fit of 2 columns of 40 reads 2).
  std::vector<std::string> numbers;
  for (size_t part = 0; part < parts->size(); ++part) {
    if (wanted[part]) numbers.push_back(absl::StrCat(part));
  }
  const std::string where = absl::StrCat("dataset_id = ? AND seq = ? AND part IN (",
                                         absl::StrJoin(numbers, ", "), ")");
  std::vector<bool> found(parts->size(), false);
  auto destination = [&](int64_t part, size_t size) -> char* {
    if (part < 0 || part >= static_cast<int64_t>(parts->size()) || !wanted[part] ||
        found[part]) {
      return nullptr;
    }
    found[part] = true;
    return BufferOfSize(&(*parts)[part], size, buffers);
  };
  absl::Status status = database_->WithSession([&](SqlSession& session) {
    return session.ReadKeyedBlobs({"dataset_parts", "part", "data", where}, {layout.id, seq},
                                  destination);
  });
  if (!status.ok()) return status;
  if (std::find(found.begin(), found.end(), true) == found.end()) {
    return absl::NotFoundError(absl::StrCat("dataset datasets/", layout.id,
                                            " was deleted while it was being read"));
  }
  for (size_t part = 0; part < parts->size(); ++part) {
    if (wanted[part] && !found[part]) (*parts)[part].clear();  // a missing part reads as empty
  }
  return absl::OkStatus();
}

absl::StatusOr<common::v1::Panel> DatasetStore::ReadPanel(const Layout& layout) {
  const std::vector<bool> all(PartCount(layout.schema), true);
  common::v1::Panel panel = layout.schema;
  for (int64_t seq = 0; seq < layout.chunks; ++seq) {
    auto parts = ReadChunk(layout, seq, all);
    if (!parts.ok()) return parts.status();
    auto chunk = DecodeChunkParts(layout.schema, *parts, all);
    if (!chunk.ok()) return chunk.status();
    panel.mutable_entity()->MergeFrom(chunk->entity());
    panel.mutable_period()->MergeFrom(chunk->period());
    for (int c = 0; c < panel.columns_size(); ++c) {
      panel.mutable_columns(c)->mutable_values()->MergeFrom(chunk->columns(c).values());
    }
    for (int l = 0; l < panel.labels_size(); ++l) {
      panel.mutable_labels(l)->mutable_values()->MergeFrom(chunk->labels(l).values());
    }
  }
  return panel;
}

absl::Status DatasetStore::Delete(const std::string& agency, const std::string& name) {
  auto id = DatasetId(name);
  if (!id.ok()) return id.status();
  return database_->InTransaction([&](SqlSession& session) -> absl::Status {
    std::string owner;
    if (auto readable = CheckReadable(session, agency, name, *id, &owner); !readable.ok()) {
      return readable;
    }
    if (owner != agency) return ResourcePermissionDenied("dataset", name, agency, owner, "delete");
    auto busy = session.Query(
        "SELECT id FROM operations WHERE dataset_id = ? AND state IN (1, 2) ORDER BY id", {*id});
    if (!busy.ok()) return busy.status();
    if (!busy->empty()) {
      std::vector<std::string> names;
      for (const SqlRow& row : *busy) names.push_back(absl::StrCat("operations/", SqlText(row[0])));
      return contracts::FailedPreconditionOn(
          name, absl::StrCat("studies still use this dataset (", absl::StrJoin(names, ", "),
                             "); cancel them or wait until they finish, then delete"));
    }
    auto fingerprint = session.Query("SELECT fingerprint FROM datasets WHERE id = ?", {*id});
    if (!fingerprint.ok()) return fingerprint.status();
    auto deleted = session.Execute("DELETE FROM datasets WHERE id = ?", {*id});
    if (!deleted.ok()) return deleted.status();
    return RecordAudit(session, {owner, agency, "dataset.delete", name,
                                 SqlText((*fingerprint)[0][0]), ""});
  });
}

absl::StatusOr<workspace::v1::Dataset> DatasetStore::Share(const std::string& agency,
                                                           const std::string& name,
                                                           const std::string& reader,
                                                           bool grant) {
  auto id = DatasetId(name);
  if (!id.ok()) return id.status();
  if (reader.empty()) return contracts::InvalidField("agency", "name the agency to share with");
  workspace::v1::Dataset dataset;
  absl::Status status = database_->InTransaction([&](SqlSession& session) -> absl::Status {
    std::string owner;
    if (auto readable = CheckReadable(session, agency, name, *id, &owner); !readable.ok()) {
      return readable;
    }
    const char* action = grant ? "share" : "unshare";
    if (owner != agency) return ResourcePermissionDenied("dataset", name, agency, owner, action);
    auto changed = session.Execute(
        grant ? "INSERT INTO dataset_readers (dataset_id, agency) VALUES (?, ?) ON CONFLICT DO "
                "NOTHING"
              : "DELETE FROM dataset_readers WHERE dataset_id = ? AND agency = ?",
        {*id, reader});
    if (!changed.ok()) return changed.status();
    auto described = Describe(session, *id);
    if (!described.ok()) return described.status();
    dataset = *std::move(described);
    return RecordAudit(session, {owner, agency, absl::StrCat("dataset.", action), name,
                                 dataset.fingerprint(), reader});
  });
  if (!status.ok()) return status;
  return dataset;
}

}  // namespace govmetrics::workspace
