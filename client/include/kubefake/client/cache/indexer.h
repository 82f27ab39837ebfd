// Indexer: the informer's thread-safe object cache with secondary indexes, client-go's
// tools/cache Indexer over a threadSafeMap. Objects are unstructured JSON kept as
// std::shared_ptr<const nlohmann::json>: readers share them and cannot mutate them. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kubefake/api/result.h"

namespace kubefake::client::cache {

using ObjectPtr = std::shared_ptr<const nlohmann::json>;

// Maps an object to its store key. Errors: BadRequest when the object has no name.
using KeyFunc = std::function<Result<std::string>(const nlohmann::json&)>;
// Maps an object to the values it is indexed under (none, one or several).
using IndexFunc = std::function<std::vector<std::string>(const nlohmann::json&)>;
using Indexers = std::map<std::string, IndexFunc>;

// The name of the namespace index (cache.NamespaceIndex).
inline constexpr char kNamespaceIndex[] = "namespace";

// cache.MetaNamespaceKeyFunc: "<namespace>/<name>", or "<name>" for a cluster-scoped object.
// Errors: BadRequest `object has no meta: ...` when metadata.name is missing.
Result<std::string> MetaNamespaceKeyFunc(const nlohmann::json& object);
// cache.SplitMetaNamespaceKey: {namespace, name}. Errors: BadRequest for more than one "/".
Result<std::pair<std::string, std::string>> SplitMetaNamespaceKey(const std::string& key);
// cache.MetaNamespaceIndexFunc: the object's namespace ("" for cluster-scoped objects).
std::vector<std::string> MetaNamespaceIndexFunc(const nlohmann::json& object);

class Indexer {
 public:
  explicit Indexer(KeyFunc key_func = MetaNamespaceKeyFunc, Indexers indexers = {});
  Indexer(const Indexer&) = delete;
  Indexer& operator=(const Indexer&) = delete;

  // Add and Update store `object` under its key, replacing the one there and reindexing it.
  // Errors: the key function's.
  Result<void> Add(nlohmann::json object);
  Result<void> Update(nlohmann::json object);
  // Removes the object with `object`'s key; absent is not an error.
  Result<void> Delete(const nlohmann::json& object);
  // Stores the shared object as is (the informer stores what it hands to handlers) and returns
  // the one it replaced, nullptr when there was none. Errors: the key function's.
  Result<ObjectPtr> AddShared(ObjectPtr object);
  void DeleteByKey(const std::string& key);
  // Replaces the whole content with `objects` and rebuilds every index.
  // Errors: the key function's (the store is then unchanged).
  Result<void> Replace(std::vector<ObjectPtr> objects);

  std::optional<ObjectPtr> Get(const nlohmann::json& object) const;
  std::optional<ObjectPtr> GetByKey(const std::string& key) const;
  std::vector<ObjectPtr> List() const;
  std::vector<std::string> ListKeys() const;
  size_t Len() const;

  // Adds index functions. Errors: BadRequest `indexer conflict: <name>` for a name already
  // registered, as client-go refuses it.
  Result<void> AddIndexers(Indexers indexers);
  // The objects whose index `index_name` yields any of the values `object` yields.
  // Errors: BadRequest `Index with name <n> does not exist`.
  Result<std::vector<ObjectPtr>> Index(const std::string& index_name,
                                       const nlohmann::json& object) const;
  // The objects indexed under `value` by `index_name`. Errors: as Index.
  Result<std::vector<ObjectPtr>> ByIndex(const std::string& index_name,
                                         const std::string& value) const;
  // The keys indexed under `value`, sorted. Errors: as Index.
  Result<std::vector<std::string>> IndexKeys(const std::string& index_name,
                                             const std::string& value) const;
  // Every value of index `index_name` that has objects, sorted; empty for an unknown index.
  std::vector<std::string> ListIndexFuncValues(const std::string& index_name) const;

 private:
  using Index_ = std::map<std::string, std::set<std::string>>;

  // Returns the object `object` replaced, nullptr when there was none.
  ObjectPtr PutLocked(const std::string& key, ObjectPtr object);
  void RemoveLocked(const std::string& key);
  void IndexLocked(const std::string& key, const nlohmann::json* old_object,
                   const nlohmann::json* new_object);
  Result<const Index_*> FindIndexLocked(const std::string& index_name) const;

  KeyFunc key_func_;
  mutable std::mutex mutex_;
  std::map<std::string, ObjectPtr> items_;    // guarded by mutex_
  Indexers indexers_;                         // guarded by mutex_
  std::map<std::string, Index_> indices_;     // guarded by mutex_
};

}  // namespace kubefake::client::cache
