#include "services/gateway/openapi_document.h"

#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "nlohmann/json.hpp"

namespace govmetrics::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::json;

template <typename D>
std::string Comment(const D* descriptor) {
  google::protobuf::SourceLocation location;
  if (!descriptor->GetSourceLocation(&location)) return "";
  return std::string(absl::StripAsciiWhitespace(location.leading_comments));
}

std::string Ref(const std::string& full_name) { return absl::StrCat("#/components/schemas/", full_name); }

// Well-known types in their JSON forms (google/protobuf/*.proto, "JSON Mapping").
bool WellKnownSchema(const Descriptor* type, json* schema) {
  const std::string& name = type->full_name();
  if (name == "google.protobuf.Timestamp") *schema = {{"type", "string"}, {"format", "date-time"}};
  else if (name == "google.protobuf.Duration") *schema = {{"type", "string"}, {"example", "1.5s"}};
  else if (name == "google.protobuf.FieldMask") *schema = {{"type", "string"}};
  else if (name == "google.protobuf.Struct") *schema = {{"type", "object"}};
  else if (name == "google.protobuf.Value") *schema = json::object();
  else if (name == "google.protobuf.ListValue") *schema = {{"type", "array"}, {"items", json::object()}};
  else if (name == "google.protobuf.Empty") *schema = {{"type", "object"}};
  else if (name == "google.protobuf.Any") {
    *schema = {{"type", "object"},
               {"properties", {{"@type", {{"type", "string"}}}}},
               {"additionalProperties", true}};
  } else {
    return false;
  }
  return true;
}

class SchemaBuilder {
 public:
  // Schema of a field's value (no repetition), queuing referenced types.
  json ValueSchema(const FieldDescriptor* field) {
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_DOUBLE:
      case FieldDescriptor::CPPTYPE_FLOAT:
        // Non-finite values travel as strings in protobuf's JSON (NaN = missing here).
        return {{"oneOf", json::array({{{"type", "number"}},
                                       {{"type", "string"}, {"enum", {"NaN", "Infinity", "-Infinity"}}}})}};
      case FieldDescriptor::CPPTYPE_INT32:
      case FieldDescriptor::CPPTYPE_UINT32: return {{"type", "integer"}, {"format", "int32"}};
      case FieldDescriptor::CPPTYPE_INT64:
      case FieldDescriptor::CPPTYPE_UINT64: return {{"type", "string"}, {"format", "int64"}};
      case FieldDescriptor::CPPTYPE_BOOL: return {{"type", "boolean"}};
      case FieldDescriptor::CPPTYPE_STRING:
        return field->type() == FieldDescriptor::TYPE_BYTES ? json{{"type", "string"}, {"format", "byte"}}
                                                            : json{{"type", "string"}};
      case FieldDescriptor::CPPTYPE_ENUM:
        enums_.insert(field->enum_type());
        return {{"$ref", Ref(field->enum_type()->full_name())}};
      case FieldDescriptor::CPPTYPE_MESSAGE: {
        json schema;
        if (WellKnownSchema(field->message_type(), &schema)) return schema;
        Queue(field->message_type());
        return {{"$ref", Ref(field->message_type()->full_name())}};
      }
    }
    return json::object();
  }

  json FieldSchema(const FieldDescriptor* field) {
    if (field->is_map()) {
      return {{"type", "object"}, {"additionalProperties", ValueSchema(field->message_type()->map_value())}};
    }
    json value = ValueSchema(field);
    return field->is_repeated() ? json{{"type", "array"}, {"items", value}} : value;
  }

  void Queue(const Descriptor* type) {
    if (seen_.insert(type->full_name()).second) pending_.push_back(type);
  }

  // Schemas of every queued message (and what they reference) and enum.
  json Build() {
    json schemas = json::object();
    while (!pending_.empty()) {
      const Descriptor* type = pending_.back();
      pending_.pop_back();
      json properties = json::object();
      for (int i = 0; i < type->field_count(); ++i) {
        json schema = FieldSchema(type->field(i));
        const std::string comment = Comment(type->field(i));
        // $ref siblings are ignored by OpenAPI 3.0: wrap to keep the description.
        if (!comment.empty()) schema = schema.contains("$ref") ? json{{"allOf", {schema}}, {"description", comment}} : (schema["description"] = comment, schema);
        properties[type->field(i)->json_name()] = schema;
      }
      schemas[type->full_name()] = {{"type", "object"}, {"properties", properties}, {"description", Comment(type)}};
    }
    for (const EnumDescriptor* e : enums_) {
      json names = json::array();
      for (int i = 0; i < e->value_count(); ++i) names.push_back(e->value(i)->name());
      schemas[e->full_name()] = {{"type", "string"}, {"enum", names}, {"description", Comment(e)}};
    }
    return schemas;
  }

 private:
  std::set<std::string> seen_;
  std::vector<const Descriptor*> pending_;
  std::set<const EnumDescriptor*> enums_;
};

json ErrorSchema() {
  return {{"type", "object"},
          {"description", "AIP-193 error: HTTP status in code, gRPC code name in status, the "
                          "google.rpc details the service sent (BadRequest field violations, ...)."},
          {"properties",
           {{"error",
             {{"type", "object"},
              {"properties",
               {{"code", {{"type", "integer"}}},
                {"message", {{"type", "string"}}},
                {"status", {{"type", "string"}}},
                {"details", {{"type", "array"}, {"items", {{"type", "object"}, {"properties", {{"@type", {{"type", "string"}}}}}}}}}}}}}}}};
}

// Path and (for a route without a whole-request body) query parameters.
json Parameters(const Route& route) {
  json parameters = json::array();
  std::set<std::string> bound(route.path.variables().begin(), route.path.variables().end());
  for (const std::string& variable : route.path.variables()) {
    parameters.push_back({{"name", variable}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
  }
  if (route.body == "*") return parameters;
  const Descriptor* input = route.method->input_type();
  for (int i = 0; i < input->field_count(); ++i) {
    const FieldDescriptor* field = input->field(i);
    if (bound.count(field->name()) || field->name() == route.body ||
        field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    parameters.push_back({{"name", field->json_name()}, {"in", "query"}, {"description", Comment(field)},
                          {"schema", field->is_repeated() ? json{{"type", "array"}, {"items", {{"type", "string"}}}}
                                                          : json{{"type", "string"}}}});
  }
  return parameters;
}

json Operation(const Route& route, int binding, SchemaBuilder* schemas) {
  const auto* method = route.method;
  const std::string comment = Comment(method);
  json operation = {
      {"operationId", absl::StrCat(method->service()->name(), "_", method->name(), binding ? absl::StrCat("_", binding) : "")},
      {"tags", {method->service()->name()}},
      {"summary", comment.substr(0, comment.find('\n'))},
      {"description", absl::StrCat(comment, "\n\ngRPC: `", route.grpc_path, "`")},
      {"parameters", Parameters(route)}};
  if (!route.body.empty()) {
    json body_schema = {{"$ref", Ref(method->input_type()->full_name())}};
    schemas->Queue(method->input_type());
    if (route.body != "*") {
      const FieldDescriptor* field = method->input_type()->FindFieldByName(route.body);
      if (field != nullptr) body_schema = schemas->FieldSchema(field);
    }
    operation["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", body_schema}}}}}};
  }
  schemas->Queue(method->output_type());
  json reply = {{"$ref", Ref(method->output_type()->full_name())}};
  operation["responses"]["200"] =
      method->server_streaming()
          ? json{{"description", "Server-sent events: `message` events (data: one JSON response each), "
                                 "then `end`, or `error` with an AIP-193 body."},
                 {"content", {{"text/event-stream", {{"schema", {{"type", "string"}}}}}}}}
          : json{{"description", "OK"}, {"content", {{"application/json", {{"schema", reply}}}}}};
  operation["responses"]["default"] = {{"$ref", "#/components/responses/Error"}};
  return operation;
}

// POST /v1/datasets:upload, the one route not read from an annotation (CreateDataset is
// client streaming; services/gateway/dataset_upload.h). Documented when the workspace is.
void AddUploadOperation(const RouteTable& routes, SchemaBuilder* schemas, json* paths) {
  if (routes.routes().empty()) return;  // every route's method comes from the same pool
  const google::protobuf::Descriptor* reply = routes.routes().front().method->file()->pool()->FindMessageTypeByName(
      "govmetrics.workspace.v1.CreateDatasetResponse");
  if (reply == nullptr) return;
  schemas->Queue(reply);
  auto query = [](const char* name, const char* description) {
    return json{{"name", name}, {"in", "query"}, {"description", description}, {"schema", {{"type", "string"}}}};
  };
  (*paths)["/v1/datasets:upload"]["post"] = {
      {"operationId", "WorkspaceService_UploadDatasetFile"},
      {"tags", {"WorkspaceService"}},
      {"summary", "Uploads a data file (the raw request body) as a stored dataset."},
      {"description", "The file's bytes as the body; read by the gateway (CSV, .xlsx, .dta, .sav, .sas7bdat "
                      "by fileName's extension) and streamed to WorkspaceService.CreateDataset: a CSV as it "
                      "arrives (column types decided on its first MiB), other formats once spooled "
                      "complete. Over --max_body_mb: 413; an upload cut short stores nothing.\n\ngRPC: "
                      "`/govmetrics.workspace.v1.WorkspaceService/CreateDataset` (client streaming)"},
      {"parameters", {query("fileName", "File name; its extension picks the reader (default upload.csv)."),
                      query("displayName", "Free text (default: the file name)."),
                      query("entity", "Entity column (default entity)."),
                      query("period", "Period column (default period)."),
                      query("sheet", "Workbook sheet (default: the first).")}},
      {"requestBody", {{"required", true}, {"content", {{"application/octet-stream",
                        {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}}},
      {"responses", {{"200", {{"description", "OK"}, {"content", {{"application/json",
                        {{"schema", {{"$ref", Ref(reply->full_name())}}}}}}}}},
                     {"default", {{"$ref", "#/components/responses/Error"}}}}}};
}

}  // namespace

std::string OpenApiDocument(const RouteTable& routes, const std::string& version) {
  SchemaBuilder schemas;
  json paths = json::object();
  std::map<const google::protobuf::MethodDescriptor*, int> bindings;
  for (const Route& route : routes.routes()) {
    paths[route.path.OpenApiPath()][absl::AsciiStrToLower(route.http_method)] =
        Operation(route, bindings[route.method]++, &schemas);
  }
  AddUploadOperation(routes, &schemas, &paths);
  json components = {{"schemas", schemas.Build()},
                     {"responses", {{"Error", {{"description", "Error (AIP-193)"},
                                               {"content", {{"application/json", {{"schema", {{"$ref", Ref("Error")}}}}}}}}}}},
                     {"securitySchemes", {{"bearerAuth", {{"type", "http"}, {"scheme", "bearer"}}}}}};
  components["schemas"]["Error"] = ErrorSchema();
  json document = {
      {"openapi", "3.0.3"},
      {"info", {{"title", "govmetrics HTTP/JSON API"}, {"version", version},
                {"description", "Every RPC of the govmetrics services over HTTP/JSON (canonical protobuf "
                                "JSON mapping). Generated from the .proto files' google.api.http "
                                "annotations; see docs/api.md. Deadline: X-Server-Timeout header (seconds)."}}},
      {"servers", {{{"url", "/"}}}},
      {"security", {{{"bearerAuth", json::array()}}, json::object()}},
      {"paths", paths},
      {"components", components}};
  return document.dump(1);
}

}  // namespace govmetrics::gateway
