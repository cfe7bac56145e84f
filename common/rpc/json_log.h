#ifndef GOVMETRICS_COMMON_RPC_JSON_LOG_H_
#define GOVMETRICS_COMMON_RPC_JSON_LOG_H_

// One JSON object per line on stderr: easy for people to grep and for log shippers
// (Loki, Cloud Logging, Elasticsearch) to parse without a format definition.
// Debian's Abseil has no absl/log, and a logging framework would be a heavy dependency
// for what is a handful of structured lines.

#include <string>

#include "absl/strings/string_view.h"

namespace govmetrics::rpc {

class LogLine {
 public:
  // `event` becomes the "event" field; a UTC timestamp is added as "ts".
  explicit LogLine(absl::string_view event, absl::string_view level = "info");
  LogLine& Str(absl::string_view key, absl::string_view value);
  LogLine& Int(absl::string_view key, long long value);
  LogLine& Num(absl::string_view key, double value);
  LogLine& Bool(absl::string_view key, bool value);
  // Writes the line atomically (one write under a mutex).
  void Emit();

 private:
  void Key(absl::string_view key);
  std::string buffer_;
};

// JSON string escaping (quotes included), shared by the logger and report renderers.
std::string JsonQuote(absl::string_view text);

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_JSON_LOG_H_
