// RecentTrees: holds the trees InMemoryStorage last parsed back from stored bytes, a fixed
// number of them, so an object read often and written rarely (a namespace, which admission
// reads on every create in it) is parsed once per that many parses instead of on every read
// once the event log no longer holds its tree. Thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <vector>

#include "kubefake/fakeserver/storage.h"

namespace kubefake::fakeserver {

class RecentTrees {
 public:
  // Holds up to `capacity` (> 0) trees.
  explicit RecentTrees(size_t capacity) : trees_(capacity) {}

  // Holds `tree`, dropping the one held longest when full (freed after the lock is released).
  void Hold(ObjectPtr tree);

 private:
  std::mutex mu_;
  std::vector<ObjectPtr> trees_;  // guarded by mu_; a ring, oldest at next_
  size_t next_ = 0;               // guarded by mu_
};

}  // namespace kubefake::fakeserver
