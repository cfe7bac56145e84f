#include "common/rpc/request_limits.h"

#include <algorithm>
#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/descriptor.h"
#include "common/rpc/quota_failure.h"

namespace govmetrics::rpc {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr char kPanelType[] = "govmetrics.common.v1.Panel";
// Recursion guard: our messages nest a few levels; a hostile self-referential message
// (none exists today) must not blow the stack.
constexpr int kMaxDepth = 32;

bool IsReplicationField(const FieldDescriptor& field) {
  const std::string& name = field.name();
  return name == "replications" || name == "permutations" ||
         absl::EndsWith(name, "_replications") || absl::EndsWith(name, "_permutations");
}

bool IsInteger(const FieldDescriptor& field) {
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
      return true;
    default:
      return false;
  }
}

long long IntegerValue(const Message& message, const Reflection& reflection,
                       const FieldDescriptor& field) {
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: return reflection.GetInt32(message, &field);
    case FieldDescriptor::CPPTYPE_INT64: return reflection.GetInt64(message, &field);
    case FieldDescriptor::CPPTYPE_UINT32: return reflection.GetUInt32(message, &field);
    case FieldDescriptor::CPPTYPE_UINT64:
      return static_cast<long long>(
          std::min<uint64_t>(reflection.GetUInt64(message, &field), INT64_MAX));
    default: return 0;
  }
}

absl::Status Exhausted(const std::string& field, const std::string& what, long long value,
                       long long limit, const char* flag) {
  return QuotaExceeded(field, absl::StrFormat("%s: %d %s, over this server's limit of %d (--%s)",
                                              field, value, what, limit, flag));
}

// Rows of a panel: the longest of its row-aligned arrays, so that a request cannot
// slip a huge column past the limit by leaving `entity` short (validation would reject
// it later, but only after the server paid for parsing and copying it).
long long PanelRows(const Message& panel) {
  const auto* descriptor = panel.GetDescriptor();
  const auto* reflection = panel.GetReflection();
  long long rows = 0;
  for (const char* name : {"entity", "period"}) {
    const auto* field = descriptor->FindFieldByName(name);
    if (field != nullptr && field->is_repeated()) {
      rows = std::max<long long>(rows, reflection->FieldSize(panel, field));
    }
  }
  for (const char* name : {"columns", "labels"}) {
    const auto* field = descriptor->FindFieldByName(name);
    if (field == nullptr || !field->is_repeated() ||
        field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    for (int i = 0; i < reflection->FieldSize(panel, field); ++i) {
      const Message& column = reflection->GetRepeatedMessage(panel, field, i);
      const auto* values = column.GetDescriptor()->FindFieldByName("values");
      if (values != nullptr && values->is_repeated()) {
        rows = std::max<long long>(rows, column.GetReflection()->FieldSize(column, values));
      }
    }
  }
  return rows;
}

long long PanelColumns(const Message& panel) {
  long long columns = 0;
  for (const char* name : {"columns", "labels"}) {
    const auto* field = panel.GetDescriptor()->FindFieldByName(name);
    if (field != nullptr && field->is_repeated()) {
      columns += panel.GetReflection()->FieldSize(panel, field);
    }
  }
  return columns;
}

// A field's dotted path ("panel", "bootstrap.replications", "groups[2].panel"), built
// only when a violation names it: the walk itself must stay cheap on every call.
std::string FieldPath(const std::string& prefix, const FieldDescriptor& field) {
  return prefix.empty() ? field.name() : absl::StrCat(prefix, ".", field.name());
}

absl::Status CheckPanel(const Message& panel, const std::string& path,
                        const RequestLimits& limits, RequestSize* size) {
  const long long rows = PanelRows(panel);
  const long long columns = PanelColumns(panel);
  size->rows = std::max(size->rows, rows);
  size->columns = std::max(size->columns, columns);
  if (limits.max_rows > 0 && rows > limits.max_rows) {
    return Exhausted(path, "rows", rows, limits.max_rows, "max_rows");
  }
  if (limits.max_columns > 0 && columns > limits.max_columns) {
    return Exhausted(path, "columns", columns, limits.max_columns, "max_columns");
  }
  return absl::OkStatus();
}

absl::Status Walk(const Message& message, const std::string& prefix, const RequestLimits& limits,
                  int depth, RequestSize* size) {
  if (depth > kMaxDepth) return absl::OkStatus();
  const auto* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);  // set fields only: cheap on sparse messages
  for (const FieldDescriptor* field : fields) {
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      const bool is_panel = field->message_type()->full_name() == kPanelType;
      const std::string path = FieldPath(prefix, *field);
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          const Message& child = reflection->GetRepeatedMessage(message, field, i);
          const std::string child_path = absl::StrCat(path, "[", i, "]");
          absl::Status status = is_panel ? CheckPanel(child, child_path, limits, size)
                                         : Walk(child, child_path, limits, depth + 1, size);
          if (!status.ok()) return status;
        }
      } else {
        const Message& child = reflection->GetMessage(message, field);
        absl::Status status = is_panel ? CheckPanel(child, path, limits, size)
                                       : Walk(child, path, limits, depth + 1, size);
        if (!status.ok()) return status;
      }
      continue;
    }
    if (!field->is_repeated() && IsInteger(*field) && IsReplicationField(*field)) {
      const long long value = IntegerValue(message, *reflection, *field);
      size->replications = std::max(size->replications, value);
      if (limits.max_replications > 0 && value > limits.max_replications) {
        return Exhausted(FieldPath(prefix, *field), "replications", value,
                         limits.max_replications, "max_replications");
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckRequestLimits(const google::protobuf::Message& request,
                                const RequestLimits& limits, RequestSize* size) {
  RequestSize scratch;
  return Walk(request, "", limits, 0, size != nullptr ? size : &scratch);
}

}  // namespace govmetrics::rpc
