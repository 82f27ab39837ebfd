// NewDynamicListWatch: the dynamic client's List and Watch with the tweak applied.
#include "kubefake/client/cache/list_watch.h"

#include <utility>

namespace kubefake::client::cache {

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
