#include "services/workspace/dataset_parts.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/workspace/wire_varint.h"

namespace govmetrics::workspace {
namespace {

// Wire-format tags (field << 3 | wire type 2) of the fields the layout touches.
constexpr char kEntityTag = 0x0a;       // Panel.entity
constexpr char kPeriodTag = 0x12;       // Panel.period (packed)
constexpr char kColumnTag = 0x1a;       // Panel.columns
constexpr char kLabelTag = 0x22;        // Panel.labels
constexpr char kNameTag = 0x0a;         // Column.name, Label.name
constexpr char kValuesTag = 0x12;       // Column.values (packed), Label.values

// Tag + length of a length-delimited field.
std::string Header(char tag, uint64_t length) {
  std::string header(1, tag);
  AppendVarint(length, &header);
  return header;
}

// Room for `extra` more bytes, growing geometrically (an exact reserve on every append
// would copy a part being filled once per appended chunk).
void ReserveMore(std::string* out, size_t extra) {
  const size_t needed = out->size() + extra;
  if (out->capacity() < needed) out->reserve(std::max(needed, 2 * out->capacity()));
}

// Each string as a length-delimited field: the wire bytes of a repeated string field.
void AppendStringFields(char tag, const google::protobuf::RepeatedPtrField<std::string>& values,
                        std::string* out) {
  size_t bytes = 0;
  for (const std::string& value : values) bytes += value.size() + 2;
  ReserveMore(out, bytes);
  for (const std::string& value : values) {
    out->push_back(tag);
    AppendVarint(value.size(), out);
    out->append(value);
  }
}

std::string NameField(const std::string& name) { return Header(kNameTag, name.size()) + name; }

class Sha256 {
 public:
  Sha256() : context_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr);
  }
  void Add(const std::string& bytes) {
    EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size());
  }
  std::string HexDigest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context_.get(), digest, &length);
    return absl::BytesToHexString(
        absl::string_view(reinterpret_cast<const char*>(digest), length));
  }

 private:
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> context_;
};

absl::Status HashPart(int part, const PartReader& read, Sha256* hash) {
  return read(part, [hash](const std::string& bytes) { hash->Add(bytes); });
}

}  // namespace

absl::Status CorruptStoredChunk(absl::string_view what) {
  return absl::DataLossError(absl::StrCat("stored dataset chunk is corrupt (", what, ")"));
}

common::v1::Panel SchemaOf(const common::v1::Panel& panel) {
  common::v1::Panel schema;
  for (const auto& column : panel.columns()) schema.add_columns()->set_name(column.name());
  for (const auto& label : panel.labels()) schema.add_labels()->set_name(label.name());
  return schema;
}

std::vector<std::string> EncodeChunkParts(const common::v1::Panel& chunk) {
  std::vector<std::string> parts(PartCount(chunk));
  AppendChunkParts(chunk, &parts);
  return parts;
}

void AppendChunkParts(const common::v1::Panel& chunk, std::vector<std::string>* parts) {
  AppendStringFields(kEntityTag, chunk.entity(), &(*parts)[kEntityPart]);
  std::string& periods = (*parts)[kPeriodPart];
  ReserveMore(&periods, chunk.period_size() * size_t{2});
  // int32 as protobuf packs it: negatives sign-extended to 64 bits.
  for (int32_t period : chunk.period()) {
    AppendVarint(static_cast<uint64_t>(int64_t{period}), &periods);
  }
  for (int c = 0; c < chunk.columns_size(); ++c) {
    const auto& values = chunk.columns(c).values();
    std::string& column = (*parts)[ColumnPart(c)];
    ReserveMore(&column, sizeof(double) * values.size());
    column.append(reinterpret_cast<const char*>(values.data()), sizeof(double) * values.size());
  }
  for (int l = 0; l < chunk.labels_size(); ++l) {
    AppendStringFields(kValuesTag, chunk.labels(l).values(), &(*parts)[LabelPart(chunk, l)]);
  }
}

absl::StatusOr<common::v1::Panel> DecodeChunkParts(const common::v1::Panel& schema,
                                                   const std::vector<std::string>& parts,
                                                   const std::vector<bool>& wanted) {
  common::v1::Panel chunk;
  const std::string periods = Header(kPeriodTag, parts[kPeriodPart].size()) + parts[kPeriodPart];
  if (!chunk.ParseFromString(parts[kEntityPart]) || !chunk.MergeFromString(periods) ||
      chunk.period_size() != chunk.entity_size()) {
    return CorruptStoredChunk("entity / period parts");
  }
  const size_t rows = chunk.entity_size();
  for (int c = 0; c < schema.columns_size(); ++c) {
    if (!wanted[ColumnPart(c)]) continue;
    const std::string& bytes = parts[ColumnPart(c)];
    if (bytes.size() != rows * sizeof(double)) {
      return absl::DataLossError(absl::StrCat("stored column '", schema.columns(c).name(),
                                              "' has the wrong length"));
    }
    auto* column = chunk.add_columns();
    column->set_name(schema.columns(c).name());
    column->mutable_values()->Resize(static_cast<int>(rows), 0.0);
    std::memcpy(column->mutable_values()->mutable_data(), bytes.data(), bytes.size());
  }
  for (int l = 0; l < schema.labels_size(); ++l) {
    if (!wanted[LabelPart(schema, l)]) continue;
    auto* label = chunk.add_labels();
    if (!label->ParseFromString(parts[LabelPart(schema, l)]) ||
        static_cast<size_t>(label->values_size()) != rows) {
      return absl::DataLossError(absl::StrCat("stored label '", schema.labels(l).name(),
                                              "' is corrupt"));
    }
    label->set_name(schema.labels(l).name());
  }
  return chunk;
}

absl::StatusOr<std::string> PanelFingerprintOfParts(const common::v1::Panel& schema, int64_t rows,
                                                    const std::vector<int64_t>& part_bytes,
                                                    const PartReader& read) {
  // Field order is the serialisation order: entity*, period, columns*, labels*.
  Sha256 hash;
  if (auto done = HashPart(kEntityPart, read, &hash); !done.ok()) return done;
  if (part_bytes[kPeriodPart] > 0) {
    hash.Add(Header(kPeriodTag, part_bytes[kPeriodPart]));
    if (auto done = HashPart(kPeriodPart, read, &hash); !done.ok()) return done;
  }
  for (int c = 0; c < schema.columns_size(); ++c) {
    const std::string name = NameField(schema.columns(c).name());
    const uint64_t values_bytes = static_cast<uint64_t>(rows) * sizeof(double);
    const std::string values_header = rows > 0 ? Header(kValuesTag, values_bytes) : "";
    const uint64_t body = name.size() + values_header.size() + (rows > 0 ? values_bytes : 0);
    hash.Add(Header(kColumnTag, body) + name + values_header);
    if (auto done = HashPart(ColumnPart(c), read, &hash); !done.ok()) return done;
  }
  for (int l = 0; l < schema.labels_size(); ++l) {
    const std::string name = NameField(schema.labels(l).name());
    const int part = LabelPart(schema, l);
    hash.Add(Header(kLabelTag, name.size() + part_bytes[part]) + name);
    if (auto done = HashPart(part, read, &hash); !done.ok()) return done;
  }
  return hash.HexDigest();
}

}  // namespace govmetrics::workspace
