#include "common/workspace_client/panel_cache.h"

#include <utility>

namespace govmetrics::workspace_client {

CachedPanel PanelCache::FindEntry(const std::string& key) {
  absl::MutexLock lock(&mu_);
  auto it = by_key_.find(key);
  if (it == by_key_.end()) return CachedPanel();
  recent_.splice(recent_.begin(), recent_, it->second);
  return it->second->panel;
}

bool PanelCache::InsertEntry(const std::string& key, CachedPanel panel, size_t bytes) {
  if (bytes > max_bytes_) return false;
  absl::MutexLock lock(&mu_);
  if (auto it = by_key_.find(key); it != by_key_.end()) {
    bytes_ -= it->second->bytes;
    recent_.erase(it->second);
    by_key_.erase(it);
  }
  EvictTo(max_bytes_ - bytes);
  recent_.push_front(Entry{key, std::move(panel), bytes});
  by_key_[key] = recent_.begin();
  bytes_ += bytes;
  return true;
}

void PanelCache::EvictTo(size_t budget) {
  while (bytes_ > budget && !recent_.empty()) {
    bytes_ -= recent_.back().bytes;
    by_key_.erase(recent_.back().key);
    recent_.pop_back();
  }
}

size_t PanelCache::bytes() const {
  absl::MutexLock lock(&mu_);
  return bytes_;
}

size_t PanelCache::entries() const {
  absl::MutexLock lock(&mu_);
  return recent_.size();
}

}  // namespace govmetrics::workspace_client
