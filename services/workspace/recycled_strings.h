#ifndef GOVMETRICS_SERVICES_WORKSPACE_RECYCLED_STRINGS_H_
#define GOVMETRICS_SERVICES_WORKSPACE_RECYCLED_STRINGS_H_

// Byte strings lent to gRPC as slices without a copy, and taken back for reuse once gRPC
// has sent them and dropped the slice. A ReadDataset stream sends megabytes per message;
// serialising each message into fresh gRPC buffers cost a copy plus a page fault on every
// fresh page (on this VM as much as the copy), and fresh strings per chunk the same again.
// With a recycler a stream touches the same few buffers from the second chunk on.
//
// Strings come back under the key they were lent with (a stored part's number, say), so a
// buffer is reused for bytes of about the same size. At most `keep_per_key` strings wait
// per key; more are freed (memory stays bounded whatever gRPC does). Thread-safe: gRPC
// drops slices on its own threads, possibly after the stream has ended (the slices share
// ownership of the recycler).

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "grpcpp/support/slice.h"

namespace govmetrics::workspace {

class StringRecycler : public std::enable_shared_from_this<StringRecycler> {
 public:
  static std::shared_ptr<StringRecycler> Create(int keep_per_key);

  // An empty string; with the capacity of one lent under `key` earlier when one is back.
  std::string Take(int key);
  // The same without clearing it: the string keeps the size and bytes it was sent with,
  // for a reader that overwrites it in place (resizing a string to the size it has writes
  // nothing, where growing a cleared one zeroes every byte first).
  std::string TakeForOverwrite(int key);
  // A slice over `bytes` (no copy); the string comes back under `key` when gRPC drops it.
  grpc::Slice Lend(int key, std::string bytes);
  // How many strings wait to be reused (for tests).
  int waiting() const;

 private:
  explicit StringRecycler(int keep_per_key) : keep_per_key_(keep_per_key) {}
  void Return(int key, std::string bytes);
  std::string Pop(int key);  // as it came back; empty when none waits

  const int keep_per_key_;
  mutable std::mutex mu_;
  std::map<int, std::vector<std::string>> free_;
};

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_RECYCLED_STRINGS_H_
