#ifndef GOVMETRICS_SERVICES_WORKSPACE_RECYCLED_STRINGS_H_
#define GOVMETRICS_SERVICES_WORKSPACE_RECYCLED_STRINGS_H_

// Byte strings lent to gRPC as slices without a copy, and taken back for reuse once gRPC
// has sent them and dropped the slice. A ReadDataset stream sends megabytes per message;
// serialising each message into fresh gRPC buffers cost a copy plus a page fault on every
// fresh page (on this VM as much as the copy), and fresh strings per chunk the same again.
//
// One recycler serves every ReadDataset stream of the process, so a stream's first chunks
// reuse the memory of the streams before it and concurrent streams (the slices of one
// read) share one set of buffers, instead of each stream faulting in its own. Strings are
// matched by capacity: a take of n bytes gets a waiting string with room for n and at most
// twice that (a 2 MiB part never sits in a 20 KiB slot), or a new one. At most
// `max_waiting_bytes` of capacity wait; strings beyond that are freed (the memory an idle
// server keeps is bounded whatever gRPC does; 0 turns reuse off). Thread-safe: gRPC drops
// slices on its own threads, possibly after the stream has ended (the slices share
// ownership of the recycler).

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "grpcpp/support/slice.h"

namespace govmetrics::workspace {

class StringRecycler : public std::enable_shared_from_this<StringRecycler> {
 public:
  static std::shared_ptr<StringRecycler> Create(size_t max_waiting_bytes);

  // An empty string with room for at least `capacity` bytes.
  std::string Take(size_t capacity);
  // A string of exactly `size` bytes whose contents are unspecified, for a reader that
  // overwrites them: a reused string is resized without being cleared first (only bytes
  // past its old size are written), where a new one is zero-filled by the resize.
  std::string TakeForOverwrite(size_t size);
  // A slice over `bytes` (no copy); the string waits for reuse when gRPC drops it.
  grpc::Slice Lend(std::string bytes);
  // How many strings, and how many bytes of capacity, wait to be reused.
  int waiting() const;
  size_t waiting_bytes() const;

 private:
  explicit StringRecycler(size_t max_waiting_bytes) : max_waiting_bytes_(max_waiting_bytes) {}
  void Return(std::string bytes);
  // A waiting string with capacity in [size, 2 * size] (the smallest), else a new one.
  std::string Pop(size_t size);

  const size_t max_waiting_bytes_;
  mutable std::mutex mu_;
  std::multimap<size_t, std::string> free_;  // by capacity
  size_t free_bytes_ = 0;
};

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_RECYCLED_STRINGS_H_
