#include "services/gateway/json_transcoder.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/type_resolver_util.h"
#include "nlohmann/json.hpp"

namespace govmetrics::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
namespace util = google::protobuf::util;

constexpr char kTypeUrlPrefix[] = "type.googleapis.com";

template <typename ProtobufStatus>
std::string MessageOf(const ProtobufStatus& status) {
  return std::string(status.message().data(), status.message().size());
}

// A field by its proto name or its JSON (lowerCamelCase) name.
const FieldDescriptor* FindField(const Descriptor* type, absl::string_view name) {
  const std::string key(name);
  if (const FieldDescriptor* field = type->FindFieldByName(key)) return field;
  for (int i = 0; i < type->field_count(); ++i) {
    if (type->field(i)->json_name() == key) return type->field(i);
  }
  return nullptr;
}

// A path or query value as the JSON value protobuf's parser accepts for the field.
absl::StatusOr<nlohmann::json> ScalarJson(const FieldDescriptor* field, const std::string& text,
                                          absl::string_view path) {
  if (field->type() == FieldDescriptor::TYPE_BOOL) {
    if (text == "true" || text == "1") return nlohmann::json(true);
    if (text == "false" || text == "0") return nlohmann::json(false);
    return absl::InvalidArgumentError(absl::StrCat("(", path, "): '", text, "' is not a boolean"));
  }
  if (field->type() == FieldDescriptor::TYPE_MESSAGE &&
      field->message_type()->file()->package() != "google.protobuf") {
    return absl::InvalidArgumentError(
        absl::StrCat("(", path, "): a message field cannot be set from the URL"));
  }
  // Numbers, enums, strings, bytes and well-known types all parse from a JSON string.
  return nlohmann::json(text);
}

// Sets `path` ("a.b.c", proto or JSON names) in `doc` to `text`; repeated fields append.
absl::Status SetFieldPath(const Descriptor* type, absl::string_view path, const std::string& text,
                          nlohmann::json* doc) {
  nlohmann::json* node = doc;
  const std::vector<absl::string_view> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* field = FindField(type, parts[i]);
    if (field == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("(", path, "): no field '", parts[i], "' in ", type->full_name()));
    }
    nlohmann::json& slot = (*node)[field->json_name()];
    if (i + 1 < parts.size()) {
      if (field->type() != FieldDescriptor::TYPE_MESSAGE || field->is_repeated()) {
        return absl::InvalidArgumentError(
            absl::StrCat("(", path, "): '", parts[i], "' is not a singular message field"));
      }
      if (!slot.is_object()) slot = nlohmann::json::object();
      node = &slot;
      type = field->message_type();
      continue;
    }
    auto value = ScalarJson(field, text, path);
    if (!value.ok()) return value.status();
    if (field->is_repeated()) {
      if (!slot.is_array()) slot = nlohmann::json::array();
      slot.push_back(*std::move(value));
    } else {
      slot = *std::move(value);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<nlohmann::json> ParseBody(absl::string_view body) {
  if (body.empty()) return nlohmann::json::object();
  nlohmann::json doc = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (doc.is_discarded()) return absl::InvalidArgumentError("request body is not valid JSON");
  return doc;
}

bool BodyCovers(const Route& route, absl::string_view field_path) {
  if (route.body == "*") return true;
  if (route.body.empty()) return false;
  const absl::string_view top = field_path.substr(0, field_path.find('.'));
  return top == route.body;
}

}  // namespace

std::string TypeUrl(const Descriptor* type) { return absl::StrCat(kTypeUrlPrefix, "/", type->full_name()); }

JsonTranscoder::JsonTranscoder(const google::protobuf::DescriptorPool* pool)
    : pool_(pool),
      resolver_(util::NewTypeResolverForDescriptorPool(kTypeUrlPrefix, pool)),
      factory_(pool) {}

absl::StatusOr<std::string> JsonTranscoder::JsonToBinary(const Descriptor* type,
                                                         absl::string_view json) const {
  util::JsonParseOptions options;
  options.ignore_unknown_fields = false;  // a misspelt field is an error, not a silent default
  std::string binary;
  const auto status = util::JsonToBinaryString(
      resolver_.get(), TypeUrl(type), google::protobuf::StringPiece(json.data(), json.size()),
      &binary, options);
  if (!status.ok()) {
    // Errors at a field start with its path in parentheses; the others are syntax errors.
    const std::string message = MessageOf(status);
    return absl::InvalidArgumentError(
        message.rfind("(", 0) == 0 ? message
                                   : absl::StrCat("request body is not valid JSON for ",
                                                  type->full_name(), ": ", message));
  }
  return binary;
}

absl::StatusOr<std::string> JsonTranscoder::RequestMessage(const Route& route,
                                                           absl::string_view body,
                                                           const PathBindings& bindings,
                                                           const QueryParams& query) const {
  const Descriptor* type = route.method->input_type();
  // The common case (POST with the whole request as body, nothing in the URL) goes
  // straight from JSON to binary without building a JSON tree.
  if (route.body == "*" && bindings.empty()) {
    return JsonToBinary(type, body.empty() ? absl::string_view("{}") : body);
  }
  nlohmann::json doc = nlohmann::json::object();
  if (!route.body.empty()) {
    auto parsed = ParseBody(body);
    if (!parsed.ok()) return parsed.status();
    if (route.body == "*") {
      doc = *std::move(parsed);
    } else {
      const FieldDescriptor* field = FindField(type, route.body);
      if (field == nullptr) return absl::InternalError(absl::StrCat("no body field ", route.body));
      doc[field->json_name()] = *std::move(parsed);
    }
    if (!doc.is_object()) return absl::InvalidArgumentError("request body must be a JSON object");
  }
  for (const auto& [path, value] : bindings) {
    if (absl::Status set = SetFieldPath(type, path, value, &doc); !set.ok()) return set;
  }
  for (const auto& [path, value] : query) {
    if (BodyCovers(route, path)) continue;  // the body is authoritative for its fields
    if (absl::Status set = SetFieldPath(type, path, value, &doc); !set.ok()) return set;
  }
  return JsonToBinary(type, doc.dump());
}

absl::StatusOr<std::string> JsonTranscoder::MessageJson(absl::string_view full_name,
                                                        const std::string& message) const {
  const Descriptor* type = pool_->FindMessageTypeByName(std::string(full_name));
  if (type == nullptr) return absl::InternalError(absl::StrCat("unknown message ", full_name));
  util::JsonPrintOptions options;
  // Zero values printed: a client reading "droppedRows": 0 need not know proto3 defaults.
  options.always_print_primitive_fields = true;
  std::string json;
  const auto status = util::BinaryToJsonString(resolver_.get(), TypeUrl(type), message, &json, options);
  if (!status.ok()) return absl::InternalError(MessageOf(status));
  return json;
}

absl::StatusOr<std::string> JsonTranscoder::ResponseJson(const Route& route,
                                                         const std::string& message) const {
  const Descriptor* type = route.method->output_type();
  if (route.response_body.empty()) return MessageJson(type->full_name(), message);
  const FieldDescriptor* field = type->FindFieldByName(route.response_body);
  if (field == nullptr || field->type() != FieldDescriptor::TYPE_MESSAGE || field->is_repeated()) {
    return absl::InternalError(absl::StrCat("response_body '", route.response_body,
                                            "' is not a singular message field"));
  }
  std::unique_ptr<google::protobuf::Message> parsed(factory_.GetPrototype(type)->New());
  if (!parsed->ParseFromString(message)) return absl::InternalError("response does not parse");
  const auto& part = parsed->GetReflection()->GetMessage(*parsed, field);
  return MessageJson(field->message_type()->full_name(), part.SerializeAsString());
}

}  // namespace govmetrics::gateway
