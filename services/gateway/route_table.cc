#include "services/gateway/route_table.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/api/annotations.pb.h"

namespace govmetrics::gateway {
namespace {

using google::protobuf::MethodDescriptor;

// Verb and template of a rule; an empty verb when the rule has no pattern.
std::pair<std::string, std::string> VerbAndPath(const google::api::HttpRule& rule) {
  switch (rule.pattern_case()) {
    case google::api::HttpRule::kGet: return {"GET", rule.get()};
    case google::api::HttpRule::kPut: return {"PUT", rule.put()};
    case google::api::HttpRule::kPost: return {"POST", rule.post()};
    case google::api::HttpRule::kDelete: return {"DELETE", rule.delete_()};
    case google::api::HttpRule::kPatch: return {"PATCH", rule.patch()};
    case google::api::HttpRule::kCustom: return {rule.custom().kind(), rule.custom().path()};
    default: return {"", ""};
  }
}

absl::StatusOr<Route> RouteOf(const MethodDescriptor* method, const google::api::HttpRule& rule) {
  auto [verb, path] = VerbAndPath(rule);
  if (verb.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(method->full_name(), ": HTTP rule without a path"));
  }
  if (method->client_streaming()) {
    return absl::InvalidArgumentError(
        absl::StrCat(method->full_name(), ": client-streaming methods have no HTTP/JSON binding"));
  }
  auto parsed = PathTemplate::Parse(path);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(method->full_name(), ": ", parsed.status().message()));
  }
  Route route{verb, *std::move(parsed), rule.body(), rule.response_body(), method,
              absl::StrCat("/", method->service()->full_name(), "/", method->name())};
  return route;
}

bool Served(const std::string& service, const std::vector<std::string>& prefixes) {
  for (const std::string& prefix : prefixes) {
    if (absl::StartsWith(service, prefix)) return true;
  }
  return false;
}

}  // namespace

const std::vector<std::string>& ServedPackagePrefixes() {
  static const auto* prefixes = new std::vector<std::string>{"govmetrics.", "google.longrunning."};
  return *prefixes;
}

absl::StatusOr<RouteTable> RouteTable::FromFiles(
    const std::vector<const google::protobuf::FileDescriptor*>& files,
    const std::vector<std::string>& package_prefixes) {
  RouteTable table;
  for (const auto* file : files) {
    for (int s = 0; s < file->service_count(); ++s) {
      const auto* service = file->service(s);
      if (!Served(service->full_name(), package_prefixes)) continue;
      for (int m = 0; m < service->method_count(); ++m) {
        const MethodDescriptor* method = service->method(m);
        if (!method->options().HasExtension(google::api::http)) continue;
        const google::api::HttpRule& rule = method->options().GetExtension(google::api::http);
        std::vector<const google::api::HttpRule*> rules = {&rule};
        for (const auto& extra : rule.additional_bindings()) rules.push_back(&extra);
        for (const auto* r : rules) {
          auto route = RouteOf(method, *r);
          if (!route.ok()) return route.status();
          for (const Route& existing : table.routes_) {
            if (existing.http_method == route->http_method &&
                existing.path.text() == route->path.text()) {
              return absl::InvalidArgumentError(absl::StrCat(
                  route->http_method, " ", route->path.text(), " is bound twice: ",
                  existing.method->full_name(), " and ", method->full_name()));
            }
          }
          table.routes_.push_back(*std::move(route));
        }
      }
    }
  }
  return table;
}

const Route* RouteTable::Find(absl::string_view http_method, absl::string_view path,
                              PathBindings* bindings, bool* path_matched) const {
  *path_matched = false;
  for (const Route& route : routes_) {
    if (!route.path.Match(path, bindings)) continue;
    if (route.http_method == http_method) return &route;
    *path_matched = true;
  }
  bindings->clear();
  return nullptr;
}

}  // namespace govmetrics::gateway
