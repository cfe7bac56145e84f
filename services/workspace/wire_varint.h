#ifndef GOVMETRICS_SERVICES_WORKSPACE_WIRE_VARINT_H_
#define GOVMETRICS_SERVICES_WORKSPACE_WIRE_VARINT_H_

// Base-128 varints as protobuf writes them, for the wire bytes the workspace reads and
// writes by hand: the stored parts (dataset_parts.h, stored_entity_runs.h) and the
// COLUMNAR stream's messages (columnar_chunk.h). One definition, so the stored bytes and
// the sent bytes agree with each other and with protobuf's own encoder.

#include <cstdint>
#include <string>

#include "google/protobuf/io/coded_stream.h"

namespace govmetrics::workspace {

// Reads one varint at `*p` (advancing it); false past `end` or over 10 bytes.
inline bool ReadVarint(const char** p, const char* end, uint64_t* value) {
  *value = 0;
  for (int shift = 0; shift < 70 && *p < end; shift += 7) {
    const auto byte = static_cast<uint8_t>(*(*p)++);
    *value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

inline void AppendVarint(uint64_t value, std::string* out) {
  uint8_t bytes[10];  // the longest varint
  const uint8_t* end = google::protobuf::io::CodedOutputStream::WriteVarint64ToArray(value, bytes);
  out->append(reinterpret_cast<const char*>(bytes), end - bytes);
}

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_WIRE_VARINT_H_
