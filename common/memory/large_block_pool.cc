#include "common/memory/large_block_pool.h"

#include <sys/mman.h>

#include <cstdint>
#include <limits>

namespace govmetrics::memory {
namespace {

size_t RoundUp(size_t bytes) {
  return (bytes + LargeBlockPool::kAlignment - 1) & ~(LargeBlockPool::kAlignment - 1);
}

// Idle pages: the kernel may take them back under memory pressure (they then read as
// zeros), and otherwise leaves them in place, so reusing them costs no fault.
void MarkReclaimable(char* begin, size_t bytes) {
#if defined(MADV_FREE)
  (void)madvise(begin, bytes, MADV_FREE);
#else
  (void)begin;
  (void)bytes;
#endif
}

}  // namespace

LargeBlockPool::~LargeBlockPool() {
  for (int i = 0; i < count_; ++i) munmap(blocks_[i].begin, blocks_[i].bytes);
}

void* LargeBlockPool::MapFresh(size_t bytes) {
  // Over-map by one alignment unit, then cut the ends off: an aligned block of `bytes`.
  const size_t mapped = bytes + kAlignment;
  void* raw = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  char* start = static_cast<char*>(raw);
  char* begin = reinterpret_cast<char*>(
      (reinterpret_cast<uintptr_t>(start) + kAlignment - 1) & ~(uintptr_t{kAlignment} - 1));
  if (begin > start) munmap(start, static_cast<size_t>(begin - start));
  char* end = begin + bytes;
  if (end < start + mapped) munmap(end, static_cast<size_t>(start + mapped - end));
#if defined(MADV_HUGEPAGE)
  (void)madvise(begin, bytes, MADV_HUGEPAGE);  // advisory (THP may be off)
#endif
  return begin;
}

int LargeBlockPool::FindInUse(const void* p) const {
  for (int i = 0; i < count_; ++i) {
    if (blocks_[i].begin == p && blocks_[i].in_use) return i;
  }
  return -1;
}

int LargeBlockPool::BestIdleFit(size_t bytes) const {
  int best = -1;
  for (int i = 0; i < count_; ++i) {
    const Block& b = blocks_[i];
    if (!b.in_use && b.bytes >= bytes && (best < 0 || b.bytes < blocks_[best].bytes)) best = i;
  }
  return best;
}

int LargeBlockPool::SplitTail(int i, size_t bytes) {
  if (count_ == kMaxBlocks) return -1;
  Block& head = blocks_[i];
  blocks_[count_] = Block{head.begin + bytes, head.bytes - bytes, false, head.idle_since};
  head.bytes = bytes;
  return count_++;
}

void LargeBlockPool::RemoveBlock(int i) { blocks_[i] = blocks_[--count_]; }

void LargeBlockPool::MergeIdleNeighbours(int i) {
  for (bool merged = true; merged;) {
    merged = false;
    for (int j = 0; j < count_; ++j) {
      Block& a = blocks_[i];
      Block& b = blocks_[j];
      if (j == i || b.in_use) continue;
      if (a.begin + a.bytes == b.begin || b.begin + b.bytes == a.begin) {
        // The merged block is as old as its newer part (it was last used then).
        a.begin = a.begin < b.begin ? a.begin : b.begin;
        a.bytes += b.bytes;
        if (b.idle_since > a.idle_since) a.idle_since = b.idle_since;
        const int last = count_ - 1;
        RemoveBlock(j);
        if (i == last) i = j;  // block i was moved into slot j
        merged = true;
        break;
      }
    }
  }
}

void* LargeBlockPool::Allocate(size_t bytes, bool* zeroed) {
  if (zeroed != nullptr) *zeroed = false;
  if (bytes < options_.min_block_bytes ||
      bytes > std::numeric_limits<size_t>::max() - 2 * kAlignment) {
    return nullptr;
  }
  const size_t size = RoundUp(bytes);
  {
    std::lock_guard<std::mutex> lock(mu_);
    const int best = BestIdleFit(size);
    if (best >= 0) {
      // The rest stays idle (its neighbours are not: idle neighbours are merged). With
      // the table full the whole block is handed out.
      if (blocks_[best].bytes > size) (void)SplitTail(best, size);
      blocks_[best].in_use = true;
      stats_.idle_bytes -= blocks_[best].bytes;
      stats_.in_use_bytes += blocks_[best].bytes;
      ++stats_.reuses;
      return blocks_[best].begin;
    }
    if (count_ == kMaxBlocks) return nullptr;
  }
  // Mapped outside the lock: no other request waits on the kernel.
  char* begin = static_cast<char*>(MapFresh(size));
  if (begin == nullptr) return nullptr;
  std::lock_guard<std::mutex> lock(mu_);
  if (count_ == kMaxBlocks) {  // filled meanwhile
    munmap(begin, size);
    return nullptr;
  }
  blocks_[count_++] = Block{begin, size, true, Clock::time_point()};
  stats_.in_use_bytes += size;
  ++stats_.fresh_maps;
  if (zeroed != nullptr) *zeroed = true;
  return begin;
}

bool LargeBlockPool::Free(void* p) {
  Unmaps unmaps;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const int i = FindInUse(p);
    if (i < 0) return false;
    Block& b = blocks_[i];
    MarkReclaimable(b.begin, b.bytes);
    b.in_use = false;
    b.idle_since = Clock::now();
    stats_.in_use_bytes -= b.bytes;
    stats_.idle_bytes += b.bytes;
    MergeIdleNeighbours(i);
    EvictIdleOver(options_.max_idle_bytes, &unmaps);
  }
  UnmapAll(unmaps);
  return true;
}

size_t LargeBlockPool::CapacityOf(const void* p) const {
  std::lock_guard<std::mutex> lock(mu_);
  const int i = FindInUse(p);
  return i < 0 ? 0 : blocks_[i].bytes;
}

void* LargeBlockPool::Resize(void* p, size_t bytes) {
  if (bytes > std::numeric_limits<size_t>::max() - 2 * kAlignment) return nullptr;
  const size_t size = RoundUp(bytes == 0 ? 1 : bytes);
  Unmaps unmaps;
  bool resized = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const int i = FindInUse(p);
    if (i < 0) return nullptr;
    resized = size <= blocks_[i].bytes ? Shrink(i, size) : GrowIntoNext(i, size);
    EvictIdleOver(options_.max_idle_bytes, &unmaps);
  }
  UnmapAll(unmaps);
  return resized ? p : nullptr;
}

bool LargeBlockPool::Shrink(int i, size_t size) {
  if (size == blocks_[i].bytes) return true;
  const int tail = SplitTail(i, size);
  if (tail < 0) return true;  // table full: the block keeps its tail
  Block& t = blocks_[tail];
  MarkReclaimable(t.begin, t.bytes);
  t.idle_since = Clock::now();
  stats_.in_use_bytes -= t.bytes;
  stats_.idle_bytes += t.bytes;
  MergeIdleNeighbours(tail);
  return true;
}

bool LargeBlockPool::GrowIntoNext(int i, size_t size) {
  for (int j = 0; j < count_; ++j) {
    const Block& next = blocks_[j];
    if (next.in_use || next.begin != blocks_[i].begin + blocks_[i].bytes ||
        blocks_[i].bytes + next.bytes < size) {
      continue;
    }
    const size_t wanted = size - blocks_[i].bytes;
    if (next.bytes > wanted) (void)SplitTail(j, wanted);  // table full: all of it
    const size_t taken = blocks_[j].bytes;
    blocks_[i].bytes += taken;
    stats_.idle_bytes -= taken;
    stats_.in_use_bytes += taken;
    RemoveBlock(j);
    return true;
  }
  return false;
}

void LargeBlockPool::Evict(int i, Unmaps* out) {
  out->begin[out->count] = blocks_[i].begin;
  out->bytes[out->count] = blocks_[i].bytes;
  ++out->count;
  stats_.idle_bytes -= blocks_[i].bytes;
  ++stats_.unmapped;
  RemoveBlock(i);
}

void LargeBlockPool::EvictIdleOver(size_t cap, Unmaps* out) {
  while (stats_.idle_bytes > cap) {
    int oldest = -1;
    for (int i = 0; i < count_; ++i) {
      if (!blocks_[i].in_use && (oldest < 0 || blocks_[i].idle_since < blocks_[oldest].idle_since)) {
        oldest = i;
      }
    }
    if (oldest < 0) return;
    Evict(oldest, out);
  }
}

void LargeBlockPool::UnmapAll(const Unmaps& unmaps) {
  for (int i = 0; i < unmaps.count; ++i) munmap(unmaps.begin[i], unmaps.bytes[i]);
}

int LargeBlockPool::ReleaseIdle(Clock::time_point now) {
  Unmaps unmaps;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (int i = 0; i < count_;) {
      if (!blocks_[i].in_use && now - blocks_[i].idle_since >= options_.idle_release) {
        Evict(i, &unmaps);  // slot i now holds another block: look at it again
      } else {
        ++i;
      }
    }
  }
  UnmapAll(unmaps);
  return unmaps.count;
}

LargeBlockPoolStats LargeBlockPool::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

}  // namespace govmetrics::memory
