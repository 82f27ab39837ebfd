// Lister<T>: reads an informer's cache as typed objects, client-go's generated listers
// (PodLister, PodNamespaceLister) and, with T = nlohmann::json, its GenericLister. Typed reads
// decode the cached JSON on each call. Thread-safe (reads go to the thread-safe Indexer).
// Include only where a typed lister is used: it instantiates the typed codecs.
#pragma once

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "kubefake/api/group_version.h"
#include "kubefake/api/label_selector.h"
#include "kubefake/api/typed_codec.h"
#include "kubefake/client/cache/indexer.h"

namespace kubefake::client::cache {

template <typename T>
class Lister {
 public:
  // `indexer` must outlive the Lister; `resource` names the NotFound errors of Get.
  // `ns` "" lists every namespace.
  Lister(const Indexer& indexer, api::GroupResource resource, std::string ns = "")
      : indexer_(&indexer), resource_(std::move(resource)), namespace_(std::move(ns)) {}

  // The lister of one namespace (PodLister.Pods(ns)).
  Lister Namespace(std::string ns) const { return Lister(*indexer_, resource_, std::move(ns)); }

  // The cached objects whose labels match `selector`, in key order.
  // Errors: BadRequest when a cached object does not decode into T.
  Result<std::vector<std::shared_ptr<const T>>> List(
      const api::LabelSelector& selector = api::LabelSelector::Everything()) const {
    std::vector<ObjectPtr> objects;
    if (namespace_.empty()) {
      objects = indexer_->List();
    } else {
      auto indexed = indexer_->ByIndex(kNamespaceIndex, namespace_);
      objects = indexed ? std::move(*indexed) : FilterNamespace(indexer_->List());
    }
    std::vector<std::shared_ptr<const T>> out;
    for (ObjectPtr& object : objects) {
      const nlohmann::json* labels = LabelsOf(*object);
      if (!selector.Matches(labels ? api::LabelsView(*labels) : api::LabelsView())) continue;
      auto typed = Convert(std::move(object));
      if (!typed) return Fail(typed.error());
      out.push_back(std::move(*typed));
    }
    return out;
  }

  // The object `name` of this lister's namespace (or the cluster-scoped one).
  // Errors: NotFound `<resource> "<name>" not found`, as client-go's listers answer.
  Result<std::shared_ptr<const T>> Get(const std::string& name) const {
    std::optional<ObjectPtr> object =
        indexer_->GetByKey(namespace_.empty() ? name : namespace_ + "/" + name);
    if (!object) return Fail(api::NewNotFound(resource_, name));
    return Convert(std::move(*object));
  }

 private:
  static const nlohmann::json* LabelsOf(const nlohmann::json& object) {
    auto pointer = "/metadata/labels"_json_pointer;
    return object.contains(pointer) ? &object[pointer] : nullptr;
  }

  std::vector<ObjectPtr> FilterNamespace(std::vector<ObjectPtr> objects) const {
    std::erase_if(objects, [this](const ObjectPtr& object) {
      return MetaNamespaceIndexFunc(*object).front() != namespace_;
    });
    return objects;
  }

  static Result<std::shared_ptr<const T>> Convert(ObjectPtr object) {
    if constexpr (std::is_same_v<T, nlohmann::json>) {
      return object;
    } else {
      Result<T> typed = api::Decode<T>(*object);
      if (!typed) return Fail(typed.error());
      return std::make_shared<const T>(std::move(*typed));
    }
  }

  const Indexer* indexer_;
  api::GroupResource resource_;
  std::string namespace_;
};

}  // namespace kubefake::client::cache
