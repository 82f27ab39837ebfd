// NewDynamicListWatch: the dynamic client's List and Watch with the tweak applied; and
// WatchStream::NextShared's default.
#include "kubefake/client/cache/list_watch.h"

#include <utility>

namespace kubefake::client::cache {

Result<std::optional<SharedWatchEvent>> WatchStream::NextShared() {
  Result<std::optional<WatchEvent>> event = Next();
  if (!event) return Fail(event.error());
  if (!*event) return std::nullopt;
  return SharedWatchEvent{std::move((*event)->type),
                          std::make_shared<const nlohmann::json>(std::move((*event)->object))};
}

ListWatch NewDynamicListWatch(DynamicResource resource, TweakListOptions tweak) {
  auto shared = std::make_shared<const DynamicResource>(std::move(resource));
  auto tweaked = [tweak = std::move(tweak)](ListOptions options) {
    if (tweak) tweak(options);
    return options;
  };
  ListWatch list_watch;
  list_watch.list = [shared, tweaked](const ListOptions& options) {
    return shared->List(tweaked(options));
  };
  list_watch.watch = [shared, tweaked](
                         const ListOptions& options) -> Result<std::unique_ptr<WatchStream>> {
    Result<std::unique_ptr<Watcher>> watcher = shared->Watch(tweaked(options));
    if (!watcher) return Fail(watcher.error());
    return std::make_unique<WatcherStream>(std::move(*watcher));
  };
  return list_watch;
}

}  // namespace kubefake::client::cache
