// TypedWatcher: a Watcher whose events carry a typed object, the typed clientset's watch.Interface.
// Thread-safe as Watcher is: Stop may be called from any thread while another blocks in Next.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "kubefake/api/result.h"
#include "kubefake/api/typed_codec.h"
#include "kubefake/client/watch.h"

namespace kubefake::client::kubernetes {

// watch.Event with a typed object: type is "ADDED", "MODIFIED", "DELETED" or "BOOKMARK" (a
// bookmark's object carries only its kind, apiVersion and metadata.resourceVersion).
template <typename T>
struct TypedWatchEvent {
  std::string type;
  T object;
};

template <typename T>
class TypedWatcher {
 public:
  explicit TypedWatcher(std::unique_ptr<Watcher> watcher) : watcher_(std::move(watcher)) {}

  // Blocks for the next event. nullopt: the watch ended cleanly.
  // Errors: Watcher::Next's, and BadRequest when an object does not decode into T (the watch
  // ends then too).
  Result<std::optional<TypedWatchEvent<T>>> Next() {
    auto event = watcher_->Next();
    if (!event) return Fail(event.error());
    if (!*event) return std::nullopt;
    auto object = api::Decode<T>((*event)->object);
    if (!object) {
      watcher_->Stop();
      return Fail(object.error());
    }
    return TypedWatchEvent<T>{std::move((*event)->type), std::move(*object)};
  }

  // Ends the watch; a blocked Next returns nullopt. Idempotent.
  void Stop() { watcher_->Stop(); }

 private:
  std::unique_ptr<Watcher> watcher_;
};

}  // namespace kubefake::client::kubernetes
