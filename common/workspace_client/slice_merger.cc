#include "common/workspace_client/slice_merger.h"

#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace govmetrics::workspace_client {
namespace {

absl::flat_hash_map<std::string, int32_t> CodesOf(const std::vector<std::string>& names) {
  absl::flat_hash_map<std::string, int32_t> codes;
  codes.reserve(names.size());
  for (size_t i = 0; i < names.size(); ++i) codes.emplace(names[i], static_cast<int32_t>(i));
  return codes;
}

// Appends `slice_codes` mapped through `to_result` (a slice's codes are in range: the
// parser checked them against its dictionary).
void AppendMapped(const std::vector<int32_t>& slice_codes, const std::vector<int32_t>& to_result,
                  std::vector<int32_t>* codes) {
  const size_t first = codes->size();
  codes->resize(first + slice_codes.size());
  int32_t* out = codes->data() + first;
  for (size_t i = 0; i < slice_codes.size(); ++i) out[i] = to_result[slice_codes[i]];
}

absl::Status Mismatch(const char* what, const std::vector<std::string>& got,
                      const std::vector<std::string>& want) {
  return absl::DataLossError(absl::StrCat("a slice of the read has ", what, " [",
                                          absl::StrJoin(got, ", "), "] instead of [",
                                          absl::StrJoin(want, ", "), "]"));
}

}  // namespace

std::vector<int32_t> SliceMerger::Dictionary::Merge(const std::vector<std::string>& slice_names,
                                                    std::vector<std::string>* names) {
  std::vector<int32_t> to_result(slice_names.size());
  for (size_t i = 0; i < slice_names.size(); ++i) {
    auto [it, added] = codes.try_emplace(slice_names[i], static_cast<int32_t>(names->size()));
    if (added) names->push_back(slice_names[i]);
    to_result[i] = it->second;
  }
  return to_result;
}

SliceMerger::SliceMerger(contracts::ColumnarPanel first) : panel_(std::move(first)) {
  entities_.codes = CodesOf(panel_.entity_names);
  for (const auto& levels : panel_.label_levels) labels_.push_back({CodesOf(levels)});
}

absl::Status SliceMerger::Append(const contracts::ColumnarPanel& slice) {
  if (slice.column_names != panel_.column_names) {
    return Mismatch("columns", slice.column_names, panel_.column_names);
  }
  if (slice.label_names != panel_.label_names) {
    return Mismatch("labels", slice.label_names, panel_.label_names);
  }
  // The join runs after the streams' last byte, when the workspace no longer needs a
  // core: the periods, which need no dictionary, are copied on a second thread while this
  // one joins the dictionaries and maps the codes (at 1e8 rows over 2 streams each side
  // takes some hundreds of ms, mostly the first touch of the result's pages).
  std::thread periods([&] {
    panel_.period.insert(panel_.period.end(), slice.period.begin(), slice.period.end());
  });
  const std::vector<int32_t> to_result = entities_.Merge(slice.entity_names, &panel_.entity_names);
  AppendMapped(slice.entity, to_result, &panel_.entity);
  panel_.checks.Join(slice.checks, to_result);
  for (size_t l = 0; l < labels_.size(); ++l) {
    AppendMapped(slice.labels[l], labels_[l].Merge(slice.label_levels[l], &panel_.label_levels[l]),
                 &panel_.labels[l]);
  }
  periods.join();
  return absl::OkStatus();
}

contracts::ColumnarPanel SliceMerger::Finish(Eigen::MatrixXd values) && {
  panel_.values = std::move(values);
  panel_.checks.Finish();
  return std::move(panel_);
}

}  // namespace govmetrics::workspace_client
