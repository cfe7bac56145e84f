#ifndef GOVMETRICS_SERVICES_GATEWAY_JSON_TRANSCODER_H_
#define GOVMETRICS_SERVICES_GATEWAY_JSON_TRANSCODER_H_

// HTTP/JSON <-> protobuf binary for a route, with protobuf's canonical JSON mapping
// (google/protobuf/util/json_util.h) over the gateway's descriptor pool. The request
// message is assembled from the body (all of it, one field of it, or nothing, as the
// rule's `body` says), the path variables and, for fields the body does not cover, the
// query parameters ("a.b=1", repeated fields by repetition).

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/type_resolver.h"
#include "services/gateway/path_template.h"
#include "services/gateway/route_table.h"

namespace govmetrics::gateway {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

class JsonTranscoder {
 public:
  explicit JsonTranscoder(const google::protobuf::DescriptorPool* pool);

  // The serialized request message. INVALID_ARGUMENT (message starting with the field
  // path in parentheses when protobuf names one) for malformed JSON, unknown fields,
  // values of the wrong type, or query parameters naming no field.
  absl::StatusOr<std::string> RequestMessage(const Route& route, absl::string_view body,
                                             const PathBindings& bindings,
                                             const QueryParams& query) const;

  // The response body: the whole message, or its `response_body` field.
  absl::StatusOr<std::string> ResponseJson(const Route& route, const std::string& message) const;

  // Any message of the pool, by full name (error details, OpenAPI examples).
  absl::StatusOr<std::string> MessageJson(absl::string_view full_name,
                                          const std::string& message) const;

 private:
  absl::StatusOr<std::string> JsonToBinary(const google::protobuf::Descriptor* type,
                                           absl::string_view json) const;
  const google::protobuf::DescriptorPool* pool_;
  std::unique_ptr<google::protobuf::util::TypeResolver> resolver_;
  mutable google::protobuf::DynamicMessageFactory factory_;
};

// "type.googleapis.com/" + full name: the type URL protobuf's JSON functions take.
std::string TypeUrl(const google::protobuf::Descriptor* type);

}  // namespace govmetrics::gateway

#endif  // GOVMETRICS_SERVICES_GATEWAY_JSON_TRANSCODER_H_
