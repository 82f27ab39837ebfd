// RecentTrees: a ring of shared trees.
#include "recent_trees.h"

#include <algorithm>
#include <utility>

namespace kubefake::fakeserver {

void RecentTrees::Hold(ObjectPtr tree) {
  ObjectPtr dropped;  // declared before the guard: freed after the lock is released
  std::lock_guard lock(mu_);
  dropped = std::exchange(trees_[next_], std::move(tree));
  next_ = (next_ + 1) % trees_.size();
}

void RecentTrees::Replace(const ObjectPtr& replaced, ObjectPtr tree) {
  ObjectPtr dropped;  // declared before the guard: freed after the lock is released
  std::lock_guard lock(mu_);
  auto held = std::find(trees_.begin(), trees_.end(), replaced);
  if (held != trees_.end()) dropped = std::exchange(*held, std::move(tree));
}

}  // namespace kubefake::fakeserver
