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

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics::workspace_client {

class PanelCache {
 public:
  explicit PanelCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The cached panel, now the most recently used; null when absent.
  std::shared_ptr<const common::v1::Panel> Find(const std::string& key);
  // Keeps `panel` (of `bytes` bytes), evicting the least recently used entries to fit.
  void Insert(const std::string& key, std::shared_ptr<const common::v1::Panel> panel, size_t bytes);

  size_t bytes() const;
  size_t entries() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const common::v1::Panel> panel;
    size_t bytes;
  };
  void EvictTo(size_t budget) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_bytes_;
  mutable absl::Mutex mu_;
  std::list<Entry> recent_ ABSL_GUARDED_BY(mu_);  // most recently used first
  absl::flat_hash_map<std::string, std::list<Entry>::iterator> by_key_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace govmetrics::workspace_client

#endif  // GOVMETRICS_COMMON_WORKSPACE_CLIENT_PANEL_CACHE_H_
