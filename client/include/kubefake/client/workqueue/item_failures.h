// ItemFailures<T>: the per-item failure count that the per-item rate limiters share.
// Thread-safe.
#pragma once

#include <mutex>
#include <unordered_map>

namespace kubefake::client::workqueue {

template <typename T>
class ItemFailures {
 public:
  // Counts one more failure of `item`; returns the count before it.
  int Record(const T& item) {
    std::lock_guard lock(mutex_);
    return failures_[item]++;
  }

  int Count(const T& item) const {
    std::lock_guard lock(mutex_);
    auto it = failures_.find(item);
    return it == failures_.end() ? 0 : it->second;
  }

  void Forget(const T& item) {
    std::lock_guard lock(mutex_);
    failures_.erase(item);
  }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<T, int> failures_;  // guarded by mutex_
};

}  // namespace kubefake::client::workqueue
