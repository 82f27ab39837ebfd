// DeltaFifo: deltas per key, a FIFO of keys, delete de-duplication and relist deletion detection
// as client-go's delta_fifo.go does them.
#include "kubefake/client/cache/delta_fifo.h"

#include <string_view>
#include <unordered_set>
#include <utility>

namespace kubefake::client::cache {

const char* DeltaTypeName(DeltaType type) {
  switch (type) {
    case DeltaType::kAdded: return "Added";
    case DeltaType::kUpdated: return "Updated";
    case DeltaType::kDeleted: return "Deleted";
    case DeltaType::kReplaced: return "Replaced";
    case DeltaType::kSync: return "Sync";
  }
  return "";
}

DeltaFifo::DeltaFifo(const Indexer* known_objects, KeyFunc key_func)
    : known_objects_(known_objects), key_func_(std::move(key_func)) {}

Result<void> DeltaFifo::Add(ObjectPtr object) {
  Result<std::string> key = key_func_(*object);
  if (!key) return Fail(key.error());
  std::lock_guard lock(mutex_);
  populated_ = true;
  QueueLocked(*key, {DeltaType::kAdded, std::move(object)});
  synced_or_closed_.notify_all();
  return {};
}

Result<void> DeltaFifo::Update(ObjectPtr object) {
  Result<std::string> key = key_func_(*object);
  if (!key) return Fail(key.error());
  std::lock_guard lock(mutex_);
  populated_ = true;
  QueueLocked(*key, {DeltaType::kUpdated, std::move(object)});
  return {};
}

Result<void> DeltaFifo::Delete(ObjectPtr object) {
  Result<std::string> key = key_func_(*object);
  if (!key) return Fail(key.error());
  std::lock_guard lock(mutex_);
  populated_ = true;
  bool known = known_objects_ != nullptr && known_objects_->GetByKey(*key).has_value();
  if (!known && !items_.contains(*key)) return {};
  QueueLocked(*key, {DeltaType::kDeleted, std::move(object)});
  return {};
}

Result<void> DeltaFifo::Replace(std::vector<ObjectPtr> objects) {
  std::vector<std::pair<std::string, ObjectPtr>> keyed;
  keyed.reserve(objects.size());
  for (ObjectPtr& object : objects) {
    Result<std::string> key = key_func_(*object);
    if (!key) return Fail(key.error());
    keyed.emplace_back(std::move(*key), std::move(object));
  }
  ReplaceKeyed(std::move(keyed));
  return {};
}

void DeltaFifo::ReplaceKeyed(std::vector<std::pair<std::string, ObjectPtr>> keyed) {
  // Views of the strings in `keyed`, which outlives it.
  std::unordered_set<std::string_view> keys;
  keys.reserve(keyed.size());
  std::lock_guard lock(mutex_);
  for (auto& [key, object] : keyed) {
    keys.insert(key);
    QueueLocked(key, {DeltaType::kReplaced, std::move(object)});
  }
  int queued_deletions = 0;
  std::vector<std::pair<std::string, ObjectPtr>> vanished;
  for (const auto& [key, deltas] : items_) {
    if (keys.contains(key) || deltas.empty()) continue;
    vanished.emplace_back(key, deltas.back().object);
  }
  if (known_objects_ != nullptr) {
    for (const std::string& key : known_objects_->ListKeys()) {
      if (keys.contains(key) || items_.contains(key)) continue;
      std::optional<ObjectPtr> object = known_objects_->GetByKey(key);
      if (object) vanished.emplace_back(key, *object);
    }
  }
  for (auto& [key, object] : vanished) {
    ++queued_deletions;
    QueueLocked(key, {DeltaType::kDeleted, std::move(object), true});
  }
  if (!populated_) {
    populated_ = true;
    initial_population_count_ = static_cast<int>(keys.size()) + queued_deletions;
  }
  if (HasSyncedLocked()) synced_or_closed_.notify_all();
}

void DeltaFifo::Resync() {
  if (known_objects_ == nullptr) return;
  std::lock_guard lock(mutex_);
  for (const std::string& key : known_objects_->ListKeys()) {
    if (items_.contains(key)) continue;
    std::optional<ObjectPtr> object = known_objects_->GetByKey(key);
    if (object) QueueLocked(key, {DeltaType::kSync, std::move(*object)});
  }
}

bool DeltaFifo::Pop(const std::function<void(const Deltas&, bool)>& process) {
  std::unique_lock lock(mutex_);
  queued_or_closed_.wait(lock, [this] { return !queue_.empty() || closed_; });
  if (closed_) return false;
  std::string key = std::move(queue_.front());
  queue_.pop_front();
  bool is_in_initial_list = !HasSyncedLocked();
  if (initial_population_count_ > 0) --initial_population_count_;
  Deltas deltas = std::move(items_.at(key));
  items_.erase(key);
  process(deltas, is_in_initial_list);
  if (HasSyncedLocked()) synced_or_closed_.notify_all();
  return true;
}

void DeltaFifo::Close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  queued_or_closed_.notify_all();
  synced_or_closed_.notify_all();
}

bool DeltaFifo::HasSynced() const {
  std::lock_guard lock(mutex_);
  return HasSyncedLocked();
}

bool DeltaFifo::WaitForSynced(std::stop_token stop,
                              std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  synced_or_closed_.wait_until(lock, stop, deadline,
                               [this] { return HasSyncedLocked() || closed_; });
  return HasSyncedLocked();
}

Deltas DeltaFifo::Get(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = items_.find(key);
  return it == items_.end() ? Deltas{} : it->second;
}

std::vector<std::string> DeltaFifo::ListKeys() const {
  std::lock_guard lock(mutex_);
  return {queue_.begin(), queue_.end()};
}

void DeltaFifo::QueueLocked(const std::string& key, Delta delta) {
  auto [it, inserted] = items_.try_emplace(key);
  Deltas& deltas = it->second;
  // A Sync after a queued deletion would resurrect the object downstream.
  if (delta.type == DeltaType::kSync && !deltas.empty() &&
      deltas.back().type == DeltaType::kDeleted) {
    return;
  }
  deltas.push_back(std::move(delta));
  size_t n = deltas.size();
  if (n >= 2 && deltas[n - 1].type == DeltaType::kDeleted &&
      deltas[n - 2].type == DeltaType::kDeleted) {
    // isDeletionDup: keep the newer one unless its final state is unknown.
    if (deltas[n - 1].final_state_unknown) deltas.pop_back();
    else deltas.erase(deltas.end() - 2);
  }
  if (inserted) {
    queue_.push_back(key);
    queued_or_closed_.notify_one();
  }
}

}  // namespace kubefake::client::cache
