#include "services/workspace/stored_entity_runs.h"

#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/workspace/dataset_parts.h"
#include "services/workspace/wire_varint.h"

namespace govmetrics::workspace {
namespace {

constexpr char kNameTag = 0x0a;  // ColumnarChunk.new_entities, as Panel.entity
constexpr uint64_t kMaxInt32 = std::numeric_limits<int32_t>::max();

// Calls visit(name) for each (kNameTag, length, name) field of `bytes`; false when a
// field is malformed or a name is empty (an upload refuses empty entity names).
bool ForEachName(const std::string& bytes, const std::function<void(absl::string_view)>& visit) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  while (p < end) {
    uint64_t length = 0;
    if (*p++ != kNameTag || !ReadVarint(&p, end, &length) || length == 0 ||
        length > static_cast<uint64_t>(end - p)) {
      return false;
    }
    visit(absl::string_view(p, length));
    p += length;
  }
  return true;
}

}  // namespace

void EntityRunsWriter::AddNewName(absl::string_view name) {
  names_.push_back(kNameTag);
  AppendVarint(name.size(), &names_);
  names_.append(name.data(), name.size());
}

void EntityRunsWriter::AddRows(int32_t code, int64_t rows) {
  if (code != code_) {
    EndRun();
    code_ = code;
  }
  rows_ += rows;
}

void EntityRunsWriter::EndRun() {
  if (rows_ > 0) {
    AppendVarint(static_cast<uint64_t>(code_), &runs_);
    AppendVarint(static_cast<uint64_t>(rows_), &runs_);
  }
  code_ = -1;
  rows_ = 0;
}

void EntityRunsWriter::MoveInto(std::vector<std::string>* parts) {
  EndRun();  // a run never spans two stored chunks: each chunk's codes are read alone
  parts->push_back(std::move(runs_));
  parts->push_back(std::move(names_));
  runs_.clear();
  names_.clear();
}

absl::Status EntityRunsReader::Read(const std::string& runs_part, const std::string& names_part,
                                    ValueRuns* runs,
                                    const std::function<void(absl::string_view)>& new_name) {
  int64_t names = 0;
  if (!ForEachName(names_part, [&](absl::string_view name) {
        new_name(name);
        ++names;
      })) {
    return CorruptStoredChunk("new entities part");
  }
  const int64_t known = sent_ + names;  // codes [0, known) may appear in this chunk
  int64_t next_new = sent_;             // the code the next new entity must have
  const char* p = runs_part.data();
  const char* end = p + runs_part.size();
  while (p < end) {
    uint64_t code = 0, length = 0;
    if (!ReadVarint(&p, end, &code) || !ReadVarint(&p, end, &length) || length == 0 ||
        length > kMaxInt32 || code > kMaxInt32 || static_cast<int64_t>(code) > next_new ||
        static_cast<int64_t>(code) >= known) {
      return CorruptStoredChunk("entity runs part");
    }
    if (static_cast<int64_t>(code) == next_new) ++next_new;
    runs->Add(static_cast<int32_t>(code), static_cast<int64_t>(length));
  }
  if (next_new != known) {
    return CorruptStoredChunk(absl::StrCat("new entities part: ", names, " names where the runs ",
                                           "introduce ", next_new - sent_));
  }
  sent_ = known;
  return absl::OkStatus();
}

int64_t CountNewEntities(const std::string& names_part) {
  int64_t names = 0;
  return ForEachName(names_part, [&names](absl::string_view) { ++names; }) ? names : -1;
}

bool SendsStoredEntityRuns(bool dataset_has_runs, v1::ChunkEncoding encoding, int64_t first_chunk,
                           bool dataset_codes) {
  return dataset_has_runs && encoding == v1::CHUNK_ENCODING_COLUMNAR &&
         (first_chunk == 0 || dataset_codes);
}

bool ReadsStoredRuns(const common::v1::Panel& schema, const std::vector<bool>& wanted) {
  return static_cast<int>(wanted.size()) == StoredPartCount(schema) && !wanted[kEntityPart] &&
         wanted[EntityRunsPart(schema)] && wanted[NewEntitiesPart(schema)] &&
         wanted[PeriodRunsPart(schema)];
}

void WantStoredRuns(const common::v1::Panel& schema, std::vector<bool>* wanted) {
  wanted->resize(StoredPartCount(schema), false);
  (*wanted)[kEntityPart] = false;
  (*wanted)[EntityRunsPart(schema)] = (*wanted)[NewEntitiesPart(schema)] = true;
  (*wanted)[PeriodRunsPart(schema)] = true;  // missing in datasets of the first form
}

}  // namespace govmetrics::workspace
