#ifndef GOVMETRICS_COMMON_WORKSPACE_CLIENT_PANEL_CACHE_H_
#define GOVMETRICS_COMMON_WORKSPACE_CLIENT_PANEL_CACHE_H_

// The compute services' small cache of panels read from the workspace, so that a series
// of calls on one dataset (a study's dozens of fits, an analyst's retries) reads it once.
// Keyed by the dataset's fingerprint and the columns read: the same bytes under any
// dataset name share one entry, and a dataset cannot change under its fingerprint, so
// entries never go stale (access is checked on every call before the cache is asked).
// Bounded in bytes, least recently used first out; a panel larger than the whole budget
// is not kept.

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <utility>
#include <variant>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "common/contracts/columnar_panel.h"
#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics::workspace_client {

// A panel as read: a protobuf Panel, or columns (contracts::ColumnarPanel).
using CachedPanel = std::variant<std::shared_ptr<const common::v1::Panel>,
                                 std::shared_ptr<const contracts::ColumnarPanel>>;

class PanelCache {
 public:
  explicit PanelCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The cached panel of type T, now the most recently used; null when absent (or held
  // as the other type: callers key the two forms apart).
  template <typename T = common::v1::Panel>
  std::shared_ptr<const T> Find(const std::string& key) {
    CachedPanel found = FindEntry(key);
    auto* typed = std::get_if<std::shared_ptr<const T>>(&found);
    return typed != nullptr ? *typed : nullptr;
  }
  // Keeps `panel` (of `bytes` bytes), evicting the least recently used entries to fit;
  // false when it is larger than the whole budget (not kept).
  template <typename T>
  bool Insert(const std::string& key, std::shared_ptr<const T> panel, size_t bytes) {
    return InsertEntry(key, CachedPanel(std::move(panel)), bytes);
  }

  size_t bytes() const;
  size_t entries() const;

 private:
  struct Entry {
    std::string key;
    CachedPanel panel;
    size_t bytes;
  };
  CachedPanel FindEntry(const std::string& key);
  bool InsertEntry(const std::string& key, CachedPanel panel, size_t bytes);
  void EvictTo(size_t budget) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_bytes_;
  mutable absl::Mutex mu_;
  std::list<Entry> recent_ ABSL_GUARDED_BY(mu_);  // most recently used first
  absl::flat_hash_map<std::string, std::list<Entry>::iterator> by_key_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace govmetrics::workspace_client

#endif  // GOVMETRICS_COMMON_WORKSPACE_CLIENT_PANEL_CACHE_H_
