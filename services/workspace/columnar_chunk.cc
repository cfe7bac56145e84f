#include "services/workspace/columnar_chunk.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/io/coded_stream.h"
#include "services/workspace/dataset_parts.h"
#include "services/workspace/stored_period_runs.h"
#include "services/workspace/wire_varint.h"

namespace govmetrics::workspace {
namespace {

// Wire-format tags of the stored string parts (dataset_parts.h).
constexpr char kEntityTag = 0x0a;      // Panel.entity
constexpr char kLabelValueTag = 0x12;  // Label.values

// The stored period part: packed varints (int32 values, negatives sign-extended).
bool DecodePeriods(const std::string& bytes, google::protobuf::RepeatedField<int32_t>* out) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  while (p < end) {
    uint64_t value = 0;
    if (!ReadVarint(&p, end, &value)) return false;
    out->Add(static_cast<int32_t>(static_cast<uint32_t>(value)));
  }
  return true;
}

// Wire-format tags (field << 3 | wire type) of the messages EncodeResponse writes.
constexpr char kFirstRowTag = 0x10;       // ReadDatasetResponse.first_row (varint)
constexpr char kColumnarTag = 0x1a;       // ReadDatasetResponse.columnar
constexpr char kNewEntitiesTag = 0x0a;    // ColumnarChunk.new_entities
constexpr char kEntityCodesTag = 0x12;    // ColumnarChunk.entity_codes (packed)
constexpr char kChunkPeriodTag = 0x1a;    // ColumnarChunk.period (packed)
constexpr char kChunkColumnTag = 0x22;    // ColumnarChunk.columns
constexpr char kChunkLabelTag = 0x2a;     // ColumnarChunk.labels
constexpr char kNameTag = 0x0a;           // Column.name, ColumnarLabel.name
constexpr char kColumnValuesTag = 0x12;   // Column.values (packed)
constexpr char kLabelNewValuesTag = 0x12; // ColumnarLabel.new_values
constexpr char kLabelCodesTag = 0x1a;     // ColumnarLabel.codes (packed)
constexpr char kEntityRunCodesTag = 0x32;    // ColumnarChunk.entity_run_codes (packed)
constexpr char kEntityRunLengthsTag = 0x3a;  // ColumnarChunk.entity_run_lengths (packed)
constexpr char kPeriodRunStartsTag = 0x42;   // ColumnarChunk.period_run_starts (packed)
constexpr char kPeriodRunLengthsTag = 0x4a;  // ColumnarChunk.period_run_lengths (packed)
constexpr char kDatasetEntityCodesTag = 0x20;  // ReadDatasetResponse.dataset_entity_codes
constexpr char kEntitiesBeforeTag = 0x28;      // ReadDatasetResponse.entities_before

// Tag and length of a length-delimited field.
void AppendHeader(char tag, uint64_t length, std::string* out) {
  out->push_back(tag);
  AppendVarint(length, out);
}

// A length-delimited field.
void AppendField(char tag, absl::string_view bytes, std::string* out) {
  AppendHeader(tag, bytes.size(), out);
  out->append(bytes.data(), bytes.size());
}

// A singular `name` field (proto3 leaves an empty one out).
void AppendName(const std::string& name, std::string* out) {
  if (!name.empty()) AppendField(kNameTag, name, out);
}

// Bytes of a length-delimited field (tag, length, bytes) of `length` bytes.
uint64_t FieldSize(uint64_t length) {
  return 1 + google::protobuf::io::CodedOutputStream::VarintSize64(length) + length;
}

// The number of varints in `bytes` (packed int32 values); false when one is malformed.
bool CountVarints(const std::string& bytes, int64_t* count) {
  *count = 0;
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  uint64_t value = 0;
  while (p < end) {
    if (!ReadVarint(&p, end, &value)) return false;
    ++*count;
  }
  return true;
}

// memcmp(a, b, size) == 0 without a library call for the 8-16 byte fields of typical
// names (two overlapping 8-byte loads): RepeatsOf compares one field per row.
bool SameBytes(const char* a, const char* b, size_t size) {
  if (size < 8 || size > 16) return std::memcmp(a, b, size) == 0;
  uint64_t a_head, a_tail, b_head, b_tail;
  std::memcpy(&a_head, a, 8);
  std::memcpy(&b_head, b, 8);
  std::memcpy(&a_tail, a + size - 8, 8);
  std::memcpy(&b_tail, b + size - 8, 8);
  return ((a_head ^ b_head) | (a_tail ^ b_tail)) == 0;
}

// How many copies of the field [field, next) follow it back to back, byte for byte. The
// rows that repeat a name (the rest of an entity's periods in a panel sorted by entity)
// then take its code without being parsed, compared by name or coded one by one.
int64_t RepeatsOf(const char* field, const char* next, const char* end) {
  const auto size = static_cast<size_t>(next - field);
  int64_t repeats = 0;
  for (const char* p = next; static_cast<size_t>(end - p) >= size && SameBytes(p, field, size);
       p += size) {
    ++repeats;
  }
  return repeats;
}

// `count` copies of the varint of `value` appended to `out`: one copy written, then
// doubled (a few memcpy calls per run rather than an append per row).
void AppendRepeatedVarint(uint64_t value, int64_t count, std::string* out) {
  uint8_t bytes[10];  // the longest varint
  const auto size = static_cast<size_t>(
      google::protobuf::io::CodedOutputStream::WriteVarint64ToArray(value, bytes) - bytes);
  if (size == 1) {
    out->append(static_cast<size_t>(count), static_cast<char>(bytes[0]));
    return;
  }
  const size_t at = out->size(), total = size * static_cast<size_t>(count);
  out->resize(at + total);
  char* to = out->data() + at;
  std::memcpy(to, bytes, size);
  for (size_t filled = size; filled < total; filled *= 2) {
    std::memcpy(to + filled, to, std::min(filled, total - filled));
  }
}

absl::Status Corrupt(const std::string& what) { return CorruptStoredChunk(what); }

// protobuf's int32 varint: a negative value sign-extended to 64 bits (10 bytes).
uint64_t Int32Varint(int32_t value) { return static_cast<uint64_t>(static_cast<int64_t>(value)); }

uint64_t VarintsSize(const std::vector<int32_t>& values) {
  uint64_t size = 0;
  for (int32_t value : values) {
    size += google::protobuf::io::CodedOutputStream::VarintSize32SignExtended(value);
  }
  return size;
}

// Bytes of a packed field of `bytes` bytes of values (none when empty).
uint64_t PackedSize(uint64_t bytes) { return bytes == 0 ? 0 : FieldSize(bytes); }

// A packed int32 field of `values` (nothing when empty, as protobuf writes it).
void AppendPackedInt32s(char tag, const std::vector<int32_t>& values, std::string* out) {
  if (values.empty()) return;
  AppendHeader(tag, VarintsSize(values), out);
  for (int32_t value : values) AppendVarint(Int32Varint(value), out);
}

using Runs = ColumnarChunkEncoder::Runs;

// `runs` appended to the message's two fields for them (values, lengths).
void AddRuns(const Runs& runs, google::protobuf::RepeatedField<int32_t>* values,
             google::protobuf::RepeatedField<int32_t>* lengths) {
  values->Add(runs.values.begin(), runs.values.end());
  lengths->Add(runs.lengths.begin(), runs.lengths.end());
}

// Bytes of the two packed fields carrying `runs` (values, lengths).
uint64_t RunFieldsSize(const Runs& runs) {
  return PackedSize(VarintsSize(runs.values)) + PackedSize(VarintsSize(runs.lengths));
}

// Bytes of the packed field carrying each row's value of the equal-value `runs`.
uint64_t PerRowSize(const Runs& runs) {
  uint64_t bytes = 0;
  for (size_t i = 0; i < runs.values.size(); ++i) {
    bytes += google::protobuf::io::CodedOutputStream::VarintSize32SignExtended(runs.values[i]) *
             static_cast<uint64_t>(runs.lengths[i]);
  }
  return PackedSize(bytes);
}

}  // namespace

// The pieces of a message being written: small bytes gather in header pieces, large
// buffers (stored parts, codes) are pieces of their own, moved rather than copied.
class ColumnarChunkEncoder::PieceList {
 public:
  explicit PieceList(std::vector<WirePiece>* pieces) : pieces_(pieces) { pieces_->clear(); }

  // Header bytes are appended to the last piece while it is a header.
  std::string* header() {
    if (pieces_->empty() || pieces_->back().source != ColumnarChunkEncoder::kHeader) {
      pieces_->push_back({ColumnarChunkEncoder::kHeader, std::string()});
    }
    return &pieces_->back().bytes;
  }
  // A packed field whose values are `bytes` (nothing when empty, as protobuf writes it).
  void Packed(char tag, int source, std::string bytes) {
    if (bytes.empty()) return;
    AppendHeader(tag, bytes.size(), header());
    pieces_->push_back({source, std::move(bytes)});
  }
  // Total bytes so far.
  uint64_t size() const {
    uint64_t total = 0;
    for (const auto& piece : *pieces_) total += piece.bytes.size();
    return total;
  }

 private:
  std::vector<WirePiece>* pieces_;
};

template <typename OnRun, typename OnNewName>
bool ColumnarChunkEncoder::Dictionary::Visit(const std::string& bytes, char tag, OnRun run,
                                             OnNewName new_name) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  while (p < end) {
    const char* field = p;
    uint64_t length = 0;
    if (*p++ != tag || !ReadVarint(&p, end, &length) || length > static_cast<uint64_t>(end - p)) {
      return false;
    }
    const absl::string_view name(p, length);
    p += length;
    if (last_code_ < 0 || name != last_) {
      auto [it, inserted] = codes_.try_emplace(name, static_cast<int32_t>(codes_.size()));
      if (inserted) new_name(name);
      last_.assign(name.data(), name.size());
      last_code_ = it->second;
    }
    const int64_t repeats = RepeatsOf(field, p, end);
    p += (p - field) * repeats;
    run(last_code_, 1 + repeats);
  }
  return true;
}

bool ColumnarChunkEncoder::Dictionary::CodeAll(
    const std::string& bytes, char tag, google::protobuf::RepeatedField<int32_t>* codes,
    google::protobuf::RepeatedPtrField<std::string>* new_names) {
  return Visit(
      bytes, tag,
      [codes](int32_t code, int64_t rows) {
        codes->Resize(codes->size() + static_cast<int>(rows), code);
      },
      [new_names](absl::string_view name) { new_names->Add(std::string(name)); });
}

bool ColumnarChunkEncoder::Dictionary::CodeAllWire(const std::string& bytes, char tag,
                                                   char name_tag, std::string* codes,
                                                   std::string* new_names, int64_t* rows) {
  *rows = 0;
  return Visit(
      bytes, tag,
      [&](int32_t code, int64_t run) {
        AppendRepeatedVarint(static_cast<uint32_t>(code), run, codes);
        *rows += run;
      },
      [&](absl::string_view name) { AppendField(name_tag, name, new_names); });
}

bool ColumnarChunkEncoder::Dictionary::CodeRuns(
    const std::string& bytes, char tag, Runs* runs,
    const std::function<void(absl::string_view)>& new_name) {
  return Visit(
      bytes, tag, [runs](int32_t code, int64_t rows) { runs->Add(code, rows); }, new_name);
}

ColumnarChunkEncoder::ColumnarChunkEncoder(const common::v1::Panel& schema,
                                           std::vector<bool> wanted, bool run_length_codes)
    : schema_(schema),
      wanted_(std::move(wanted)),
      run_length_codes_(run_length_codes),
      stored_runs_(ReadsStoredRuns(schema_, wanted_)),
      labels_(schema.labels_size()) {}

absl::Status ColumnarChunkEncoder::NumberDatasetEntities(int64_t entities_before) {
  if (!stored_runs_) {
    return absl::InternalError(
        "dataset-wide entity codes asked of a read not from the stored runs");
  }
  stored_entities_ = EntityRunsReader(entities_before);
  dataset_codes_ = true;
  return absl::OkStatus();
}

void ColumnarChunkEncoder::WriteDatasetCodes(int64_t entities_before, std::string* out) {
  out->push_back(kDatasetEntityCodesTag);
  out->push_back(1);
  if (entities_before != 0) {  // proto3 leaves a zero out
    out->push_back(kEntitiesBeforeTag);
    AppendVarint(static_cast<uint64_t>(entities_before), out);
  }
}

absl::Status ColumnarChunkEncoder::EntityRuns(
    const std::vector<std::string>& parts,
    const std::function<void(absl::string_view)>& new_name) {
  if (stored_runs_) {
    return stored_entities_.Read(parts[EntityRunsPart(schema_)], parts[NewEntitiesPart(schema_)],
                                 &entity_runs_, new_name);
  }
  if (!entities_.CodeRuns(parts[kEntityPart], kEntityTag, &entity_runs_, new_name)) {
    return Corrupt("entity part");
  }
  return absl::OkStatus();
}

absl::StatusOr<ColumnarChunkEncoder::EntityAndPeriod> ColumnarChunkEncoder::CodeRuns(
    const std::vector<std::string>& parts,
    const std::function<void(absl::string_view)>& new_name) {
  entity_runs_.Clear();
  period_runs_.Clear();
  if (auto coded = EntityRuns(parts, new_name); !coded.ok()) return coded;
  if (!run_length_codes_) {  // one code and period per row: only the count is checked here
    int64_t periods = 0;
    if (!CountVarints(parts[kPeriodPart], &periods) || periods != entity_runs_.rows) {
      return Corrupt("period part");
    }
    return EntityAndPeriod();
  }
  const bool stored_periods = stored_runs_ && !parts[PeriodRunsPart(schema_)].empty();
  if (auto coded = PeriodRuns(parts, stored_periods); !coded.ok()) return coded;
  // Runs only when strictly shorter: rows in no particular order keep one value per row.
  EntityAndPeriod form;
  form.entity_runs = RunFieldsSize(entity_runs_) < PerRowSize(entity_runs_);
  form.period_runs = RunFieldsSize(period_runs_) < PackedSize(parts[kPeriodPart].size());
  int64_t periods = 0;  // the period part goes as is: it has not been decoded, count it
  if (stored_periods && !form.period_runs &&
      (!CountVarints(parts[kPeriodPart], &periods) || periods != entity_runs_.rows)) {
    return Corrupt("period part");
  }
  return form;
}

absl::Status ColumnarChunkEncoder::PeriodRuns(const std::vector<std::string>& parts,
                                              bool stored) {
  if (stored) {
    if (!DecodePeriodRuns(parts[PeriodRunsPart(schema_)], &period_runs_) ||
        period_runs_.rows != entity_runs_.rows) {
      return Corrupt("period runs part");
    }
    return absl::OkStatus();
  }
  if (!PeriodRunsOf(parts[kPeriodPart], &period_runs_) || period_runs_.rows != entity_runs_.rows) {
    return Corrupt("period part");
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ColumnarChunkEncoder::EncodeEntityAndPeriod(
    const std::vector<std::string>& parts, v1::ColumnarChunk* out) {
  EntityAndPeriod form;
  if (CodesAsRuns()) {
    auto chosen = CodeRuns(
        parts, [out](absl::string_view name) { out->add_new_entities(std::string(name)); });
    if (!chosen.ok()) return chosen.status();
    form = *chosen;
    if (form.entity_runs) {
      AddRuns(entity_runs_, out->mutable_entity_run_codes(), out->mutable_entity_run_lengths());
    } else {
      for (size_t i = 0; i < entity_runs_.values.size(); ++i) {
        out->mutable_entity_codes()->Resize(out->entity_codes_size() + entity_runs_.lengths[i],
                                            entity_runs_.values[i]);
      }
    }
    if (form.period_runs) {
      AddRuns(period_runs_, out->mutable_period_run_starts(), out->mutable_period_run_lengths());
      return entity_runs_.rows;
    }
  } else if (!entities_.CodeAll(parts[kEntityPart], kEntityTag, out->mutable_entity_codes(),
                                out->mutable_new_entities())) {
    return Corrupt("entity part");
  }
  const int64_t rows = CodesAsRuns() ? entity_runs_.rows : out->entity_codes_size();
  out->mutable_period()->Reserve(static_cast<int>(rows));
  if (!DecodePeriods(parts[kPeriodPart], out->mutable_period()) || out->period_size() != rows) {
    return Corrupt("period part");
  }
  return rows;
}

absl::Status ColumnarChunkEncoder::Encode(const std::vector<std::string>& parts,
                                          v1::ColumnarChunk* out) {
  out->Clear();
  const absl::StatusOr<int64_t> coded = EncodeEntityAndPeriod(parts, out);
  if (!coded.ok()) return coded.status();
  const int rows = static_cast<int>(*coded);
  for (int c = 0; c < schema_.columns_size(); ++c) {
    if (!wanted_[ColumnPart(c)]) continue;
    const std::string& bytes = parts[ColumnPart(c)];
    if (bytes.size() != static_cast<size_t>(rows) * sizeof(double)) {
      return Corrupt(absl::StrCat("column '", schema_.columns(c).name(), "' has the wrong length"));
    }
    auto* column = out->add_columns();
    column->set_name(schema_.columns(c).name());
    column->mutable_values()->Resize(rows, 0.0);
    std::memcpy(column->mutable_values()->mutable_data(), bytes.data(), bytes.size());
  }
  for (int l = 0; l < schema_.labels_size(); ++l) {
    if (!wanted_[LabelPart(schema_, l)]) continue;
    auto* label = out->add_labels();
    label->set_name(schema_.labels(l).name());
    if (!labels_[l].CodeAll(parts[LabelPart(schema_, l)], kLabelValueTag, label->mutable_codes(),
                            label->mutable_new_values()) ||
        label->codes_size() != rows) {
      return Corrupt(absl::StrCat("label '", schema_.labels(l).name(), "'"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ColumnarChunkEncoder::EncodeResponse(
    int64_t first_row, std::vector<std::string>* parts,
    const std::function<std::string(int source)>& buffer, std::vector<WirePiece>* pieces) {
  PieceList out(pieces);
  EntityAndPeriod form;
  const int64_t entities_before = stored_entities_.sent();
  const absl::StatusOr<int64_t> coded = WriteEntityAndPeriod(parts, buffer, &out, &form);
  if (!coded.ok()) return coded.status();
  const int64_t rows = *coded;
  const uint64_t values_bytes = static_cast<uint64_t>(rows) * sizeof(double);
  for (int c = 0; c < schema_.columns_size(); ++c) {
    if (!wanted_[ColumnPart(c)]) continue;
    const std::string& name = schema_.columns(c).name();
    if ((*parts)[ColumnPart(c)].size() != values_bytes) {
      return Corrupt(absl::StrCat("column '", name, "' has the wrong length"));
    }
    const uint64_t body = (name.empty() ? 0 : FieldSize(name.size())) +
                          (rows > 0 ? FieldSize(values_bytes) : 0);
    AppendHeader(kChunkColumnTag, body, out.header());
    AppendName(name, out.header());
    out.Packed(kColumnValuesTag, ColumnPart(c), std::move((*parts)[ColumnPart(c)]));
  }
  for (int l = 0; l < schema_.labels_size(); ++l) {
    if (!wanted_[LabelPart(schema_, l)]) continue;
    const std::string& name = schema_.labels(l).name();
    std::string label_codes = buffer(ComputedLabelCodes(l)), new_values;
    int64_t label_rows = 0;
    if (!labels_[l].CodeAllWire((*parts)[LabelPart(schema_, l)], kLabelValueTag,
                                kLabelNewValuesTag, &label_codes, &new_values, &label_rows) ||
        label_rows != rows) {
      return Corrupt(absl::StrCat("label '", name, "'"));
    }
    const uint64_t body = (name.empty() ? 0 : FieldSize(name.size())) + new_values.size() +
                          (label_codes.empty() ? 0 : FieldSize(label_codes.size()));
    AppendHeader(kChunkLabelTag, body, out.header());
    AppendName(name, out.header());
    out.header()->append(new_values);
    out.Packed(kLabelCodesTag, ComputedLabelCodes(l), std::move(label_codes));
  }
  WriteRuns(form, &out);
  std::string prefix;
  if (first_row != 0) {
    prefix.push_back(kFirstRowTag);
    AppendVarint(static_cast<uint64_t>(first_row), &prefix);
  }
  AppendHeader(kColumnarTag, out.size(), &prefix);
  pieces->insert(pieces->begin(), WirePiece{kHeader, std::move(prefix)});
  if (dataset_codes_) {
    pieces->push_back({kHeader, std::string()});
    WriteDatasetCodes(entities_before, &pieces->back().bytes);
  }
  return rows;
}

absl::StatusOr<int64_t> ColumnarChunkEncoder::WriteEntityAndPeriod(
    std::vector<std::string>* parts, const std::function<std::string(int source)>& buffer,
    PieceList* out, EntityAndPeriod* form) {
  std::string codes;
  int64_t rows = 0;
  if (CodesAsRuns()) {
    auto chosen = CodeRuns(*parts, [out](absl::string_view name) {
      AppendField(kNewEntitiesTag, name, out->header());
    });
    if (!chosen.ok()) return chosen.status();
    *form = *chosen;
    rows = entity_runs_.rows;
    if (!form->entity_runs) {
      codes = buffer(kComputedEntityCodes);
      for (size_t i = 0; i < entity_runs_.values.size(); ++i) {
        AppendRepeatedVarint(Int32Varint(entity_runs_.values[i]), entity_runs_.lengths[i], &codes);
      }
    }
  } else {
    int64_t periods = 0;
    codes = buffer(kComputedEntityCodes);
    if (!entities_.CodeAllWire((*parts)[kEntityPart], kEntityTag, kNewEntitiesTag, &codes,
                               out->header(), &rows)) {
      return Corrupt("entity part");
    }
    if (!CountVarints((*parts)[kPeriodPart], &periods) || periods != rows) {
      return Corrupt("period part");
    }
  }
  out->Packed(kEntityCodesTag, kComputedEntityCodes, std::move(codes));
  if (!form->period_runs) {
    out->Packed(kChunkPeriodTag, kPeriodPart, std::move((*parts)[kPeriodPart]));
  }
  return rows;
}

void ColumnarChunkEncoder::WriteRuns(const EntityAndPeriod& form, PieceList* out) const {
  if (form.entity_runs && entity_runs_.rows > 0) {
    AppendPackedInt32s(kEntityRunCodesTag, entity_runs_.values, out->header());
    AppendPackedInt32s(kEntityRunLengthsTag, entity_runs_.lengths, out->header());
  }
  if (form.period_runs && period_runs_.rows > 0) {
    AppendPackedInt32s(kPeriodRunStartsTag, period_runs_.values, out->header());
    AppendPackedInt32s(kPeriodRunLengthsTag, period_runs_.lengths, out->header());
  }
}

}  // namespace govmetrics::workspace
