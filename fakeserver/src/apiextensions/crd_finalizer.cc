// Emptying and finalizing deleted CustomResourceDefinitions.
#include "apiextensions/crd_finalizer.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "apiextensions/crd_conditions.h"
#include "special_resources.h"
#include "storage_key.h"

namespace kubefake::fakeserver::apiextensions {
namespace {

using nlohmann::json;

bool HasCleanupFinalizer(const api::Object& crd) {
  const std::vector<std::string> finalizers = crd.GetFinalizers();
  return std::ranges::find(finalizers, kCustomResourceCleanupFinalizer) != finalizers.end();
}

api::GroupResource ResourceOf(const api::Object& crd) {
  const json& object = crd.json();
  const json spec = object.value("spec", json::object());
  const json status = object.value("status", json::object());
  const json accepted =
      status.is_object() ? status.value("acceptedNames", json::object()) : json::object();
  return {spec.is_object() ? spec.value("group", "") : "", accepted.value("plural", "")};
}

// A served version of `resource`, or nullptr.
api::ResourceCatalog::Entry ServedEntry(const ServerState& server,
                                        const api::GroupResource& resource) {
  for (const api::ResourceCatalog::Entry& entry : server.CatalogSnapshot().All()) {
    if (entry->GetGroupResource() == resource) return entry;
  }
  return nullptr;
}

}  // namespace

CrdFinalizer::CrdFinalizer(ServerState& server, const ControllerClient& client)
    : server_(server), client_(client) {}

void CrdFinalizer::Observe(const StorageEvent& event) {
  const api::Object& object = *event.object;
  if (event.key.starts_with(CollectionPrefix(kCustomResourceDefinitions, ""))) {
    const std::string name(object.GetName());
    if (event.type != WatchEventType::kDeleted && object.GetDeletionTimestamp() &&
        HasCleanupFinalizer(object)) {
      terminating_[name] = ResourceOf(object);
      queued_.insert(name);
    } else {
      terminating_.erase(name);
      queued_.erase(name);
    }
    return;
  }
  for (const auto& [name, resource] : terminating_) {
    if (event.key.starts_with(CollectionPrefix(resource, ""))) queued_.insert(name);
  }
}

void CrdFinalizer::Reset() {
  terminating_.clear();
  queued_.clear();
}

bool CrdFinalizer::ProcessQueued() {
  if (queued_.empty()) return false;
  const std::set<std::string> names = std::move(queued_);
  queued_.clear();
  for (const std::string& name : names) Process(name);
  return true;
}

void CrdFinalizer::Process(const std::string& name) {
  Result<KeyValue> stored = server_.storage.Get(ObjectKey(kCustomResourceDefinitions, "", name));
  if (!stored || !stored->object->GetDeletionTimestamp() || !HasCleanupFinalizer(*stored->object)) {
    return;
  }
  const api::ResourceCatalog::Entry crds = server_.FindResourceByKind(
      {kCustomResourceDefinitions.group, "v1", "CustomResourceDefinition"});
  if (!crds) return;  // apiextensions.k8s.io/v1 is not served
  const std::string now = api::Time::FromTimePoint(server_.clock.Now()).String();
  api::Object crd = *stored->object;
  // Writes `condition` through /status unless it is already there; false when that failed.
  auto set_condition = [&](json condition, bool drop_finalizer) {
    api::Object updated = crd;
    json& status = updated.mutable_json()["status"];
    if (!status.is_object()) status = json::object();
    SetCrdCondition(status, std::move(condition), now);
    if (drop_finalizer) {
      std::vector<std::string> finalizers = updated.GetFinalizers();
      std::erase(finalizers, std::string(kCustomResourceCleanupFinalizer));
      updated.SetFinalizers(finalizers);
    }
    if (updated.json() == crd.json()) return true;
    ControllerClient::Answer answer = client_.Update(*crds, updated, "status");
    if (!answer.ok()) return false;
    if (Result<api::Object> written = api::Object::FromJson(std::move(answer.body))) {
      crd = std::move(*written);
    }
    return true;
  };

  if (!set_condition(CrdCondition("Terminating", true, "InstanceDeletionInProgress",
                                  "CustomResource deletion is in progress"),
                     false)) {
    return;
  }
  if (!IsCrdConditionTrue(crd.json(), "Established")) {
    set_condition(
        CrdCondition("Terminating", false, "NeverEstablished", "resource was never established"),
        true);
    return;
  }
  const api::GroupResource resource = ResourceOf(crd);
  const std::string prefix = CollectionPrefix(resource, "");
  const api::ResourceCatalog::Entry served = ServedEntry(server_, resource);
  if (Result<ListResult> items = server_.storage.List(prefix, {})) {
    for (const KeyValue& item : items->items) {
      if (item.object->GetDeletionTimestamp()) continue;
      if (served) {
        client_.Delete(*served, item.object->GetNamespace(), item.object->GetName(),
                       json::object());
      } else {
        (void)server_.storage.Delete(item.key);
      }
    }
  }
  Result<ListResult> left = server_.storage.List(prefix, {});
  if (!left || !left->items.empty()) return;  // the objects' finalizers hold the CRD
  set_condition(
      CrdCondition("Terminating", false, "InstanceDeletionCompleted", "removed all instances"),
      true);
}

}  // namespace kubefake::fakeserver::apiextensions
