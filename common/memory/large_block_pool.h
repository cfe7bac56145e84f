#ifndef GOVMETRICS_COMMON_MEMORY_LARGE_BLOCK_POOL_H_
#define GOVMETRICS_COMMON_MEMORY_LARGE_BLOCK_POOL_H_

// Large blocks (tens of MB to GB: a dataset read by reference, the engine's input and
// work arrays) whose pages stay mapped after they are freed, for the next call to reuse.
//
// Why: a block the C library returns to the kernel comes back as fresh pages, and on
// the VMs this runs on a fresh page is expensive: first-touch faults and zeroing, and,
// once the host has taken back the freed memory (virtio-balloon free page reporting, a
// couple of seconds after the free), a host-side fault per page as well: 0.4-1 GB/s,
// against 15-30 GB/s to rewrite a page the process still has (docs/performance.md,
// Workspace). A by-reference fit of 1e8 rows touches about 8 GB of such memory per call.
//
// What is kept, and for how long (so that keeping it costs the machine nothing lasting):
// - only blocks of at least `min_block_bytes`, in 2 MiB units (huge pages advised);
// - freed blocks are idle: their pages are handed to the kernel as reclaimable
//   (MADV_FREE: taken back under memory pressure, kept otherwise), adjacent idle blocks
//   merge, and a request takes the smallest idle block that holds it (the rest of it
//   stays idle), so a call that repeats the last one's sizes maps nothing new;
// - at most `max_idle_bytes` idle (the oldest idle blocks are unmapped first), and a
//   block idle for `idle_release` is unmapped (ReleaseIdle).
// A request no idle block holds is mapped fresh. Thread-safe. The pool never allocates
// from the heap (its table of blocks is fixed), so a malloc built on it cannot recurse.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>

namespace govmetrics::memory {

struct LargeBlockPoolOptions {
  size_t min_block_bytes = size_t{32} << 20;  // smaller requests are not the pool's
  size_t max_idle_bytes = 0;                  // mapped memory kept between uses
  std::chrono::steady_clock::duration idle_release = std::chrono::seconds(30);
};

struct LargeBlockPoolStats {
  size_t in_use_bytes = 0;
  size_t idle_bytes = 0;
  int64_t fresh_maps = 0;  // requests served by new mappings
  int64_t reuses = 0;      // requests served by idle blocks
  int64_t unmapped = 0;    // idle blocks given back to the kernel (cap or age)
};

class LargeBlockPool {
 public:
  using Clock = std::chrono::steady_clock;
  // Block addresses and sizes are multiples of this (a huge page).
  static constexpr size_t kAlignment = size_t{2} << 20;
  static constexpr int kMaxBlocks = 256;

  explicit LargeBlockPool(const LargeBlockPoolOptions& options) : options_(options) {}
  // Unmaps every block, in use or not: destroy the pool only once its blocks are freed.
  ~LargeBlockPool();
  LargeBlockPool(const LargeBlockPool&) = delete;
  LargeBlockPool& operator=(const LargeBlockPool&) = delete;

  // A block of at least `bytes`, kAlignment-aligned; null when `bytes` is under
  // min_block_bytes, the block table is full or the kernel refuses the mapping (the
  // caller then uses another allocator). `*zeroed` (optional): whether the block is
  // known to read as zeros (a fresh mapping).
  void* Allocate(size_t bytes, bool* zeroed = nullptr);
  // Gives an in-use block back (it becomes idle); false, and nothing done, when `p` is
  // not the start of a block of this pool in use.
  bool Free(void* p);
  // The bytes usable at `p` (a block in use), 0 when `p` is not one.
  size_t CapacityOf(const void* p) const;
  // Resizes the block at `p` in place: a smaller size hands its tail to the idle blocks,
  // a larger one takes the idle block right after it when that is large enough. Null
  // when it cannot (the caller allocates, copies and frees); `p` is then unchanged.
  void* Resize(void* p, size_t bytes);
  // Unmaps the blocks idle since before now - idle_release; returns how many.
  int ReleaseIdle(Clock::time_point now);

  LargeBlockPoolStats stats() const;
  const LargeBlockPoolOptions& options() const { return options_; }

 private:
  struct Block {
    char* begin = nullptr;
    size_t bytes = 0;
    bool in_use = false;
    Clock::time_point idle_since;
  };
  // Idle blocks to unmap once the lock is released (munmap of GBs takes a while).
  struct Unmaps {
    char* begin[kMaxBlocks];
    size_t bytes[kMaxBlocks];
    int count = 0;
  };

  int FindInUse(const void* p) const;
  int BestIdleFit(size_t bytes) const;
  // Splits block i at `bytes` (less than its size): the tail becomes a new idle block,
  // as old as block i, whose index is returned (-1: table full, nothing split).
  int SplitTail(int i, size_t bytes);
  // Resize of in-use block i to `size` (a multiple of kAlignment).
  bool Shrink(int i, size_t size);
  bool GrowIntoNext(int i, size_t size);
  void RemoveBlock(int i);
  // Merges idle block i with the idle blocks right before and after it.
  void MergeIdleNeighbours(int i);
  // Idle blocks out of the table into `out`, oldest first, until the idle bytes fit `cap`.
  void EvictIdleOver(size_t cap, Unmaps* out);
  void Evict(int i, Unmaps* out);
  static void UnmapAll(const Unmaps& unmaps);
  void* MapFresh(size_t bytes);

  const LargeBlockPoolOptions options_;
  mutable std::mutex mu_;
  Block blocks_[kMaxBlocks];  // guarded by mu_
  int count_ = 0;             // guarded by mu_
  LargeBlockPoolStats stats_;  // guarded by mu_
};

}  // namespace govmetrics::memory

#endif  // GOVMETRICS_COMMON_MEMORY_LARGE_BLOCK_POOL_H_
