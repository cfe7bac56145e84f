// The workspace storage suite, run against both backends (SQLite file, real PostgreSQL):
// migrations, the upload protocol, access rules, listing, audit, and the study leases.

#include <atomic>
#include <cmath>
#include <cstring>
#include <optional>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/contracts/columnar_panel.h"
#include "common/contracts/panel_view.h"
#include "common/workspace_client/columnar_chunk_parser.h"
#include "gtest/gtest.h"
#include "services/workspace/audit_log.h"
#include "services/workspace/columnar_chunk.h"
#include "services/workspace/dataset_entity_codes.h"
#include "services/workspace/dataset_parts.h"
#include "services/workspace/dataset_store.h"
#include "services/workspace/migrations.h"
#include "services/workspace/operation_store.h"
#include "services/workspace/read_chunk_writer.h"
#include "services/workspace/read_slice.h"
#include "services/workspace/recycled_strings.h"
#include "services/workspace/stored_chunk_writer.h"
#include "services/workspace/stored_entity_runs.h"
#include "tests/workspace/test_databases.h"
#include "tests/workspace/test_panels.h"

namespace govmetrics::workspace {
namespace {

using testing::Backend;
using testing::MakeTestPanel;

constexpr int64_t kLease = 60'000'000;  // 1 minute: expiry is forced with a negative lease

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = testing::FreshDatabaseUrl(GetParam());
    database_ = testing::OpenOrDie(url_);
    ASSERT_TRUE(Migrate(*database_).ok());
    datasets_ = std::make_unique<DatasetStore>(database_.get());
    operations_ = std::make_unique<OperationStore>(database_.get(), datasets_.get());
  }

  // Uploads `panel` as `agency` in chunks of `chunk_rows`, the way CreateDataset does.
  workspace::v1::Dataset Upload(const std::string& agency, const common::v1::Panel& panel,
                                int chunk_rows = 7) {
    DatasetUpload upload;
    std::string id;
    std::optional<StoredChunkWriter> writer;
    for (int first = 0, index = 0; first < panel.entity_size(); first += chunk_rows, ++index) {
      EXPECT_TRUE(upload.Add(testing::RowSlice(panel, first, chunk_rows), index).ok());
      if (id.empty()) {
        id = *datasets_->BeginUpload(agency, "test", upload.schema());
        writer.emplace(datasets_.get(), id);
      }
      while (auto chunk = upload.TakeStoredChunk(false)) EXPECT_TRUE(writer->Write(*chunk).ok());
    }
    auto shape = upload.Finish();
    EXPECT_TRUE(shape.ok()) << shape.status();
    while (auto chunk = upload.TakeStoredChunk(true)) EXPECT_TRUE(writer->Write(*chunk).ok());
    EXPECT_TRUE(writer->Close().ok());
    auto dataset = datasets_->CommitUpload(id, *shape);
    EXPECT_TRUE(dataset.ok()) << dataset.status();
    return *dataset;
  }

  // MakeTestPanel(6000, 10) uploaded in 7,000-row messages as "stats": several stored
  // chunks, the last one shorter. Its layout, and the dataset through `dataset`.
  DatasetStore::Layout UploadInSeveralStoredChunks(workspace::v1::Dataset* dataset = nullptr) {
    const auto uploaded = Upload("stats", MakeTestPanel(6000, 10), 7000);
    if (dataset != nullptr) *dataset = uploaded;
    auto layout = datasets_->ReadableLayout("stats", uploaded.name());
    EXPECT_TRUE(layout.ok()) << layout.status();
    EXPECT_GT(layout.ok() ? layout->chunks : 0, 1);
    return layout.ok() ? *std::move(layout) : DatasetStore::Layout();
  }

  // Changes the stored rows behind the store's back (what another version left, or corruption).
  void Execute(const std::string& sql, const SqlParams& params) {
    ASSERT_TRUE(database_
                    ->WithSession(
                        [&](SqlSession& session) { return session.Execute(sql, params).status(); })
                    .ok());
  }

  google::longrunning::Operation NewStudy(const std::string& agency, const std::string& dataset) {
    workspace::v1::CreateStudyRequest request;
    request.set_dataset(dataset);
    request.mutable_spec()->set_title("t");
    auto operation = operations_->CreateStudy(agency, request);
    EXPECT_TRUE(operation.ok()) << operation.status();
    return *operation;
  }

  std::string url_;
  std::unique_ptr<SqlDatabase> database_;
  std::unique_ptr<DatasetStore> datasets_;
  std::unique_ptr<OperationStore> operations_;
};

TEST_P(StoreTest, MigrationsFromTwoReplicasAtOnceLeaveOneSchema) {
  const std::string url = testing::FreshDatabaseUrl(GetParam());
  std::atomic<int> failures{0};
  std::vector<std::thread> replicas;
  for (int r = 0; r < 4; ++r) {
    replicas.emplace_back([&] {
      auto database = testing::OpenOrDie(url);
      int version = 0;
      if (!Migrate(*database, &version).ok() || version != LatestSchemaVersion()) ++failures;
    });
  }
  for (auto& replica : replicas) replica.join();
  EXPECT_EQ(failures.load(), 0);
  auto database = testing::OpenOrDie(url);
  ASSERT_TRUE(database
                  ->WithSession([](SqlSession& session) -> absl::Status {
                    auto rows = session.Query("SELECT version FROM schema_migrations");
                    EXPECT_EQ(rows->size(), static_cast<size_t>(LatestSchemaVersion()));
                    return rows.status();
                  })
                  .ok());
}

TEST_P(StoreTest, UploadedDatasetReportsShapeAndTheInlineFingerprint) {
  const common::v1::Panel panel = MakeTestPanel(9, 6);
  const auto dataset = Upload("stats", panel);
  EXPECT_EQ(dataset.row_count(), 54);
  EXPECT_EQ(dataset.entity_count(), 9);
  EXPECT_EQ(dataset.period_count(), 6);
  EXPECT_TRUE(dataset.balanced());
  EXPECT_EQ(dataset.owner_agency(), "stats");
  EXPECT_EQ(dataset.fingerprint(), contracts::PanelFingerprint(panel));
  EXPECT_EQ(dataset.columns_size(), 2);
  EXPECT_EQ(dataset.labels(0), "region");
}

TEST_P(StoreTest, StoredPanelReadsBackIdentical) {
  const common::v1::Panel panel = MakeTestPanel(40, 9);
  const auto dataset = Upload("stats", panel, 13);
  auto layout = datasets_->ReadableLayout("stats", dataset.name());
  ASSERT_TRUE(layout.ok());
  auto read = datasets_->ReadPanel(*layout);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->SerializeAsString(), panel.SerializeAsString());
}

TEST_P(StoreTest, UploadSpanningSeveralStoredChunksKeepsTheInlineFingerprint) {
  const common::v1::Panel panel = MakeTestPanel(6000, 10);  // 60,000 rows x 5 parts
  const auto dataset = Upload("stats", panel, 7000);
  auto layout = datasets_->ReadableLayout("stats", dataset.name());
  ASSERT_TRUE(layout.ok());
  EXPECT_GT(layout->chunks, 1);
  EXPECT_EQ(dataset.fingerprint(), contracts::PanelFingerprint(panel));
  EXPECT_EQ(datasets_->ReadPanel(*layout)->SerializeAsString(), panel.SerializeAsString());
}

TEST_P(StoreTest, StoredChunksReadInTheColumnarEncodingGiveTheInlineColumns) {
  const common::v1::Panel panel = MakeTestPanel(6000, 10);  // several stored chunks
  const auto dataset = Upload("stats", panel, 7000);
  auto layout = datasets_->ReadableLayout("stats", dataset.name());
  ASSERT_TRUE(layout.ok());
  ASSERT_GT(layout->chunks, 1);
  const std::vector<bool> all(PartCount(layout->schema), true);
  ColumnarChunkEncoder encoder(layout->schema, all);
  contracts::ColumnarPanelBuilder builder({"x", "y"}, {"region"}, dataset.row_count());
  v1::ColumnarChunk chunk;
  for (int64_t seq = 0; seq < layout->chunks; ++seq) {
    auto parts = datasets_->ReadChunk(*layout, seq, all);
    ASSERT_TRUE(parts.ok()) << parts.status();
    ASSERT_TRUE(encoder.Encode(*parts, &chunk).ok());
    ASSERT_TRUE(builder.Append(chunk).ok());
  }
  const contracts::ColumnarPanel read = std::move(builder).Finish();
  auto expected = contracts::ToColumnar(panel);
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(read.entity_names, expected->entity_names);
  EXPECT_EQ(read.entity, expected->entity);
  EXPECT_EQ(read.period, expected->period);
  EXPECT_EQ(read.label_levels, expected->label_levels);
  EXPECT_EQ(read.labels, expected->labels);
  ASSERT_EQ(read.values.size(), expected->values.size());  // bit for bit (NaN, -0)
  EXPECT_EQ(std::memcmp(read.values.data(), expected->values.data(),
                        read.values.size() * sizeof(double)), 0);
}

TEST_P(StoreTest, ChunksReadIntoOneReusedVectorEqualFreshReads) {
  workspace::v1::Dataset dataset;
  const DatasetStore::Layout layout = UploadInSeveralStoredChunks(&dataset);
  std::vector<bool> some(PartCount(layout.schema), false);
  some[kEntityPart] = some[kPeriodPart] = some[ColumnPart(1)] = true;
  std::vector<std::string> reused(PartCount(layout.schema));
  for (int64_t seq = 0; seq < layout.chunks; ++seq) {
    ASSERT_TRUE(datasets_->ReadChunkInto(layout, seq, some, &reused).ok());
    auto fresh = datasets_->ReadChunk(layout, seq, some);
    ASSERT_TRUE(fresh.ok()) << fresh.status();
    EXPECT_EQ(reused, *fresh) << "chunk " << seq;  // unwanted parts stay empty in both
  }
  ASSERT_TRUE(datasets_->Delete("stats", dataset.name()).ok());
  EXPECT_EQ(datasets_->ReadChunkInto(layout, 0, some, &reused).code(), absl::StatusCode::kNotFound);
}

// A part that does not fit its string (a stream's first chunk) is read into a buffer the
// recycler holds from an earlier message, not into a new one; a part that fits keeps its
// string. Either way the bytes are the stored ones.
TEST_P(StoreTest, PartsOutgrowingTheirStringsAreReadIntoRecycledBuffers) {
  const DatasetStore::Layout layout = UploadInSeveralStoredChunks();
  std::vector<bool> one(PartCount(layout.schema), false);
  one[ColumnPart(0)] = true;
  auto fresh = datasets_->ReadChunk(layout, 0, one);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  const size_t size = (*fresh)[ColumnPart(0)].size();
  auto recycler = StringRecycler::Create(size_t{64} << 20);
  recycler->Lend(std::string(size + 8, 'z'));  // sent and dropped: waits for reuse
  ASSERT_EQ(recycler->waiting(), 1);
  std::vector<std::string> parts(one.size());
  ASSERT_TRUE(datasets_->ReadChunkInto(layout, 0, one, &parts, recycler.get()).ok());
  EXPECT_EQ(recycler->waiting(), 0);
  EXPECT_EQ(parts, *fresh);
  const char* kept = parts[ColumnPart(0)].data();
  recycler->Lend(std::string(size + 8, 'z'));
  ASSERT_TRUE(datasets_->ReadChunkInto(layout, 0, one, &parts, recycler.get()).ok());
  EXPECT_EQ(recycler->waiting(), 1);
  EXPECT_EQ(parts[ColumnPart(0)].data(), kept);
  EXPECT_EQ(parts, *fresh);
}

// Reads of one dataset while another thread uploads and deletes other datasets (the
// next upload reuses the pages the delete freed, the file grows past what an earlier read
// of a SQLite session mapped, and SQLite checkpoints its WAL into the file) return the
// stored bytes, read after read.
TEST_P(StoreTest, ReadsDuringUploadsAndDeletesOfOtherDatasetsReturnTheStoredBytes) {
  const DatasetStore::Layout layout = UploadInSeveralStoredChunks();
  const std::vector<bool> all(PartCount(layout.schema), true);
  std::vector<std::vector<std::string>> expected;
  for (int64_t seq = 0; seq < layout.chunks; ++seq) {
    expected.push_back(*datasets_->ReadChunk(layout, seq, all));
  }
  std::atomic<bool> writing{true};
  std::thread writer([&] {
    for (int round = 0; round < 4; ++round) {
      const auto other = Upload("stats", MakeTestPanel(4000 + 1000 * round, 10), 7000);
      EXPECT_TRUE(datasets_->Delete("stats", other.name()).ok());
      if (GetParam() != Backend::kSqlite) continue;
      EXPECT_TRUE(database_
                      ->WithSession([](SqlSession& session) {
                        return session.Query("PRAGMA wal_checkpoint(PASSIVE)").status();
                      })
                      .ok());
    }
    writing = false;
  });
  std::vector<std::string> parts(all.size());
  int mismatches = 0;
  for (int read = 0; writing || read < 2; ++read) {
    for (int64_t seq = 0; seq < layout.chunks; ++seq) {
      const absl::Status status = datasets_->ReadChunkInto(layout, seq, all, &parts);
      EXPECT_TRUE(status.ok()) << status;
      if (parts != expected[seq]) ++mismatches;
    }
  }
  writer.join();  // before any assertion that could return with it running
  EXPECT_EQ(mismatches, 0);
}

// The bytes of one ReadDataset message.
std::string MessageBytes(const grpc::ByteBuffer& message) {
  std::vector<grpc::Slice> slices;
  EXPECT_TRUE(message.Dump(&slices).ok());
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return bytes;
}

// Streams read with buffers from one shared recycler (as the server's streams do) send
// the bytes a fresh encoder's message serialises to, chunk for chunk, also when two
// streams run at once and the second reuses the first one's buffers.
TEST_P(StoreTest, StreamsSharingBuffersSendTheSerialisedMessages) {
  const DatasetStore::Layout layout = UploadInSeveralStoredChunks();
  std::vector<bool> some(PartCount(layout.schema), false);
  some[kEntityPart] = some[kPeriodPart] = some[ColumnPart(0)] = some[LabelPart(layout.schema, 0)] =
      true;
  std::vector<std::string> expected;
  ColumnarChunkEncoder encoder(layout.schema, some);
  for (int64_t seq = 0, first_row = 0; seq < layout.chunks; ++seq) {
    auto parts = datasets_->ReadChunk(layout, seq, some);
    ASSERT_TRUE(parts.ok()) << parts.status();
    v1::ReadDatasetResponse response;
    response.set_first_row(first_row);
    ASSERT_TRUE(encoder.Encode(*parts, response.mutable_columnar()).ok());
    first_row += response.columnar().entity_codes_size();
    expected.push_back(response.SerializeAsString());
  }
  auto buffers = StringRecycler::Create(size_t{64} << 20);
  auto stream = [&](std::vector<std::string>* sent) {
    ReadChunkWriter writer(v1::CHUNK_ENCODING_COLUMNAR, false, layout.schema, some, buffers);
    grpc::ByteBuffer message;
    for (int64_t seq = 0, first_row = 0; seq < layout.chunks; ++seq) {
      auto rows = writer.Next(*datasets_, layout, seq, first_row, &message);
      ASSERT_TRUE(rows.ok()) << rows.status();
      first_row += *rows;
      sent->push_back(MessageBytes(message));
    }
  };
  std::vector<std::string> first, second, third;
  std::thread other(stream, &first);
  stream(&second);
  other.join();
  EXPECT_EQ(first, expected);
  EXPECT_EQ(second, expected);
  EXPECT_GT(buffers->waiting(), 0);  // the streams' buffers came back once gRPC let go
  stream(&third);                    // reads into them
  EXPECT_EQ(third, expected);
  buffers = StringRecycler::Create(0);  // nothing kept: every buffer fresh
  std::vector<std::string> unshared;
  stream(&unshared);
  EXPECT_EQ(unshared, expected);
  EXPECT_EQ(buffers->waiting(), 0);
}

// One slice of a read with run_length_codes (ReadDatasetRequest.slice `index` of `count`)
// through the server's writer, decoded by the compute services' parser into `builder`;
// returns the slice's first row, and adds its message bytes to `bytes`.
int64_t ReadSliceWithRuns(DatasetStore& store, const DatasetStore::Layout& layout, int count,
                          int index, bool runs, contracts::ColumnarPanelBuilder* builder,
                          size_t* bytes) {
  v1::ReadSlice slice;
  slice.set_count(count);
  slice.set_index(index);
  auto range = SliceChunks(slice, layout.chunks);
  auto first_row = store.RowsBefore(layout, range.ok() ? range->begin : 0);
  EXPECT_TRUE(range.ok() && first_row.ok());
  const std::vector<bool> all(PartCount(layout.schema), true);
  ReadChunkWriter writer(v1::CHUNK_ENCODING_COLUMNAR, runs, layout.schema, all,
                         StringRecycler::Create(0));
  workspace_client::ColumnarChunkParser parser(builder, 1 << 20);
  grpc::ByteBuffer message;
  for (int64_t seq = range->begin, row = *first_row; seq < range->end; ++seq) {
    auto rows = writer.Next(store, layout, seq, row, &message);
    EXPECT_TRUE(rows.ok()) << rows.status();
    row += rows.value_or(0);
    *bytes += message.Length();
    auto parsed = parser.Append(message);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(parsed.value_or(-1), rows.value_or(-2));
  }
  return *first_row;
}

// Stored chunk boundaries split entities, and a slice's dictionaries start afresh: each
// slice read with runs decodes to the inline columns of its rows, as the same slice read
// with one code and period per row does, in fewer bytes.
TEST_P(StoreTest, SlicesReadWithRunsDecodeToTheInlineColumnsOfTheirRowsInFewerBytes) {
  const common::v1::Panel panel = MakeTestPanel(6000, 10);
  const auto dataset = Upload("stats", panel, 7001);  // stored chunks end with a message: mid-entity
  auto layout = datasets_->ReadableLayout("stats", dataset.name());
  ASSERT_TRUE(layout.ok());
  ASSERT_EQ(layout->chunks, 2);  // the first ends inside an entity; 3 slices: one empty
  for (int count : {1, 2, 3}) {
    size_t bytes[2] = {0, 0};  // per row, runs
    int64_t rows = 0;
    for (int index = 0; index < count; ++index) {
      contracts::ColumnarPanel read[2];
      int64_t first_row = 0;
      for (bool runs : {false, true}) {
        contracts::ColumnarPanelBuilder builder({"x", "y"}, {"region"}, dataset.row_count());
        first_row = ReadSliceWithRuns(*datasets_, *layout, count, index, runs, &builder, &bytes[runs]);
        read[runs] = std::move(builder).Finish();
      }
      if (count == 2 && index == 1) {
        EXPECT_NE(first_row % 10, 0) << first_row;  // an entity split
      }
      auto expected = contracts::ToColumnar(
          testing::RowSlice(panel, static_cast<int>(first_row), static_cast<int>(read[1].rows())));
      ASSERT_TRUE(expected.ok());
      EXPECT_EQ(read[1].entity_names, expected->entity_names);
      EXPECT_EQ(read[1].entity, expected->entity);
      EXPECT_EQ(read[1].period, expected->period);
      EXPECT_EQ(read[1].labels, expected->labels);
      ASSERT_EQ(read[1].values.size(), expected->values.size());  // bit for bit (NaN, -0)
      EXPECT_EQ(std::memcmp(read[1].values.data(), expected->values.data(),
                            read[1].values.size() * sizeof(double)), 0);
      EXPECT_EQ(read[1].entity, read[0].entity);
      EXPECT_EQ(read[1].period, read[0].period);
      rows += read[1].rows();
    }
    EXPECT_EQ(rows, dataset.row_count());
    EXPECT_LT(bytes[1], bytes[0]) << count;
  }
}

// Chunks [range.begin, range.end) of `layout` as the server's writer sends them in the
// COLUMNAR encoding, reading `wanted` (names per row, or the stored entity runs when
// `from_runs`: WantStoredRuns): each message's bytes.
std::vector<std::string> ColumnarStream(DatasetStore& store, const DatasetStore::Layout& layout,
                                        std::vector<bool> wanted, bool from_runs, bool runs,
                                        ChunkRange range) {
  if (from_runs) WantStoredRuns(layout.schema, &wanted);
  ReadChunkWriter writer(v1::CHUNK_ENCODING_COLUMNAR, runs, layout.schema, wanted,
                         StringRecycler::Create(size_t{16} << 20));
  std::vector<std::string> sent;
  grpc::ByteBuffer message;
  for (int64_t seq = range.begin, first_row = 0; seq < range.end; ++seq) {
    auto rows = writer.Next(store, layout, seq, first_row, &message);
    EXPECT_TRUE(rows.ok()) << rows.status();
    first_row += rows.value_or(0);
    sent.push_back(MessageBytes(message));
  }
  return sent;
}

// A dataset uploaded with the entity runs parts is read from them, in exactly the bytes
// of today's reads coding the per-row names (the fallback, forced here): sorted by entity
// or not (names seen again chunks later), every column or some with the label, with and
// without run_length_codes, the whole dataset or its first slice. The fingerprint is the
// inline panel's (the new parts are not hashed).
TEST_P(StoreTest, ReadsFromTheStoredEntityRunsSendTheBytesOfReadsCodingTheNames) {
  const common::v1::Panel sorted = MakeTestPanel(6000, 10);
  for (const common::v1::Panel& panel : {sorted, testing::PeriodMajor(sorted, 6000, 10)}) {
    const auto dataset = Upload("stats", panel, 7001);
    EXPECT_EQ(dataset.fingerprint(), contracts::PanelFingerprint(panel));
    auto layout = datasets_->ReadableLayout("stats", dataset.name());
    ASSERT_TRUE(layout.ok()) << layout.status();
    ASSERT_TRUE(layout->entity_runs);
    ASSERT_GT(layout->chunks, 1);
    std::vector<bool> all(PartCount(layout->schema), true), some(all.size(), false);
    some[kEntityPart] = some[kPeriodPart] = some[ColumnPart(1)] =
        some[LabelPart(layout->schema, 0)] = true;
    const ChunkRange whole{0, layout->chunks}, first_slice{0, layout->chunks / 2};
    for (const auto& wanted : {all, some}) {
      for (bool runs : {false, true}) {
        for (const ChunkRange& range : {whole, first_slice}) {
          SCOPED_TRACE(absl::StrCat("run_length_codes ", runs, ", chunks to ", range.end));
          const auto from_runs = ColumnarStream(*datasets_, *layout, wanted, true, runs, range);
          EXPECT_EQ(from_runs, ColumnarStream(*datasets_, *layout, wanted, false, runs, range));
          EXPECT_EQ(from_runs.size(), static_cast<size_t>(range.end));
        }
      }
    }
  }
}

// Stored chunks [begin, layout.chunks) as the server's writer sends them to a stream
// that numbers the dataset's entities (ReadDatasetRequest.dataset_entity_codes), from the
// stored runs, after the entities EntitiesBefore counts in the database: each message.
std::vector<v1::ReadDatasetResponse> DatasetCodedStream(DatasetStore& store,
                                                        const DatasetStore::Layout& layout,
                                                        int64_t begin) {
  std::vector<bool> wanted(PartCount(layout.schema), true);
  WantStoredRuns(layout.schema, &wanted);
  ReadChunkWriter writer(v1::CHUNK_ENCODING_COLUMNAR, true, layout.schema, wanted,
                         StringRecycler::Create(size_t{16} << 20));
  auto before = EntitiesBefore(store, layout, begin);
  EXPECT_TRUE(before.ok()) << before.status();
  EXPECT_TRUE(writer.NumberDatasetEntities(before.value_or(0)).ok());
  std::vector<v1::ReadDatasetResponse> sent;
  grpc::ByteBuffer message;
  for (int64_t seq = begin; seq < layout.chunks; ++seq) {
    auto rows = writer.Next(store, layout, seq, 0, &message);
    EXPECT_TRUE(rows.ok()) << rows.status();
    EXPECT_TRUE(sent.emplace_back().ParseFromString(MessageBytes(message)));
  }
  return sent;
}

// A dataset stored with its entity runs serves a stream numbering the dataset's entities
// from the stored runs wherever it starts: each chunk's columns are those of the read of
// every row (today's bytes, coding the names; label values numbered by the stream, as
// today's slice numbers them), and every message says so with the entities of the
// chunks before it, as EntitiesBefore counts them in the database.
TEST_P(StoreTest, SlicesNumberingTheDatasetsEntitiesSendTheChunksOfTheWholeRead) {
  const common::v1::Panel sorted = MakeTestPanel(6000, 10);
  for (const common::v1::Panel& panel : {sorted, testing::PeriodMajor(sorted, 6000, 10)}) {
    const auto dataset = Upload("stats", panel, 7001);
    auto layout = datasets_->ReadableLayout("stats", dataset.name());
    ASSERT_TRUE(layout.ok()) << layout.status();
    ASSERT_GT(layout->chunks, 1);
    v1::ReadDatasetRequest request;
    request.set_dataset_entity_codes(true);
    EXPECT_TRUE(HonoursDatasetEntityCodes(request, v1::CHUNK_ENCODING_COLUMNAR, *layout));
    EXPECT_FALSE(HonoursDatasetEntityCodes(request, v1::CHUNK_ENCODING_ROWS, *layout));
    EXPECT_FALSE(
        HonoursDatasetEntityCodes(v1::ReadDatasetRequest(), v1::CHUNK_ENCODING_COLUMNAR, *layout));
    const std::vector<bool> all(PartCount(layout->schema), true);
    const auto whole = ColumnarStream(*datasets_, *layout, all, false, true, {0, layout->chunks});
    int64_t names = 0;  // sent by the whole read before chunk `begin`
    for (int64_t begin = 0; begin < layout->chunks; ++begin) {
      const auto sliced = DatasetCodedStream(*datasets_, *layout, begin);
      const auto own =
          ColumnarStream(*datasets_, *layout, all, false, true, {begin, layout->chunks});
      ASSERT_EQ(sliced.size(), static_cast<size_t>(layout->chunks - begin));
      int64_t before = names;
      for (size_t k = 0; k < sliced.size(); ++k) {
        v1::ReadDatasetResponse expected, today;  // label values: numbered by the stream
        ASSERT_TRUE(expected.ParseFromString(whole[begin + k]));
        ASSERT_TRUE(today.ParseFromString(own[k]));
        *expected.mutable_columnar()->mutable_labels() = today.columnar().labels();
        EXPECT_TRUE(sliced[k].columnar().SerializeAsString() ==
                    expected.columnar().SerializeAsString())
            << begin << " " << k;
        EXPECT_TRUE(sliced[k].dataset_entity_codes());
        EXPECT_EQ(sliced[k].entities_before(), before) << begin << " " << k;
        before += expected.columnar().new_entities_size();
      }
      EXPECT_EQ(before, 6000);
      v1::ReadDatasetResponse first;
      ASSERT_TRUE(first.ParseFromString(whole[begin]));
      names += first.columnar().new_entities_size();
    }
    auto after_all = EntitiesBefore(*datasets_, *layout, layout->chunks);
    ASSERT_TRUE(after_all.ok());
    EXPECT_EQ(*after_all, 6000);
  }
}

// A dataset stored before the entity runs (its runs parts removed here) cannot number a
// slice's entities across the dataset: such a read is not honoured (the stream numbers
// its own, and says nothing), and a corrupt new entities part is DATA_LOSS naming it.
TEST_P(StoreTest, DatasetsWithoutTheRunsDoNotNumberTheDatasetsEntitiesAndCorruptNamesAreDataLoss) {
  const auto dataset = Upload("stats", MakeTestPanel(6000, 10), 7001);
  auto layout = datasets_->ReadableLayout("stats", dataset.name());
  ASSERT_TRUE(layout.ok()) << layout.status();
  Execute("UPDATE dataset_parts SET data = ? WHERE dataset_id = ? AND seq = 0 AND part = ?",
          {Blob{std::string("\x0a\x09"
                            "E1",
                            4)},
           layout->id,  // a name past the end
           int64_t{NewEntitiesPart(layout->schema)}});
  auto corrupt = EntitiesBefore(*datasets_, *layout, 1);
  EXPECT_EQ(corrupt.status().code(), absl::StatusCode::kDataLoss) << corrupt.status();
  EXPECT_NE(corrupt.status().message().find("new entities part"), std::string::npos);
  Execute("DELETE FROM dataset_parts WHERE dataset_id = ? AND part >= ?",
          {layout->id, int64_t{PartCount(layout->schema)}});
  auto before = datasets_->ReadableLayout("stats", dataset.name());
  ASSERT_TRUE(before.ok()) << before.status();
  v1::ReadDatasetRequest request;
  request.set_dataset_entity_codes(true);
  EXPECT_FALSE(HonoursDatasetEntityCodes(request, v1::CHUNK_ENCODING_COLUMNAR, *before));
}

// Runs parts missing (a dataset uploaded before them): the layout says so and its reads
// code the names, in the same bytes; without only the period runs part (the first form
// of the stored runs) the periods are decoded, in the same bytes. A corrupt runs part is
// DATA_LOSS naming the part.
TEST_P(StoreTest, DatasetsWithoutTheEntityRunsAreReadFromTheNamesAndCorruptRunsAreDataLoss) {
  const common::v1::Panel panel = testing::PeriodMajor(MakeTestPanel(6000, 10), 6000, 10);
  const auto dataset = Upload("stats", panel, 7001);
  auto layout = datasets_->ReadableLayout("stats", dataset.name());
  ASSERT_TRUE(layout.ok()) << layout.status();
  const std::vector<bool> all(PartCount(layout->schema), true);
  const ChunkRange whole{0, layout->chunks};
  const auto expected = ColumnarStream(*datasets_, *layout, all, true, true, whole);
  Execute("UPDATE dataset_parts SET data = ? WHERE dataset_id = ? AND seq = 1 AND part = ?",
          {Blob{std::string("\x85", 1)}, layout->id,  // a truncated varint
           int64_t{EntityRunsPart(layout->schema)}});
  std::vector<bool> wanted = all;
  WantStoredRuns(layout->schema, &wanted);
  ReadChunkWriter writer(v1::CHUNK_ENCODING_COLUMNAR, true, layout->schema, wanted,
                         StringRecycler::Create(0));
  grpc::ByteBuffer message;
  ASSERT_TRUE(writer.Next(*datasets_, *layout, 0, 0, &message).ok());
  auto corrupt = writer.Next(*datasets_, *layout, 1, 0, &message);
  EXPECT_EQ(corrupt.status().code(), absl::StatusCode::kDataLoss) << corrupt.status();
  EXPECT_NE(corrupt.status().message().find("entity runs part"), std::string::npos);

  // Without the period runs part (the first form of the stored runs): periods decoded.
  Execute("DELETE FROM dataset_parts WHERE dataset_id = ? AND part = ?",
          {layout->id, int64_t{PeriodRunsPart(layout->schema)}});
  auto first_form = datasets_->ReadableLayout("stats", dataset.name());
  ASSERT_TRUE(first_form.ok() && first_form->entity_runs);
  EXPECT_EQ(ColumnarStream(*datasets_, *first_form, all, true, true, ChunkRange{0, 1}),
            std::vector<std::string>{expected[0]});

  Execute("DELETE FROM dataset_parts WHERE dataset_id = ? AND part >= ?",
          {layout->id, int64_t{PartCount(layout->schema)}});
  auto before = datasets_->ReadableLayout("stats", dataset.name());
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_FALSE(before->entity_runs);
  EXPECT_EQ(ColumnarStream(*datasets_, *before, all, false, true, whole), expected);
  EXPECT_EQ(datasets_->Get("stats", dataset.name())->fingerprint(), dataset.fingerprint());
}

TEST_P(StoreTest, PartsReadIntoBuffersOfAnySizeAreExactlyTheStoredBytes) {
  const DatasetStore::Layout layout = UploadInSeveralStoredChunks();
  const std::vector<bool> all(PartCount(layout.schema), true);
  for (int64_t seq = 0; seq < layout.chunks; ++seq) {
    auto fresh = datasets_->ReadChunk(layout, seq, all);
    ASSERT_TRUE(fresh.ok()) << fresh.status();
    for (size_t grow : {size_t{0}, size_t{1}}) {  // stale bytes: longer, or shorter
      std::vector<std::string> reused;
      for (const std::string& part : *fresh) {
        reused.push_back(std::string(grow ? part.size() + 100 : part.size() / 2, '\xff'));
      }
      ASSERT_TRUE(datasets_->ReadChunkInto(layout, seq, all, &reused).ok());
      EXPECT_EQ(reused, *fresh) << "chunk " << seq;
    }
  }
}

TEST_P(StoreTest, AStoredPartMissingReadsAsEmptyAndItsChunkIsDataLoss) {
  const common::v1::Panel panel = MakeTestPanel(20, 5);
  const auto dataset = Upload("stats", panel, 100);
  auto layout = datasets_->ReadableLayout("stats", dataset.name());
  ASSERT_TRUE(layout.ok());
  ASSERT_TRUE(database_
                  ->WithSession([&](SqlSession& session) {
                    return session
                        .Execute("DELETE FROM dataset_parts WHERE dataset_id = ? AND part = ?",
                                 {layout->id, int64_t{ColumnPart(1)}})
                        .status();
                  })
                  .ok());
  const std::vector<bool> all(PartCount(layout->schema), true);
  std::vector<std::string> parts(all.size(), std::string(64, 'x'));  // stale bytes
  ASSERT_TRUE(datasets_->ReadChunkInto(*layout, 0, all, &parts).ok());
  EXPECT_TRUE(parts[ColumnPart(1)].empty());
  EXPECT_EQ(parts[ColumnPart(0)], EncodeChunkParts(panel)[ColumnPart(0)]);
  ColumnarChunkEncoder encoder(layout->schema, all);
  v1::ColumnarChunk chunk;
  EXPECT_TRUE(absl::IsDataLoss(encoder.Encode(parts, &chunk)));
}

TEST_P(StoreTest, UnbalancedPanelIsReportedUnbalanced) {
  common::v1::Panel panel = MakeTestPanel(5, 4);
  panel = testing::RowSlice(panel, 0, 19);  // the last entity misses a period
  const auto dataset = Upload("stats", panel);
  EXPECT_FALSE(dataset.balanced());
  EXPECT_EQ(dataset.fingerprint(), contracts::PanelFingerprint(panel));
}

TEST_P(StoreTest, AnotherAgencySeesNotFoundUntilShared) {
  const auto dataset = Upload("stats", MakeTestPanel(3, 3));
  EXPECT_TRUE(absl::IsNotFound(datasets_->Get("treasury", dataset.name()).status()));
  auto shared = datasets_->Share("stats", dataset.name(), "treasury", true);
  ASSERT_TRUE(shared.ok());
  EXPECT_EQ(shared->readers(0), "treasury");
  EXPECT_TRUE(datasets_->Get("treasury", dataset.name()).ok());
  ASSERT_TRUE(datasets_->Share("stats", dataset.name(), "treasury", false).ok());
  EXPECT_TRUE(absl::IsNotFound(datasets_->Get("treasury", dataset.name()).status()));
}

TEST_P(StoreTest, ReaderMayNotDeleteOrReshare) {
  const auto dataset = Upload("stats", MakeTestPanel(3, 3));
  ASSERT_TRUE(datasets_->Share("stats", dataset.name(), "treasury", true).ok());
  EXPECT_TRUE(absl::IsPermissionDenied(datasets_->Delete("treasury", dataset.name())));
  EXPECT_TRUE(absl::IsPermissionDenied(
      datasets_->Share("treasury", dataset.name(), "health", true).status()));
  EXPECT_TRUE(absl::IsNotFound(datasets_->Delete("health", dataset.name())));
  EXPECT_TRUE(datasets_->Delete("stats", dataset.name()).ok());
  EXPECT_TRUE(absl::IsNotFound(datasets_->Get("stats", dataset.name()).status()));
}

TEST_P(StoreTest, MalformedNameIsInvalidArgument) {
  EXPECT_TRUE(absl::IsInvalidArgument(datasets_->Get("stats", "dataset/x").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(operations_->Get("stats", "operations/").status()));
}

TEST_P(StoreTest, ListPagesThroughOwnAndSharedDatasetsNewestFirst) {
  std::vector<std::string> names;
  for (int i = 0; i < 5; ++i) names.push_back(Upload("stats", MakeTestPanel(2, 2)).name());
  const auto other = Upload("health", MakeTestPanel(2, 2));
  Upload("treasury", MakeTestPanel(2, 2));  // never visible to stats
  ASSERT_TRUE(datasets_->Share("health", other.name(), "stats", true).ok());
  std::vector<std::string> seen;
  workspace::v1::ListDatasetsRequest request;
  request.set_page_size(2);
  do {
    auto page = datasets_->List("stats", request);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_LE(page->datasets_size(), 2);
    for (const auto& dataset : page->datasets()) seen.push_back(dataset.name());
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty());
  ASSERT_EQ(seen.size(), 6u);
  EXPECT_EQ(seen[0], other.name());
  request.set_owner_agency("health");
  request.set_page_token("");
  auto health_only = datasets_->List("stats", request);
  ASSERT_EQ(health_only->datasets_size(), 1);
}

TEST_P(StoreTest, UnfinishedUploadIsInvisibleAndCollected) {
  const common::v1::Panel panel = MakeTestPanel(3, 3);
  auto id = datasets_->BeginUpload("stats", "partial", SchemaOf(panel));
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(datasets_->AppendChunk(*id, 0, EncodeChunkParts(panel)).ok());
  const std::string name = "datasets/" + *id;
  EXPECT_TRUE(absl::IsNotFound(datasets_->Get("stats", name).status()));
  EXPECT_EQ(datasets_->List("stats", {})->datasets_size(), 0);
  EXPECT_EQ(*datasets_->CollectAbandonedUploads(3'600'000'000), 0);  // still fresh
  EXPECT_EQ(*datasets_->CollectAbandonedUploads(-1), 1);
  EXPECT_FALSE(datasets_->AppendChunk(*id, 1, EncodeChunkParts(panel)).ok());
}

TEST_P(StoreTest, BackgroundWriteFailureStopsTheUpload) {
  const common::v1::Panel panel = MakeTestPanel(3, 3);
  auto id = datasets_->BeginUpload("stats", "collected", SchemaOf(panel));
  ASSERT_TRUE(id.ok());
  StoredChunkWriter writer(datasets_.get(), *id);
  ASSERT_TRUE(writer.Write(EncodeChunkParts(panel)).ok());
  ASSERT_TRUE(writer.Close().ok());
  EXPECT_EQ(*datasets_->CollectAbandonedUploads(-1), 1);  // as if its heartbeat were old
  StoredChunkWriter late(datasets_.get(), *id);
  (void)late.Write(EncodeChunkParts(panel));  // queued, or already refused
  absl::Status status = late.Close();
  EXPECT_FALSE(status.ok());
  EXPECT_FALSE(late.Write(EncodeChunkParts(panel)).ok()) << "a failed writer takes no more chunks";
}

TEST_P(StoreTest, AuditListsActionsOnTheOwnersResources) {
  const auto dataset = Upload("stats", MakeTestPanel(3, 3));
  ASSERT_TRUE(datasets_->Share("stats", dataset.name(), "treasury", true).ok());
  NewStudy("treasury", dataset.name());
  workspace::v1::ListAuditEventsRequest request;
  auto events = ListAuditEvents(*database_, "stats", request);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->events_size(), 3);
  EXPECT_EQ(events->events(0).action(), "study.create");
  EXPECT_EQ(events->events(0).agency(), "treasury");
  EXPECT_EQ(events->events(1).action(), "dataset.share");
  EXPECT_EQ(events->events(1).detail(), "treasury");
  EXPECT_EQ(events->events(2).action(), "dataset.create");
  EXPECT_EQ(events->events(2).fingerprint(), dataset.fingerprint());
  EXPECT_EQ(ListAuditEvents(*database_, "treasury", request)->events_size(), 0);
}

TEST_P(StoreTest, StudyOnUnknownOrUnsharedDatasetIsNotFound) {
  const auto dataset = Upload("stats", MakeTestPanel(3, 3));
  workspace::v1::CreateStudyRequest request;
  request.set_dataset(dataset.name());
  request.mutable_spec();
  EXPECT_TRUE(absl::IsNotFound(operations_->CreateStudy("health", request).status()));
  request.set_dataset("datasets/nope");
  EXPECT_TRUE(absl::IsNotFound(operations_->CreateStudy("stats", request).status()));
}

TEST_P(StoreTest, OperationIsVisibleToItsCreatorOnly) {
  const auto dataset = Upload("stats", MakeTestPanel(3, 3));
  const auto operation = NewStudy("stats", dataset.name());
  EXPECT_FALSE(operation.done());
  EXPECT_TRUE(operations_->Get("stats", operation.name()).ok());
  EXPECT_TRUE(absl::IsNotFound(operations_->Get("health", operation.name()).status()));
  EXPECT_TRUE(absl::IsNotFound(operations_->Cancel("health", operation.name())));
}

TEST_P(StoreTest, EveryStudyIsClaimedByExactlyOneOfManyWorkers) {
  const auto dataset = Upload("stats", MakeTestPanel(3, 3));
  std::set<std::string> created;
  for (int i = 0; i < 20; ++i) created.insert(NewStudy("stats", dataset.name()).name());
  std::mutex mu;
  std::multiset<std::string> claimed;
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      while (true) {
        auto claim = operations_->Claim("worker" + std::to_string(w), kLease, 3);
        if (!claim.ok() || !claim->has_value()) return;
        std::lock_guard<std::mutex> lock(mu);
        claimed.insert("operations/" + (*claim)->id);
      }
    });
  }
  for (auto& worker : workers) worker.join();
  EXPECT_EQ(claimed.size(), 20u);
  EXPECT_EQ(std::set<std::string>(claimed.begin(), claimed.end()), created);
}

TEST_P(StoreTest, OnlyTheLeaseHolderFinishesAStudy) {
  const auto dataset = Upload("stats", MakeTestPanel(3, 3));
  const auto operation = NewStudy("stats", dataset.name());
  auto first = operations_->Claim("a", -1, 3);  // lease already expired
  ASSERT_TRUE(first.ok() && first->has_value());
  auto second = operations_->Claim("b", kLease, 3);  // takes the study over
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->attempts, 2);
  reporting::v1::RunStudyResponse result;
  result.mutable_report()->set_title("done");
  EXPECT_TRUE(absl::IsAborted(operations_->Finish("a", (*first)->id, absl::OkStatus(), &result)));
  EXPECT_FALSE(operations_->Renew("a", (*first)->id, kLease)->held);
  ASSERT_TRUE(operations_->Finish("b", (*second)->id, absl::OkStatus(), &result).ok());
  EXPECT_TRUE(absl::IsAborted(operations_->Finish("b", (*second)->id, absl::OkStatus(), &result)));
  auto done = operations_->Get("stats", operation.name());
  ASSERT_TRUE(done->done());
  reporting::v1::RunStudyResponse stored;
  ASSERT_TRUE(done->response().UnpackTo(&stored));
  EXPECT_EQ(stored.report().title(), "done");
  workspace::v1::StudyMetadata metadata;
  ASSERT_TRUE(done->metadata().UnpackTo(&metadata));
  EXPECT_EQ(metadata.state(), workspace::v1::STUDY_STATE_SUCCEEDED);
  EXPECT_EQ(metadata.attempts(), 2);
}

TEST_P(StoreTest, StudyOrphanedTooOftenFailsWithTheReason) {
  const auto dataset = Upload("stats", MakeTestPanel(3, 3));
  const auto operation = NewStudy("stats", dataset.name());
  for (int attempt = 0; attempt < 2; ++attempt) {
    ASSERT_TRUE(operations_->Claim("dying", -1, 2)->has_value());
  }
  EXPECT_FALSE(operations_->Claim("next", kLease, 2)->has_value());
  auto failed = operations_->Get("stats", operation.name());
  ASSERT_TRUE(failed->done());
  EXPECT_EQ(failed->error().code(), static_cast<int>(absl::StatusCode::kAborted));
  EXPECT_NE(failed->error().message().find("started 2 times"), std::string::npos);
}

TEST_P(StoreTest, ProgressIsRecordedAndCancelReachesTheWorker) {
  const auto dataset = Upload("stats", MakeTestPanel(3, 3));
  const auto operation = NewStudy("stats", dataset.name());
  auto claim = operations_->Claim("w", kLease, 3);
  reporting::v1::Progress progress;
  progress.set_step("baseline");
  progress.set_completed(1);
  ASSERT_TRUE(operations_->Renew("w", (*claim)->id, kLease, &progress)->held);
  ASSERT_TRUE(operations_->Cancel("stats", operation.name()).ok());
  auto lease = operations_->Renew("w", (*claim)->id, kLease);
  EXPECT_TRUE(lease->held && lease->cancel_requested);
  ASSERT_TRUE(operations_->Finish("w", (*claim)->id, absl::CancelledError("stop"), nullptr).ok());
  auto cancelled = operations_->Get("stats", operation.name());
  EXPECT_EQ(cancelled->error().code(), static_cast<int>(absl::StatusCode::kCancelled));
  workspace::v1::StudyMetadata metadata;
  cancelled->metadata().UnpackTo(&metadata);
  ASSERT_EQ(metadata.progress_size(), 1);
  EXPECT_EQ(metadata.progress(0).step(), "baseline");
  EXPECT_EQ(metadata.state(), workspace::v1::STUDY_STATE_CANCELLED);
}

TEST_P(StoreTest, PendingStudyCancelsAtOnceAndIsNeverClaimed) {
  const auto dataset = Upload("stats", MakeTestPanel(3, 3));
  const auto operation = NewStudy("stats", dataset.name());
  ASSERT_TRUE(operations_->Cancel("stats", operation.name()).ok());
  EXPECT_TRUE(operations_->Get("stats", operation.name())->done());
  EXPECT_FALSE(operations_->Claim("w", kLease, 3)->has_value());
}

TEST_P(StoreTest, DatasetInUseByAStudyCannotBeDeleted) {
  const auto dataset = Upload("stats", MakeTestPanel(3, 3));
  const auto operation = NewStudy("stats", dataset.name());
  absl::Status refused = datasets_->Delete("stats", dataset.name());
  EXPECT_TRUE(absl::IsFailedPrecondition(refused)) << refused;
  EXPECT_NE(refused.message().find(operation.name()), absl::string_view::npos);
  ASSERT_TRUE(operations_->Cancel("stats", operation.name()).ok());
  EXPECT_TRUE(datasets_->Delete("stats", dataset.name()).ok());
}

TEST_P(StoreTest, RunningOperationCannotBeDeletedButADoneOneCan) {
  const auto dataset = Upload("stats", MakeTestPanel(3, 3));
  const auto operation = NewStudy("stats", dataset.name());
  EXPECT_TRUE(absl::IsFailedPrecondition(operations_->Delete("stats", operation.name())));
  ASSERT_TRUE(operations_->Cancel("stats", operation.name()).ok());
  EXPECT_TRUE(operations_->Delete("stats", operation.name()).ok());
  EXPECT_TRUE(absl::IsNotFound(operations_->Get("stats", operation.name()).status()));
}

TEST_P(StoreTest, ListOperationsFiltersOnDone) {
  const auto dataset = Upload("stats", MakeTestPanel(3, 3));
  const auto running = NewStudy("stats", dataset.name());
  const auto cancelled = NewStudy("stats", dataset.name());
  ASSERT_TRUE(operations_->Cancel("stats", cancelled.name()).ok());
  google::longrunning::ListOperationsRequest request;
  request.set_filter("done=false");
  auto page = operations_->List("stats", request);
  ASSERT_EQ(page->operations_size(), 1);
  EXPECT_EQ(page->operations(0).name(), running.name());
  request.set_filter("state=weird");
  EXPECT_TRUE(absl::IsInvalidArgument(operations_->List("stats", request).status()));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

int64_t SqlitePageSize(SqlDatabase& database) {
  int64_t size = 0;
  EXPECT_TRUE(database
                  .WithSession([&](SqlSession& session) -> absl::Status {
                    auto rows = session.Query("PRAGMA page_size");
                    if (rows.ok()) size = SqlInt((*rows)[0][0]);
                    return rows.status();
                  })
                  .ok());
  return size;
}

// --sqlite_mmap_mb reaches every SQLite session as PRAGMA mmap_size (0 turns mapping off);
// a negative size is refused, naming the flag.
TEST(SqliteMmapTest, EverySessionMapsTheConfiguredSizeAndNegativeIsRefused) {
  const std::string url = absl::StrCat("sqlite:", testing::NewTempDir(), "/mapped.db");
  for (int64_t bytes : {int64_t{0}, int64_t{1} << 20}) {
    DatabaseConfig config{url, "", "", 2};
    config.sqlite_mmap_bytes = bytes;
    auto database = OpenDatabase(config);
    ASSERT_TRUE(database.ok()) << database.status();
    auto mapped = [&](SqlSession& session) -> absl::Status {
      auto rows = session.Query("PRAGMA mmap_size");
      if (!rows.ok()) return rows.status();
      EXPECT_EQ(SqlInt((*rows)[0][0]), bytes);
      return absl::OkStatus();
    };
    // Both sessions of the pool: the outer one is held while the inner one is asked.
    ASSERT_TRUE((*database)
                    ->WithSession([&](SqlSession& outer) -> absl::Status {
                      if (auto done = mapped(outer); !done.ok()) return done;
                      return (*database)->WithSession(mapped);
                    })
                    .ok());
  }
  DatabaseConfig negative{url, "", "", 1};
  negative.sqlite_mmap_bytes = -1;
  const auto refused = OpenDatabase(negative).status();
  EXPECT_TRUE(absl::IsInvalidArgument(refused));
  EXPECT_NE(refused.message().find("--sqlite_mmap_mb"), std::string::npos) << refused;
}

// A new SQLite file gets 64 KiB pages; a file made with 4 KiB pages (every database of
// earlier releases) keeps them, and uploads to it read back identical.
TEST(SqlitePageSizeTest, NewFilesHave64KiBPagesAndOldFilesKeepTheirs) {
  const std::string dir = testing::NewTempDir();
  EXPECT_EQ(SqlitePageSize(*testing::OpenOrDie(absl::StrCat("sqlite:", dir, "/new.db"))), 65536);
  const std::string old_url = absl::StrCat("sqlite:", dir, "/old.db");
  {
    auto old = *OpenDatabase({old_url, "", "", 1});
    ASSERT_TRUE(old->WithSession([](SqlSession& session) -> absl::Status {
                     for (const char* sql : {"PRAGMA journal_mode=DELETE", "PRAGMA page_size=4096",
                                             "VACUUM", "PRAGMA journal_mode=WAL"}) {
                       if (auto done = session.Query(sql); !done.ok()) return done.status();
                     }
                     return absl::OkStatus();
                   }).ok());
  }
  auto database = testing::OpenOrDie(old_url);
  EXPECT_EQ(SqlitePageSize(*database), 4096);
  ASSERT_TRUE(Migrate(*database).ok());
  DatasetStore store(database.get());
  const common::v1::Panel panel = MakeTestPanel(300, 120);  // 36,000 rows, 4 MiB of parts
  DatasetUpload upload;
  ASSERT_TRUE(upload.Add(panel, 0).ok());
  auto id = store.BeginUpload("stats", "old file", upload.schema());
  ASSERT_TRUE(id.ok());
  auto parts = upload.TakeStoredChunk(true);
  ASSERT_TRUE(store.AppendChunk(*id, 0, *parts).ok());
  auto dataset = store.CommitUpload(*id, *upload.Finish());
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->fingerprint(), contracts::PanelFingerprint(panel));
  auto layout = store.ReadableLayout("stats", dataset->name());
  ASSERT_TRUE(layout.ok());
  EXPECT_EQ(store.ReadPanel(*layout)->SerializeAsString(), panel.SerializeAsString());
  EXPECT_EQ(SqlitePageSize(*database), 4096);
}

}  // namespace
}  // namespace govmetrics::workspace
