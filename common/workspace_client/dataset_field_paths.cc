#include "common/workspace_client/dataset_field_paths.h"

#include <cstdint>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "common/contracts/field_violations.h"
#include "google/rpc/error_details.pb.h"

namespace govmetrics::workspace_client {
namespace {

constexpr absl::string_view kPanel = "panel";

bool IsIdentifier(absl::string_view name) {
  if (name.empty() || absl::ascii_isdigit(name[0])) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '_') return false;
  }
  return true;
}

// ".name", or ["name"] when the name is not an identifier (spaces, dots, CJK).
std::string Member(absl::string_view name) {
  if (IsIdentifier(name)) return absl::StrCat(".", name);
  return absl::StrCat("[\"", absl::CEscape(name), "\"]");
}

// Consumes `prefix` + digits + "]" from the front of `rest`; the number, or nullopt
// (then `rest` is unchanged).
std::optional<int64_t> TakeIndex(absl::string_view prefix, absl::string_view* rest) {
  if (!absl::StartsWith(*rest, prefix)) return std::nullopt;
  const absl::string_view after = rest->substr(prefix.size());
  const size_t close = after.find(']');
  int64_t index = 0;
  if (close == absl::string_view::npos || !absl::SimpleAtoi(after.substr(0, close), &index) ||
      index < 0) {
    return std::nullopt;
  }
  *rest = after.substr(close + 1);
  return index;
}

// "columns[i]..." or "labels[i]..." (after "panel."): the rewritten path, or nullopt.
std::optional<std::string> NamedPath(absl::string_view kind, const std::vector<std::string>& names,
                                     absl::string_view rest) {
  const std::optional<int64_t> index = TakeIndex(absl::StrCat(kind, "["), &rest);
  if (!index || *index >= static_cast<int64_t>(names.size())) return std::nullopt;
  const std::string& name = names[static_cast<size_t>(*index)];
  if (const std::optional<int64_t> row = TakeIndex(".values[", &rest)) {
    return absl::StrCat("dataset.rows[", *row, "]", Member(name), rest);
  }
  return absl::StrCat("dataset.", kind, Member(name), rest);
}

// "entity[r]..." or "period[r]..." (after "panel."): the rewritten path, or nullopt.
std::optional<std::string> RowKeyPath(absl::string_view key, absl::string_view rest) {
  const std::optional<int64_t> row = TakeIndex(absl::StrCat(key, "["), &rest);
  if (!row) return std::nullopt;
  return absl::StrCat("dataset.rows[", *row, "].", key, rest);
}

// A message that starts with a path ("panel.columns[2].values[17]: infinite value ...").
std::string RewriteLeadingPath(absl::string_view message, const ReadPanelNames& names) {
  const size_t colon = message.find(": ");
  if (colon == absl::string_view::npos) return std::string(message);
  return absl::StrCat(DatasetFieldPath(std::string(message.substr(0, colon)), names),
                      message.substr(colon));
}

std::optional<absl::Cord> RewrittenBadRequest(const absl::Cord& payload,
                                              const ReadPanelNames& names) {
  google::rpc::BadRequest bad_request;
  if (!bad_request.ParseFromString(std::string(payload))) return std::nullopt;
  for (auto& violation : *bad_request.mutable_field_violations()) {
    violation.set_field(DatasetFieldPath(violation.field(), names));
  }
  return absl::Cord(bad_request.SerializeAsString());
}

std::optional<absl::Cord> RewrittenPreconditionFailure(const absl::Cord& payload,
                                                       const ReadPanelNames& names) {
  google::rpc::PreconditionFailure failure;
  if (!failure.ParseFromString(std::string(payload))) return std::nullopt;
  for (auto& violation : *failure.mutable_violations()) {
    violation.set_subject(DatasetFieldPath(violation.subject(), names));
    violation.set_description(RewriteLeadingPath(violation.description(), names));
  }
  return absl::Cord(failure.SerializeAsString());
}

}  // namespace

ReadPanelNames NamesOf(const common::v1::Panel& panel) {
  ReadPanelNames names;
  for (const auto& column : panel.columns()) names.columns.push_back(column.name());
  for (const auto& label : panel.labels()) names.labels.push_back(label.name());
  return names;
}

std::string DatasetFieldPath(const std::string& path, const ReadPanelNames& names) {
  absl::string_view rest = path;
  if (!absl::StartsWith(rest, kPanel)) return path;
  rest.remove_prefix(kPanel.size());
  if (!rest.empty() && rest[0] != '.' && rest[0] != '[') return path;  // e.g. "panelist"
  if (absl::ConsumePrefix(&rest, ".")) {
    std::optional<std::string> named = NamedPath("columns", names.columns, rest);
    if (!named) named = NamedPath("labels", names.labels, rest);
    if (!named) named = RowKeyPath("entity", rest);
    if (!named) named = RowKeyPath("period", rest);
    if (named) return *named;
    return absl::StrCat("dataset.", rest);
  }
  return absl::StrCat("dataset", rest);
}

absl::Status InDatasetTerms(absl::Status status, const ReadPanelNames& names) {
  if (status.ok()) return status;
  absl::Status out(status.code(), RewriteLeadingPath(status.message(), names));
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    std::optional<absl::Cord> rewritten;
    if (type_url == contracts::kBadRequestTypeUrl) rewritten = RewrittenBadRequest(payload, names);
    if (type_url == contracts::kPreconditionFailureTypeUrl) {
      rewritten = RewrittenPreconditionFailure(payload, names);
    }
    out.SetPayload(type_url, rewritten ? *rewritten : payload);
  });
  return out;
}

}  // namespace govmetrics::workspace_client
