#include "garbage_collector.h"

#include <algorithm>

#include "object_deletion.h"
#include "storage_key.h"

namespace kubefake::fakeserver {
namespace {

const nlohmann::json& OwnerReferences(const api::Object& object) {
  static const nlohmann::json kNone = nlohmann::json::array();
  const nlohmann::json& json = object.json();
  auto metadata = json.find("metadata");
  if (metadata == json.end() || !metadata->is_object()) return kNone;
  auto refs = metadata->find("ownerReferences");
  return refs != metadata->end() && refs->is_array() ? *refs : kNone;
}

// A string field of an owner reference; "" when absent or not a string.
std::string RefField(const nlohmann::json& ref, const char* key) {
  if (!ref.is_object()) return "";
  auto it = ref.find(key);
  return it != ref.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string RefUid(const nlohmann::json& ref) { return RefField(ref, "uid"); }

bool BlocksOwnerDeletion(const nlohmann::json& ref) {
  auto it = ref.find("blockOwnerDeletion");
  return it != ref.end() && it->is_boolean() && it->get<bool>();
}

bool HasReferenceTo(const api::Object& dependent, const std::string& uid) {
  return std::ranges::any_of(OwnerReferences(dependent),
                             [&](const nlohmann::json& ref) { return RefUid(ref) == uid; });
}

// `object` without the owner references whose uid is in `uids`.
api::Object WithoutReferences(api::Object object, const std::set<std::string>& uids) {
  nlohmann::json kept = nlohmann::json::array();
  for (const nlohmann::json& ref : OwnerReferences(object)) {
    if (!uids.contains(RefUid(ref))) kept.push_back(ref);
  }
  nlohmann::json& metadata = object.mutable_json()["metadata"];
  if (kept.empty()) {
    metadata.erase("ownerReferences");
  } else {
    metadata["ownerReferences"] = std::move(kept);
  }
  return object;
}

bool DeletingDependents(const api::Object& object) {
  return object.GetDeletionTimestamp() && object.HasFinalizer(kForegroundFinalizer);
}

}  // namespace

GarbageCollector::GarbageCollector(ServerState& server, const ControllerClient& client)
    : server_(server), client_(client) {}

void GarbageCollector::Observe(const StorageEvent& event) {
  const api::Object& object = *event.object;
  const std::string uid(object.GetUid());
  if (event.type == WatchEventType::kDeleted) {
    Unindex(event.key);
    // Its dependents may have lost their last owner; a foreground owner may wait for it.
    if (auto it = dependents_.find(uid); it != dependents_.end()) {
      queued_.insert(it->second.begin(), it->second.end());
    }
    for (const nlohmann::json& ref : OwnerReferences(object)) {
      if (std::optional<std::string> owner = OwnerKey(object, ref)) queued_.insert(*owner);
    }
    return;
  }
  Index(event.key, object);
  if (!OwnerReferences(object).empty()) queued_.insert(event.key);
  if (object.GetDeletionTimestamp() &&
      (object.HasFinalizer(kOrphanFinalizer) || object.HasFinalizer(kForegroundFinalizer))) {
    queued_.insert(event.key);
  }
}

void GarbageCollector::Reset() {
  dependents_.clear();
  owners_.clear();
  queued_.clear();
  failed_.clear();
}

void GarbageCollector::Retry() {
  queued_.merge(failed_);
  failed_.clear();
}

bool GarbageCollector::ProcessQueued() {
  if (queued_.empty()) return false;
  const std::set<std::string> keys = std::move(queued_);
  queued_.clear();
  for (const std::string& key : keys) Process(key);
  return true;
}

void GarbageCollector::Index(const std::string& key, const api::Object& object) {
  Unindex(key);
  std::vector<std::string> uids;
  for (const nlohmann::json& ref : OwnerReferences(object)) {
    const std::string uid = RefUid(ref);
    if (uid.empty()) continue;
    dependents_[uid].insert(key);
    uids.push_back(uid);
  }
  if (!uids.empty()) owners_[key] = std::move(uids);
}

void GarbageCollector::Unindex(const std::string& key) {
  auto it = owners_.find(key);
  if (it == owners_.end()) return;
  for (const std::string& uid : it->second) {
    auto dependents = dependents_.find(uid);
    if (dependents == dependents_.end()) continue;
    dependents->second.erase(key);
    if (dependents->second.empty()) dependents_.erase(dependents);
  }
  owners_.erase(it);
}

void GarbageCollector::Process(const std::string& key) {
  Result<KeyValue> stored = server_.storage.Get(key);
  if (!stored) return;
  const api::Object& object = *stored->object;
  if (object.GetDeletionTimestamp()) {
    if (object.HasFinalizer(kForegroundFinalizer)) ProcessDeletingDependents(key, object);
    if (object.HasFinalizer(kOrphanFinalizer)) ProcessOrphaning(key, object);
    return;
  }
  ProcessDependent(key, object);
}

void GarbageCollector::ProcessDependent(const std::string& key, const api::Object& object) {
  if (object.GetDeletionTimestamp()) return;  // being deleted already (foreground: Process)
  const nlohmann::json& refs = OwnerReferences(object);
  if (refs.empty()) return;
  bool solid = false;
  std::set<std::string> dangling, waiting;
  for (const nlohmann::json& ref : refs) {
    switch (Classify(object, ref)) {
      case OwnerState::kSolid:
        solid = true;
        break;
      case OwnerState::kDangling:
        dangling.insert(RefUid(ref));
        break;
      case OwnerState::kWaitingForDependents:
        waiting.insert(RefUid(ref));
        break;
    }
  }
  bool done = true;
  if (solid) {
    if (!dangling.empty() || !waiting.empty()) {
      std::set<std::string> gone = dangling;
      gone.merge(waiting);
      done = Update(WithoutReferences(object, gone));
    }
  } else if (!waiting.empty() && dependents_.contains(std::string(object.GetUid()))) {
    done = Delete(object, "Foreground");
  } else if (object.HasFinalizer(kOrphanFinalizer)) {
    done = Delete(object, "Orphan");
  } else if (object.HasFinalizer(kForegroundFinalizer)) {
    done = Delete(object, "Foreground");
  } else {
    done = Delete(object, "Background");
  }
  if (!done) failed_.insert(key);
}

void GarbageCollector::ProcessDeletingDependents(const std::string& key, const api::Object& owner) {
  const std::string uid(owner.GetUid());
  bool blocked = false;
  for (const KeyValue& stored : DependentsOf(uid)) {
    const api::Object& dependent = *stored.object;
    for (const nlohmann::json& ref : OwnerReferences(dependent)) {
      if (RefUid(ref) == uid && BlocksOwnerDeletion(ref)) blocked = true;
    }
    if (!DeletingDependents(dependent)) ProcessDependent(stored.key, dependent);
  }
  if (blocked) return;
  api::Object updated = owner;
  std::vector<std::string> finalizers = updated.GetFinalizers();
  std::erase(finalizers, std::string(kForegroundFinalizer));
  updated.SetFinalizers(finalizers);
  if (!Update(updated)) failed_.insert(key);
}

void GarbageCollector::ProcessOrphaning(const std::string& key, const api::Object& owner) {
  const std::string uid(owner.GetUid());
  for (const KeyValue& dependent : DependentsOf(uid)) {
    if (!Update(WithoutReferences(*dependent.object, {uid}))) {
      failed_.insert(key);
      return;
    }
  }
  api::Object updated = owner;
  std::vector<std::string> finalizers = updated.GetFinalizers();
  std::erase(finalizers, std::string(kOrphanFinalizer));
  updated.SetFinalizers(finalizers);
  if (!Update(updated)) failed_.insert(key);
}

std::optional<std::string> GarbageCollector::OwnerKey(const api::Object& dependent,
                                                      const nlohmann::json& ref) const {
  std::optional<api::GroupVersion> gv = api::GroupVersion::Parse(RefField(ref, "apiVersion"));
  if (!gv) return std::nullopt;
  api::ResourceCatalog::Entry resource =
      server_.FindResourceByKind({gv->group, gv->version, RefField(ref, "kind")});
  if (!resource) return std::nullopt;
  return ObjectKey(resource->GetGroupResource(),
                   resource->namespaced ? dependent.GetNamespace() : "", RefField(ref, "name"));
}

GarbageCollector::OwnerState GarbageCollector::Classify(const api::Object& dependent,
                                                        const nlohmann::json& ref) const {
  std::optional<std::string> key = OwnerKey(dependent, ref);
  if (!key) return OwnerState::kSolid;
  Result<KeyValue> owner = server_.storage.Get(*key);
  if (!owner || owner->object->GetUid() != RefUid(ref)) return OwnerState::kDangling;
  if (DeletingDependents(*owner->object)) return OwnerState::kWaitingForDependents;
  return OwnerState::kSolid;
}

std::vector<KeyValue> GarbageCollector::DependentsOf(const std::string& uid) const {
  std::vector<KeyValue> result;
  auto it = dependents_.find(uid);
  if (it == dependents_.end()) return result;
  for (const std::string& key : it->second) {
    Result<KeyValue> stored = server_.storage.Get(key);
    if (stored && HasReferenceTo(*stored->object, uid)) result.push_back(std::move(*stored));
  }
  return result;
}

api::ResourceCatalog::Entry GarbageCollector::ResourceOf(const api::Object& object) const {
  std::optional<api::GroupVersionKind> kind = object.GetGroupVersionKind();
  return kind ? server_.FindResourceByKind(*kind) : nullptr;
}

bool GarbageCollector::Delete(const api::Object& object, std::string_view policy) {
  api::ResourceCatalog::Entry resource = ResourceOf(object);
  if (!resource) return true;
  const ControllerClient::Answer answer = client_.Delete(
      *resource, object.GetNamespace(), object.GetName(),
      {{"propagationPolicy", policy}, {"preconditions", {{"uid", object.GetUid()}}}});
  return answer.ok() || answer.status == 404 || answer.status == 409;
}

bool GarbageCollector::Update(const api::Object& object) {
  api::ResourceCatalog::Entry resource = ResourceOf(object);
  if (!resource) return true;
  const ControllerClient::Answer answer = client_.Update(*resource, object);
  return answer.ok() || answer.status == 404;
}

}  // namespace kubefake::fakeserver
