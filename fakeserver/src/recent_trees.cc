// RecentTrees: a ring of shared trees.
#include "recent_trees.h"

#include <utility>

namespace kubefake::fakeserver {

void RecentTrees::Hold(ObjectPtr tree) {
  ObjectPtr dropped;  // declared before the guard: freed after the lock is released
  std::lock_guard lock(mu_);
  dropped = std::exchange(trees_[next_], std::move(tree));
  next_ = (next_ + 1) % trees_.size();
}

}  // namespace kubefake::fakeserver
