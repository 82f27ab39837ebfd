// ResourceEventHandler: what an informer tells a handler, client-go's
// cache.ResourceEventHandlerFuncs. Unset functions are skipped. Handlers of one registration are
// called one at a time, in order, on that registration's own thread.
#pragma once

#include <functional>

#include "kubefake/client/cache/indexer.h"

namespace kubefake::client::cache {

struct ResourceEventHandler {
  // A new object; `is_in_initial_list` for objects of the first sync, and for the current
  // state replayed to a handler added late.
  std::function<void(const ObjectPtr& object, bool is_in_initial_list)> on_add{};
  // A change, or a resync (then `old_object` and `new_object` have the same resourceVersion).
  std::function<void(const ObjectPtr& old_object, const ObjectPtr& new_object)> on_update{};
  // A deletion. `final_state_unknown` (cache.DeletedFinalStateUnknown): the deletion happened
  // while the watch was down and `object` is the last state the informer knew.
  std::function<void(const ObjectPtr& object, bool final_state_unknown)> on_delete{};
};

}  // namespace kubefake::client::cache
