#include "services/workspace/recycled_strings.h"

#include <utility>

namespace govmetrics::workspace {
namespace {

// What a lent slice owns: its bytes, and the recycler they go back to.
struct Loan {
  std::shared_ptr<StringRecycler> owner;
  int key;
  std::string bytes;
};

}  // namespace

std::shared_ptr<StringRecycler> StringRecycler::Create(int keep_per_key) {
  return std::shared_ptr<StringRecycler>(new StringRecycler(keep_per_key));
}

std::string StringRecycler::Take(int key) {
  std::string bytes = Pop(key);
  bytes.clear();  // keeps the capacity
  return bytes;
}

std::string StringRecycler::TakeForOverwrite(int key) { return Pop(key); }

std::string StringRecycler::Pop(int key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto found = free_.find(key);
  if (found == free_.end() || found->second.empty()) return std::string();
  std::string bytes = std::move(found->second.back());
  found->second.pop_back();
  return bytes;
}

grpc::Slice StringRecycler::Lend(int key, std::string bytes) {
  auto* loan = new Loan{shared_from_this(), key, std::move(bytes)};
  return grpc::Slice(loan->bytes.data(), loan->bytes.size(), [](void* user_data) {
    std::unique_ptr<Loan> returned(static_cast<Loan*>(user_data));
    returned->owner->Return(returned->key, std::move(returned->bytes));
  }, loan);
}

void StringRecycler::Return(int key, std::string bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& waiting = free_[key];
  if (static_cast<int>(waiting.size()) < keep_per_key_) waiting.push_back(std::move(bytes));
}

int StringRecycler::waiting() const {
  std::lock_guard<std::mutex> lock(mu_);
  int count = 0;
  for (const auto& [key, strings] : free_) count += static_cast<int>(strings.size());
  return count;
}

}  // namespace govmetrics::workspace
