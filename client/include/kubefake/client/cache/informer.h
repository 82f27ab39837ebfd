// Informer<T>: the typed view of a SharedIndexInformer, client-go's generated informers
// (PodInformer: Informer() and Lister()). Handlers receive decoded objects; an object that
// does not decode into T is skipped (it cannot be represented), the cache keeps the JSON.
// Thread-safe as SharedIndexInformer is. Include only where a typed informer is used.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <utility>

#include "kubefake/api/typed_codec.h"
#include "kubefake/client/cache/lister.h"
#include "kubefake/client/cache/shared_index_informer.h"

namespace kubefake::client::cache {

template <typename T>
struct TypedEventHandler {
  std::function<void(const std::shared_ptr<const T>& object, bool is_in_initial_list)> on_add{};
  std::function<void(const std::shared_ptr<const T>& old_object,
                     const std::shared_ptr<const T>& new_object)>
      on_update{};
  std::function<void(const std::shared_ptr<const T>& object, bool final_state_unknown)>
      on_delete{};
};

template <typename T>
class Informer {
 public:
  // `informer` must outlive this view; `resource` names the lister's NotFound errors.
  Informer(SharedIndexInformer& informer, api::GroupResource resource)
      : informer_(&informer), resource_(std::move(resource)) {}

  SharedIndexInformer& GetInformer() const { return *informer_; }
  Lister<T> GetLister() const { return Lister<T>(informer_->GetIndexer(), resource_); }
  bool HasSynced() const { return informer_->HasSynced(); }

  // As SharedIndexInformer::AddEventHandler, with objects decoded into T.
  Result<std::unique_ptr<HandlerRegistration>> AddEventHandler(
      TypedEventHandler<T> handler, std::optional<std::chrono::nanoseconds> resync = {}) {
    auto shared = std::make_shared<TypedEventHandler<T>>(std::move(handler));
    ResourceEventHandler untyped;
    if (shared->on_add) {
      untyped.on_add = [shared](const ObjectPtr& object, bool initial) {
        if (auto typed = Decode(object)) shared->on_add(typed, initial);
      };
    }
    if (shared->on_update) {
      untyped.on_update = [shared](const ObjectPtr& old_object, const ObjectPtr& new_object) {
        auto old_typed = Decode(old_object);
        auto new_typed = Decode(new_object);
        if (old_typed && new_typed) shared->on_update(old_typed, new_typed);
      };
    }
    if (shared->on_delete) {
      untyped.on_delete = [shared](const ObjectPtr& object, bool final_state_unknown) {
        if (auto typed = Decode(object)) shared->on_delete(typed, final_state_unknown);
      };
    }
    return resync ? informer_->AddEventHandler(std::move(untyped), *resync)
                  : informer_->AddEventHandler(std::move(untyped));
  }

 private:
  static std::shared_ptr<const T> Decode(const ObjectPtr& object) {
    Result<T> typed = api::Decode<T>(*object);
    return typed ? std::make_shared<const T>(std::move(*typed)) : nullptr;
  }

  SharedIndexInformer* informer_;
  api::GroupResource resource_;
};

}  // namespace kubefake::client::cache
