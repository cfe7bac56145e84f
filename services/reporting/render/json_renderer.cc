#include "services/reporting/render/json_renderer.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/rpc/json_log.h"
#include "google/protobuf/util/json_util.h"

namespace govmetrics::reporting {

std::string RenderJson(const reporting::v1::Report& report) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(report, &json, options);
  if (!status.ok()) {
    // Cannot happen for a well-formed message; still a valid JSON document, never a crash.
    return absl::StrCat("{\"error\": ", rpc::JsonQuote(std::string(status.message())), "}\n");
  }
  if (json.empty() || json.back() != '\n') json += '\n';
  return json;
}

}  // namespace govmetrics::reporting
