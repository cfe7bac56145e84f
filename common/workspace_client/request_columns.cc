#include "common/workspace_client/request_columns.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"

namespace govmetrics::workspace_client {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Every string value in `message` and the messages inside it. Panels are skipped (their
// strings are data, not references: entity names, label values).
void CollectStrings(const Message& message, absl::flat_hash_set<std::string>* out) {
  if (message.GetDescriptor()->full_name() == "govmetrics.common.v1.Panel") return;
  const auto* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (field->is_repeated()) {
        for (const auto& value : reflection->GetRepeatedFieldRef<std::string>(message, field)) {
          out->insert(value);
        }
      } else {
        out->insert(reflection->GetString(message, field));
      }
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          CollectStrings(reflection->GetRepeatedMessage(message, field, i), out);
        }
      } else {
        CollectStrings(reflection->GetMessage(message, field), out);
      }
    }
  }
}

}  // namespace

void SelectNamedColumns(const workspace::v1::Dataset& dataset, const Message& request,
                        workspace::v1::ReadDatasetRequest* read) {
  absl::flat_hash_set<std::string> named;
  CollectStrings(request, &named);
  for (const std::string& column : dataset.columns()) {
    if (named.contains(column)) read->add_columns(column);
  }
  for (const std::string& label : dataset.labels()) {
    if (named.contains(label)) read->add_labels(label);
  }
}

}  // namespace govmetrics::workspace_client
