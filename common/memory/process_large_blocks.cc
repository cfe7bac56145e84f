#include "common/memory/process_large_blocks.h"

#include <dlfcn.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "common/memory/arena_retention.h"

// glibc's allocator under its own names: what the definitions below forward to.
extern "C" {
void* __libc_malloc(size_t size);
void __libc_free(void* p);
void* __libc_calloc(size_t count, size_t size);
void* __libc_realloc(void* p, size_t size);
}

namespace govmetrics::memory {
namespace {

// Set once, never cleared (the pool outlives every static destructor that may free).
std::atomic<LargeBlockPool*> process_pool{nullptr};

LargeBlockPool* Pool() { return process_pool.load(std::memory_order_acquire); }

// Wakes often enough that a block is unmapped within half its idle time of expiring.
void ReleaseIdleForever(LargeBlockPool* pool) {
  const auto period = std::max<std::chrono::steady_clock::duration>(
      std::chrono::milliseconds(100), pool->options().idle_release / 2);
  for (;;) {
    std::this_thread::sleep_for(period);
    pool->ReleaseIdle(std::chrono::steady_clock::now());
  }
}

}  // namespace

bool ConfigureProcessLargeBlocks(const LargeBlockPoolOptions& options) {
  if (Pool() != nullptr) return false;
  // Leaked on purpose: blocks may be freed by static destructors after main returns.
  auto* pool = new LargeBlockPool(options);
  LargeBlockPool* expected = nullptr;
  if (!process_pool.compare_exchange_strong(expected, pool)) {
    delete pool;
    return false;
  }
  std::thread(ReleaseIdleForever, pool).detach();
  // The blocks under the pool's minimum stay in the C library's arenas: they must not
  // go back to the kernel after every stream either (arena_retention.h).
  ArenaRetention retention;
  retention.mmap_threshold_bytes = std::min(retention.mmap_threshold_bytes, options.min_block_bytes);
  RetainArenaMemory(retention);
  return true;
}

const LargeBlockPool* ProcessLargeBlockPool() { return Pool(); }

}  // namespace govmetrics::memory

#if !defined(GOVMETRICS_LIBC_MALLOC_ONLY)

namespace govmetrics::memory {
namespace {

// Whether `p` may be a pool block: pool blocks start on a 2 MiB boundary, glibc's
// blocks almost never do, so nearly every free skips the pool's lock.
bool MaybePooled(const void* p) {
  return p != nullptr && (reinterpret_cast<uintptr_t>(p) & (LargeBlockPool::kAlignment - 1)) == 0;
}

LargeBlockPool* PoolOwning(const void* p) {
  LargeBlockPool* pool = Pool();
  return pool != nullptr && MaybePooled(p) && pool->CapacityOf(p) > 0 ? pool : nullptr;
}

size_t LibcUsableSize(void* p) {
  using UsableSize = size_t (*)(void*);
  static const auto libc = reinterpret_cast<UsableSize>(dlsym(RTLD_NEXT, "malloc_usable_size"));
  return libc != nullptr ? libc(p) : 0;
}

}  // namespace
}  // namespace govmetrics::memory

using govmetrics::memory::LargeBlockPool;
using govmetrics::memory::Pool;
using govmetrics::memory::PoolOwning;

extern "C" {

void* malloc(size_t size) noexcept {
  if (LargeBlockPool* pool = Pool()) {
    if (void* block = pool->Allocate(size)) return block;
  }
  return __libc_malloc(size);
}

void free(void* p) noexcept {
  if (govmetrics::memory::MaybePooled(p)) {
    if (LargeBlockPool* pool = Pool(); pool != nullptr && pool->Free(p)) return;
  }
  __libc_free(p);
}

void* calloc(size_t count, size_t size) noexcept {
  LargeBlockPool* pool = Pool();
  size_t bytes = 0;
  if (pool != nullptr && !__builtin_mul_overflow(count, size, &bytes)) {
    bool zeroed = false;
    if (void* block = pool->Allocate(bytes, &zeroed)) {
      if (!zeroed) std::memset(block, 0, bytes);
      return block;
    }
  }
  return __libc_calloc(count, size);
}

void* realloc(void* p, size_t size) noexcept {
  LargeBlockPool* pool = PoolOwning(p);
  if (pool == nullptr) return p == nullptr ? malloc(size) : __libc_realloc(p, size);
  if (size == 0) {  // as glibc: frees, returns null
    pool->Free(p);
    return nullptr;
  }
  if (void* resized = pool->Resize(p, size)) return resized;
  void* moved = malloc(size);
  if (moved == nullptr) return nullptr;  // p stays valid, as realloc promises
  std::memcpy(moved, p, std::min(size, pool->CapacityOf(p)));
  pool->Free(p);
  return moved;
}

size_t malloc_usable_size(void* p) noexcept {
  if (LargeBlockPool* pool = PoolOwning(p)) return pool->CapacityOf(p);
  return p == nullptr ? 0 : govmetrics::memory::LibcUsableSize(p);
}

}  // extern "C"

#endif  // !GOVMETRICS_LIBC_MALLOC_ONLY
