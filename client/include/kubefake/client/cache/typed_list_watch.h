// NewTypedListWatch: a ListWatch over a typed clientset's ResourceInterface<T, TList>, so a
// typed informer lists and watches with the clientset's content type. Objects are encoded back
// to JSON at this edge (the cache holds JSON; Informer<T> decodes on the way out).
// Include only where a typed ListWatch is built: it instantiates the typed codecs.
#pragma once

#include <memory>
#include <utility>

#include "kubefake/api/typed_codec.h"
#include "kubefake/client/cache/list_watch.h"
#include "kubefake/client/kubernetes/resource_interface.h"

namespace kubefake::client::cache {

template <typename T>
class TypedWatchStream final : public WatchStream {
 public:
  explicit TypedWatchStream(std::unique_ptr<kubernetes::TypedWatcher<T>> watcher)
      : watcher_(std::move(watcher)) {}
  Result<std::optional<WatchEvent>> Next() override {
    auto event = watcher_->Next();
    if (!event) return Fail(event.error());
    if (!*event) return std::nullopt;
    return WatchEvent{std::move((*event)->type), api::Encode((*event)->object)};
  }
  void Stop() override { watcher_->Stop(); }

 private:
  std::unique_ptr<kubernetes::TypedWatcher<T>> watcher_;
};

// `resource` (a clientset's `Pods(ns)`) must outlive the ListWatch, as it lives as long as its
// clientset.
template <typename T, typename TList>
ListWatch NewTypedListWatch(const kubernetes::ResourceInterface<T, TList>& typed,
                            TweakListOptions tweak = {}) {
  const kubernetes::ResourceInterface<T, TList>* resource = &typed;
  auto tweaked = [tweak = std::move(tweak)](ListOptions options) {
    if (tweak) tweak(options);
    return options;
  };
  ListWatch list_watch;
  list_watch.list = [resource, tweaked](const ListOptions& options) -> Result<nlohmann::json> {
    Result<TList> list = resource->List(tweaked(options));
    if (!list) return Fail(list.error());
    return api::Encode(*list);
  };
  list_watch.watch = [resource, tweaked](
                         const ListOptions& options) -> Result<std::unique_ptr<WatchStream>> {
    auto watcher = resource->Watch(tweaked(options));
    if (!watcher) return Fail(watcher.error());
    return std::make_unique<TypedWatchStream<T>>(std::move(*watcher));
  };
  return list_watch;
}

}  // namespace kubefake::client::cache
