#include "common/rpc/call_admission.h"

#include <mutex>

#include "absl/container/flat_hash_map.h"

namespace govmetrics::rpc {
namespace {

struct Table {
  std::mutex mutex;
  absl::flat_hash_map<const grpc::ServerContextBase*, Admission> entries;
};

Table& GetTable() {
  static auto* table = new Table;  // immortal: calls may end during static destruction
  return *table;
}

}  // namespace

void SetAdmission(const grpc::ServerContextBase* context, Admission admission) {
  Table& table = GetTable();
  std::lock_guard<std::mutex> lock(table.mutex);
  table.entries[context] = std::move(admission);
}

std::optional<Admission> GetAdmission(const grpc::ServerContextBase* context) {
  Table& table = GetTable();
  std::lock_guard<std::mutex> lock(table.mutex);
  auto it = table.entries.find(context);
  if (it == table.entries.end()) return std::nullopt;
  return it->second;
}

void ClearAdmission(const grpc::ServerContextBase* context) {
  Table& table = GetTable();
  std::lock_guard<std::mutex> lock(table.mutex);
  table.entries.erase(context);
}

}  // namespace govmetrics::rpc
