// Indexer: items by key plus, per index function, value -> set of keys, all under one mutex.
#include "kubefake/client/cache/indexer.h"

#include <utility>

namespace kubefake::client::cache {

Result<std::string> MetaNamespaceKeyFunc(const nlohmann::json& object) {
  // One lookup per member: informers key every object several times.
  const std::string* name = nullptr;
  const std::string* ns = nullptr;
  if (object.is_object()) {
    auto metadata = object.find("metadata");
    if (metadata != object.end() && metadata->is_object()) {
      auto found = metadata->find("name");
      if (found != metadata->end()) name = found->get_ptr<const std::string*>();
      found = metadata->find("namespace");
      if (found != metadata->end()) ns = found->get_ptr<const std::string*>();
    }
  }
  if (name == nullptr || name->empty()) {
    return Fail(api::NewBadRequest("object has no meta: object does not implement the Object "
                                   "interfaces"));
  }
  if (ns == nullptr || ns->empty()) return *name;
  std::string key;
  key.reserve(ns->size() + 1 + name->size());
  key.append(*ns).append(1, '/').append(*name);
  return key;
}

Result<std::pair<std::string, std::string>> SplitMetaNamespaceKey(const std::string& key) {
  size_t slash = key.find('/');
  if (slash == std::string::npos) return std::pair<std::string, std::string>{"", key};
  if (key.find('/', slash + 1) != std::string::npos) {
    return Fail(api::NewBadRequest("unexpected key format: \"" + key + "\""));
  }
  return std::pair<std::string, std::string>{key.substr(0, slash), key.substr(slash + 1)};
}

std::vector<std::string> MetaNamespaceIndexFunc(const nlohmann::json& object) {
  const nlohmann::json& ns =
      object.value("/metadata/namespace"_json_pointer, nlohmann::json(""));
  return {ns.is_string() ? ns.get<std::string>() : std::string()};
}

Indexer::Indexer(KeyFunc key_func, Indexers indexers)
    : key_func_(std::move(key_func)), indexers_(std::move(indexers)) {}

Result<void> Indexer::Add(nlohmann::json object) {
  Result<ObjectPtr> added = AddShared(std::make_shared<const nlohmann::json>(std::move(object)));
  if (!added) return Fail(added.error());
  return {};
}

Result<void> Indexer::Update(nlohmann::json object) { return Add(std::move(object)); }

Result<ObjectPtr> Indexer::AddShared(ObjectPtr object) {
  Result<std::string> key = key_func_(*object);
  if (!key) return Fail(key.error());
  std::lock_guard lock(mutex_);
  return PutLocked(*key, std::move(object));
}

Result<void> Indexer::Delete(const nlohmann::json& object) {
  Result<std::string> key = key_func_(object);
  if (!key) return Fail(key.error());
  DeleteByKey(*key);
  return {};
}

void Indexer::DeleteByKey(const std::string& key) {
  std::lock_guard lock(mutex_);
  RemoveLocked(key);
}

Result<void> Indexer::Replace(std::vector<ObjectPtr> objects) {
  std::map<std::string, ObjectPtr> items;
  for (ObjectPtr& object : objects) {
    Result<std::string> key = key_func_(*object);
    if (!key) return Fail(key.error());
    items[*key] = std::move(object);
  }
  std::lock_guard lock(mutex_);
  items_.clear();
  indices_.clear();
  for (auto& [key, object] : items) PutLocked(key, std::move(object));
  return {};
}

std::optional<ObjectPtr> Indexer::Get(const nlohmann::json& object) const {
  Result<std::string> key = key_func_(object);
  if (!key) return std::nullopt;
  return GetByKey(*key);
}

std::optional<ObjectPtr> Indexer::GetByKey(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = items_.find(key);
  if (it == items_.end()) return std::nullopt;
  return it->second;
}

std::vector<ObjectPtr> Indexer::List() const {
  std::lock_guard lock(mutex_);
  std::vector<ObjectPtr> objects;
  objects.reserve(items_.size());
  for (const auto& [key, object] : items_) objects.push_back(object);
  return objects;
}

std::vector<std::string> Indexer::ListKeys() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> keys;
  keys.reserve(items_.size());
  for (const auto& [key, object] : items_) keys.push_back(key);
  return keys;
}

size_t Indexer::Len() const {
  std::lock_guard lock(mutex_);
  return items_.size();
}

Result<void> Indexer::AddIndexers(Indexers indexers) {
  std::lock_guard lock(mutex_);
  for (const auto& [name, func] : indexers) {
    if (indexers_.contains(name)) return Fail(api::NewBadRequest("indexer conflict: " + name));
  }
  for (auto& [name, func] : indexers) {
    Index_& index = indices_[name];
    for (const auto& [key, object] : items_) {
      for (std::string& value : func(*object)) index[std::move(value)].insert(key);
    }
    indexers_.emplace(name, std::move(func));
  }
  return {};
}

Result<std::vector<ObjectPtr>> Indexer::Index(const std::string& index_name,
                                              const nlohmann::json& object) const {
  std::lock_guard lock(mutex_);
  Result<const Index_*> index = FindIndexLocked(index_name);
  if (!index) return Fail(index.error());
  std::set<std::string> keys;
  for (const std::string& value : indexers_.at(index_name)(object)) {
    auto it = (*index)->find(value);
    if (it != (*index)->end()) keys.insert(it->second.begin(), it->second.end());
  }
  std::vector<ObjectPtr> objects;
  for (const std::string& key : keys) objects.push_back(items_.at(key));
  return objects;
}

Result<std::vector<ObjectPtr>> Indexer::ByIndex(const std::string& index_name,
                                                const std::string& value) const {
  std::lock_guard lock(mutex_);
  Result<const Index_*> index = FindIndexLocked(index_name);
  if (!index) return Fail(index.error());
  std::vector<ObjectPtr> objects;
  auto it = (*index)->find(value);
  if (it == (*index)->end()) return objects;
  for (const std::string& key : it->second) objects.push_back(items_.at(key));
  return objects;
}

Result<std::vector<std::string>> Indexer::IndexKeys(const std::string& index_name,
                                                    const std::string& value) const {
  std::lock_guard lock(mutex_);
  Result<const Index_*> index = FindIndexLocked(index_name);
  if (!index) return Fail(index.error());
  auto it = (*index)->find(value);
  if (it == (*index)->end()) return std::vector<std::string>{};
  return std::vector<std::string>(it->second.begin(), it->second.end());
}

std::vector<std::string> Indexer::ListIndexFuncValues(const std::string& index_name) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> values;
  auto index = indices_.find(index_name);
  if (index == indices_.end()) return values;
  for (const auto& [value, keys] : index->second) values.push_back(value);
  return values;
}

ObjectPtr Indexer::PutLocked(const std::string& key, ObjectPtr object) {
  auto [it, inserted] = items_.try_emplace(key);
  ObjectPtr old = std::move(it->second);  // nullptr when inserted
  IndexLocked(key, old.get(), object.get());
  it->second = std::move(object);
  return old;
}

void Indexer::RemoveLocked(const std::string& key) {
  auto it = items_.find(key);
  if (it == items_.end()) return;
  IndexLocked(key, it->second.get(), nullptr);
  items_.erase(it);
}

void Indexer::IndexLocked(const std::string& key, const nlohmann::json* old_object,
                          const nlohmann::json* new_object) {
  for (const auto& [name, func] : indexers_) {
    Index_& index = indices_[name];
    if (old_object != nullptr) {
      for (const std::string& value : func(*old_object)) {
        auto it = index.find(value);
        if (it == index.end()) continue;
        it->second.erase(key);
        if (it->second.empty()) index.erase(it);
      }
    }
    if (new_object != nullptr) {
      for (std::string& value : func(*new_object)) index[std::move(value)].insert(key);
    }
  }
}

Result<const Indexer::Index_*> Indexer::FindIndexLocked(const std::string& index_name) const {
  if (!indexers_.contains(index_name)) {
    return Fail(api::NewBadRequest("Index with name " + index_name + " does not exist"));
  }
  static const Index_ kEmpty;
  auto it = indices_.find(index_name);
  return it == indices_.end() ? &kEmpty : &it->second;
}

}  // namespace kubefake::client::cache
