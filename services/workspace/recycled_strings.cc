#include "services/workspace/recycled_strings.h"

#include <utility>

namespace govmetrics::workspace {
namespace {

// What a lent slice owns: its bytes, and the recycler they go back to.
struct Loan {
  std::shared_ptr<StringRecycler> owner;
  std::string bytes;
};

}  // namespace

std::shared_ptr<StringRecycler> StringRecycler::Create(size_t max_waiting_bytes) {
  return std::shared_ptr<StringRecycler>(new StringRecycler(max_waiting_bytes));
}

std::string StringRecycler::Take(size_t capacity) {
  std::string bytes = Pop(capacity);
  bytes.clear();  // keeps the capacity
  bytes.reserve(capacity);
  return bytes;
}

std::string StringRecycler::TakeForOverwrite(size_t size) {
  std::string bytes = Pop(size);
  bytes.resize(size);
  return bytes;
}

std::string StringRecycler::Pop(size_t size) {
  std::lock_guard<std::mutex> lock(mu_);
  auto found = free_.lower_bound(size);
  if (found == free_.end() || found->first / 2 > size) return std::string();
  std::string bytes = std::move(found->second);
  free_bytes_ -= found->first;
  free_.erase(found);
  return bytes;
}

grpc::Slice StringRecycler::Lend(std::string bytes) {
  auto* loan = new Loan{shared_from_this(), std::move(bytes)};
  return grpc::Slice(loan->bytes.data(), loan->bytes.size(), [](void* user_data) {
    std::unique_ptr<Loan> returned(static_cast<Loan*>(user_data));
    returned->owner->Return(std::move(returned->bytes));
  }, loan);
}

void StringRecycler::Return(std::string bytes) {
  const size_t capacity = bytes.capacity();
  std::lock_guard<std::mutex> lock(mu_);
  if (free_bytes_ + capacity > max_waiting_bytes_) return;  // freed here, outside the pool
  free_bytes_ += capacity;
  free_.emplace(capacity, std::move(bytes));
}

int StringRecycler::waiting() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(free_.size());
}

size_t StringRecycler::waiting_bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return free_bytes_;
}

}  // namespace govmetrics::workspace
