#ifndef GOVMETRICS_SERVICES_GATEWAY_PATH_TEMPLATE_H_
#define GOVMETRICS_SERVICES_GATEWAY_PATH_TEMPLATE_H_

// A google.api.http path template ("/v1/{name=datasets/*}:share", "/v1/index:compute")
// compiled once to a regular expression. Grammar (google/api/http.proto):
//   Template = "/" Segments [ ":" Verb ] ;   Segment = "*" | "**" | LITERAL | Variable ;
//   Variable = "{" FieldPath [ "=" Segments ] "}"   ({x} means {x=*}).
// A `*` matches one path segment, `**` the rest of the path; a variable binds what its
// segments matched to a request field.

#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace govmetrics::gateway {

// (field path, value) pairs bound by a match, in template order; values are
// percent-decoded.
using PathBindings = std::vector<std::pair<std::string, std::string>>;

class PathTemplate {
 public:
  static absl::StatusOr<PathTemplate> Parse(absl::string_view text);

  // True when `path` (no query string) matches; fills `bindings`.
  bool Match(absl::string_view path, PathBindings* bindings) const;

  const std::string& text() const { return text_; }
  // Field paths of the variables, in order.
  const std::vector<std::string>& variables() const { return variables_; }
  // The path in OpenAPI form: "/v1/{name}:share" (a variable's pattern is described in
  // the parameter, not the path).
  std::string OpenApiPath() const;

 private:
  std::string text_;
  std::vector<std::string> variables_;
  std::regex regex_;
};

}  // namespace govmetrics::gateway

#endif  // GOVMETRICS_SERVICES_GATEWAY_PATH_TEMPLATE_H_
