// ListWatch: the list and watch calls a Reflector makes for one resource, client-go's
// cache.ListWatch. Built over a DynamicResource here, over a typed ResourceInterface in
// typed_list_watch.h, or from any two functions (a test wrapping another ListWatch).
// A ListWatch is a value; the functions it holds must be thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "kubefake/api/result.h"
#include "kubefake/client/dynamic_client.h"
#include "kubefake/client/meta_options.h"
#include "kubefake/client/watch.h"

namespace kubefake::client::cache {

// An open watch whose events carry JSON objects, whatever client opened it (watch.Interface).
// Stop may be called from any thread while another blocks in Next.
class WatchStream {
 public:
  virtual ~WatchStream() = default;
  // As Watcher::Next: the next event, nullopt when the watch ended cleanly, or its error.
  virtual Result<std::optional<WatchEvent>> Next() = 0;
  // As Next, with the object shared (what the cache keeps); by default Next's object, moved into
  // a shared tree.
  virtual Result<std::optional<SharedWatchEvent>> NextShared();
  virtual void Stop() = 0;
};

// Adapts a dynamic client's Watcher.
class WatcherStream final : public WatchStream {
 public:
  explicit WatcherStream(std::unique_ptr<Watcher> watcher) : watcher_(std::move(watcher)) {}
  Result<std::optional<WatchEvent>> Next() override { return watcher_->Next(); }
  Result<std::optional<SharedWatchEvent>> NextShared() override { return watcher_->NextShared(); }
  void Stop() override { watcher_->Stop(); }

 private:
  std::unique_ptr<Watcher> watcher_;
};

// Edits the options of every list and watch call (informers' TweakListOptionsFunc).
using TweakListOptions = std::function<void(ListOptions&)>;

struct ListWatch {
  // Returns the list object: items, metadata.resourceVersion, metadata.continue.
  std::function<Result<nlohmann::json>(const ListOptions&)> list;
  std::function<Result<std::unique_ptr<WatchStream>>(const ListOptions&)> watch;
};

// cache.NewFilteredListWatchFromClient for the dynamic client: every call goes to `resource`
// (namespaced or not, as it was made) with `tweak` applied to its options, so selectors set
// there restrict both list and watch.
ListWatch NewDynamicListWatch(DynamicResource resource, TweakListOptions tweak = {});

}  // namespace kubefake::client::cache
