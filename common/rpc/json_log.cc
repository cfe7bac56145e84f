#include "common/rpc/json_log.h"

#include <cmath>
#include <cstdio>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace govmetrics::rpc {

std::string JsonQuote(absl::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += static_cast<char>(c);  // UTF-8 passes through unchanged.
        }
    }
  }
  out += "\"";
  return out;
}

namespace {

// "2026-11-27T11:20:40.360Z". Formatting a time through the civil-time library costs
// more than the rest of a log line; the date-and-seconds part changes once a second, so
// each thread keeps it and only appends the milliseconds.
std::string TimestampNow() {
  thread_local int64_t cached_second = -1;
  thread_local std::string cached_prefix;
  const absl::Time now = absl::Now();
  const int64_t millis = absl::ToUnixMillis(now);
  const int64_t second = millis / 1000 - (millis % 1000 < 0 ? 1 : 0);
  if (second != cached_second) {
    cached_second = second;
    cached_prefix =
        absl::FormatTime("%Y-%m-%dT%H:%M:%S", absl::FromUnixSeconds(second), absl::UTCTimeZone());
  }
  return absl::StrFormat("%s.%03dZ", cached_prefix, millis - second * 1000);
}

}  // namespace

LogLine::LogLine(absl::string_view event, absl::string_view level) {
  buffer_ = "{";
  Str("ts", TimestampNow());
  Str("level", level);
  Str("event", event);
}

void LogLine::Key(absl::string_view key) {
  if (buffer_.size() > 1) buffer_ += ",";
  absl::StrAppend(&buffer_, JsonQuote(key), ":");
}

LogLine& LogLine::Str(absl::string_view key, absl::string_view value) {
  Key(key);
  buffer_ += JsonQuote(value);
  return *this;
}

LogLine& LogLine::Int(absl::string_view key, long long value) {
  Key(key);
  absl::StrAppend(&buffer_, value);
  return *this;
}

LogLine& LogLine::Num(absl::string_view key, double value) {
  Key(key);
  if (std::isfinite(value)) {
    absl::StrAppend(&buffer_, absl::StrFormat("%.6g", value));
  } else {
    buffer_ += "null";  // JSON has no NaN / Inf.
  }
  return *this;
}

LogLine& LogLine::Bool(absl::string_view key, bool value) {
  Key(key);
  buffer_ += value ? "true" : "false";
  return *this;
}

void LogLine::Emit() {
  static std::mutex* mutex = new std::mutex;
  buffer_ += "}\n";
  std::lock_guard<std::mutex> lock(*mutex);
  std::fwrite(buffer_.data(), 1, buffer_.size(), stderr);
  std::fflush(stderr);
}

}  // namespace govmetrics::rpc
