#include "common/workspace_client/slice_merger.h"

#include <iterator>
#include <numeric>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace govmetrics::workspace_client {
namespace {

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

// The dataset's codes are the result's: each maps to itself.
std::vector<int32_t> Identity(size_t codes) {
  std::vector<int32_t> same(codes);
  std::iota(same.begin(), same.end(), 0);
  return same;
}

}  // namespace

std::vector<int32_t> SliceMerger::Dictionary::Merge(const std::vector<std::string>& slice_names,
                                                    std::vector<std::string>* names) {
  codes.reserve(names->size() + slice_names.size());
  for (; covered < names->size(); ++covered) {
    codes.emplace((*names)[covered], static_cast<int32_t>(covered));
  }
  std::vector<int32_t> to_result(slice_names.size());
  for (size_t i = 0; i < slice_names.size(); ++i) {
    auto [it, added] = codes.try_emplace(slice_names[i], static_cast<int32_t>(names->size()));
    if (added) names->push_back(slice_names[i]);
    to_result[i] = it->second;
  }
  covered = names->size();
  return to_result;
}

absl::Status SliceMerger::AppendEntities(contracts::ColumnarPanel& slice,
                                         std::optional<int64_t> entities_before,
                                         std::vector<int32_t>* to_ours) {
  std::vector<std::string>& names = panel_.entity_names;
  if (!entities_before.has_value()) {
    *to_ours = entities_.Merge(slice.entity_names, &names);
    AppendMapped(slice.entity, *to_ours, &panel_.entity);
    return absl::OkStatus();
  }
  if (*entities_before != static_cast<int64_t>(names.size())) {
    return absl::DataLossError(absl::StrCat(
        "the workspace numbered its entities after ", *entities_before,
        " entities first seen before it, but the slices before it sent ", names.size()));
  }
  // Codes below the slice's first new name were checked by its builder to be known
  // (below entities_before), and the others to be its names in order.
  *to_ours = Identity(names.size() + slice.entity_names.size());
  names.insert(names.end(), std::make_move_iterator(slice.entity_names.begin()),
               std::make_move_iterator(slice.entity_names.end()));
  panel_.entity.insert(panel_.entity.end(), slice.entity.begin(), slice.entity.end());
  return absl::OkStatus();
}

absl::Status SliceMerger::Append(contracts::ColumnarPanel&& slice,
                                 std::optional<int64_t> entities_before) {
  if (!started_) {  // the first slice's codes are the result's (no entity before it)
    if (entities_before.value_or(0) != 0) {
      return absl::DataLossError(absl::StrCat("the workspace numbered the first slice's entities ",
                                              "after ", *entities_before, " others"));
    }
    panel_ = std::move(slice);
    labels_.resize(panel_.label_levels.size());
    started_ = true;
    return absl::OkStatus();
  }
  if (slice.column_names != panel_.column_names) {
    return Mismatch("columns", slice.column_names, panel_.column_names);
  }
  if (slice.label_names != panel_.label_names) {
    return Mismatch("labels", slice.label_names, panel_.label_names);
  }
  // The join runs after the streams' last byte, when the workspace no longer needs a
  // core: the periods, which need no dictionary, are copied on a second thread while this
  // one joins the entities (at 1e8 rows over 2 streams each side takes some hundred ms,
  // mostly the first touch of the result's pages).
  std::thread periods([&] {
    panel_.period.insert(panel_.period.end(), slice.period.begin(), slice.period.end());
  });
  std::vector<int32_t> to_ours;
  absl::Status joined = AppendEntities(slice, entities_before, &to_ours);
  if (joined.ok()) {
    panel_.checks.Join(slice.checks, to_ours);
    panel_.identifiers.Join(slice.identifiers, to_ours);
    for (size_t l = 0; l < labels_.size(); ++l) {
      AppendMapped(slice.labels[l],
                   labels_[l].Merge(slice.label_levels[l], &panel_.label_levels[l]),
                   &panel_.labels[l]);
    }
  }
  periods.join();
  return joined;
}

contracts::ColumnarPanel SliceMerger::Finish(Eigen::MatrixXd values) && {
  panel_.values = std::move(values);
  panel_.checks.Finish();
  return std::move(panel_);
}

}  // namespace govmetrics::workspace_client
