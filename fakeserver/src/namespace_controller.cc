#include "namespace_controller.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "special_resources.h"
#include "storage_key.h"

namespace kubefake::fakeserver {
namespace {

constexpr std::string_view kKubernetesFinalizer = "kubernetes";

struct ConditionText {
  std::string_view type, reason, message;
};

// The conditions the deleter maintains, in its order, with their "ok" reason and message.
constexpr ConditionText kConditions[] = {
    {"NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered",
     "All resources successfully discovered"},
    {"NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions",
     "All legacy kube types successfully parsed"},
    {"NamespaceDeletionContentFailure", "ContentDeleted",
     "All content successfully deleted, may be waiting on finalization"},
    {"NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"},
    {"NamespaceFinalizersRemaining", "ContentHasNoFinalizers",
     "All content-preserving finalizers finished"},
};

struct RemainingContent {
  std::map<std::string, int> by_resource;   // "<resource>.<group> has N resource instances"
  std::map<std::string, int> by_finalizer;  // "<finalizer> in N resource instances"
  bool empty() const { return by_resource.empty(); }
};

std::string JoinCounts(const std::map<std::string, int>& counts, std::string_view middle) {
  std::vector<std::string> parts;
  for (const auto& [name, count] : counts) {
    parts.push_back(name + std::string(middle) + std::to_string(count) + " resource instances");
  }
  std::ranges::sort(parts);
  std::string joined;
  for (const std::string& part : parts) joined += (joined.empty() ? "" : ", ") + part;
  return joined;
}

// updateConditions: every maintained condition, failing or ok; returns whether any changed.
bool UpdateConditions(nlohmann::json& status, const RemainingContent& remaining,
                      const std::string& now) {
  nlohmann::json& conditions = status["conditions"];
  if (!conditions.is_array()) conditions = nlohmann::json::array();
  bool changed = false;
  for (const ConditionText& text : kConditions) {
    nlohmann::json wanted = {{"type", text.type},
                             {"status", "False"},
                             {"lastTransitionTime", now},
                             {"reason", text.reason},
                             {"message", text.message}};
    if (text.type == "NamespaceContentRemaining" && !remaining.by_resource.empty()) {
      wanted["status"] = "True";
      wanted["reason"] = "SomeResourcesRemain";
      wanted["message"] =
          "Some resources are remaining: " + JoinCounts(remaining.by_resource, " has ");
    } else if (text.type == "NamespaceFinalizersRemaining" && !remaining.by_finalizer.empty()) {
      wanted["status"] = "True";
      wanted["reason"] = "SomeFinalizersRemain";
      wanted["message"] = "Some content in the namespace has finalizers remaining: " +
                          JoinCounts(remaining.by_finalizer, " in ");
    }
    auto old = std::ranges::find_if(conditions, [&](const nlohmann::json& condition) {
      return condition.is_object() && condition.value("type", "") == text.type;
    });
    if (old == conditions.end()) {
      conditions.push_back(std::move(wanted));
      changed = true;
      continue;
    }
    for (const char* field : {"status", "reason", "message"}) {
      if ((*old).value(field, "") == wanted[field]) continue;
      if (std::string_view(field) == "status") (*old)["lastTransitionTime"] = now;
      (*old)[field] = wanted[field];
      changed = true;
    }
  }
  return changed;
}

std::vector<std::string> SpecFinalizers(const api::Object& ns) {
  const nlohmann::json& json = ns.json();
  auto spec = json.find("spec");
  if (spec == json.end() || !spec->is_object()) return {};
  auto finalizers = spec->find("finalizers");
  if (finalizers == spec->end() || !finalizers->is_array()) return {};
  std::vector<std::string> result;
  for (const nlohmann::json& finalizer : *finalizers) {
    if (finalizer.is_string()) result.push_back(finalizer.get<std::string>());
  }
  return result;
}

}  // namespace

NamespaceController::NamespaceController(ServerState& server, const ControllerClient& client)
    : server_(server), client_(client) {}

void NamespaceController::Observe(const StorageEvent& event) {
  const api::Object& object = *event.object;
  if (event.key.starts_with(CollectionPrefix(kNamespaces, ""))) {
    const std::string name(object.GetName());
    if (event.type == WatchEventType::kDeleted) {
      terminating_.erase(name);
      queued_.erase(name);
    } else if (object.GetDeletionTimestamp()) {
      terminating_.insert(name);
      queued_.insert(name);
    }
    return;
  }
  const std::string ns(object.GetNamespace());
  if (terminating_.contains(ns)) queued_.insert(ns);
}

void NamespaceController::Reset() {
  terminating_.clear();
  queued_.clear();
}

bool NamespaceController::ProcessQueued() {
  if (queued_.empty()) return false;
  const std::set<std::string> names = std::move(queued_);
  queued_.clear();
  for (const std::string& name : names) Process(name);
  return true;
}

void NamespaceController::Process(const std::string& name) {
  Result<KeyValue> stored = server_.storage.Get(ObjectKey(kNamespaces, "", name));
  if (!stored || !stored->object->GetDeletionTimestamp()) return;
  std::vector<std::string> finalizers = SpecFinalizers(*stored->object);
  if (std::ranges::find(finalizers, kKubernetesFinalizer) == finalizers.end()) return;

  // deleteAllContent: every namespaced resource that can be listed and deleted, once per
  // group-resource (all versions share one storage).
  std::vector<api::ResourceCatalog::Entry> resources;
  std::set<api::GroupResource> seen;
  for (const api::ResourceCatalog::Entry& entry : server_.CatalogSnapshot().All()) {
    if (entry->namespaced && entry->HasVerb("delete") && entry->HasVerb("list") &&
        seen.insert(entry->GetGroupResource()).second) {
      resources.push_back(entry);
    }
  }
  const nlohmann::json background = {{"propagationPolicy", "Background"}};
  RemainingContent remaining;
  for (const api::ResourceCatalog::Entry& resource : resources) {
    const std::string prefix = CollectionPrefix(resource->GetGroupResource(), name);
    Result<ListResult> items = server_.storage.List(prefix, {});
    if (!items) continue;
    for (const KeyValue& item : items->items) {
      if (!item.object->GetDeletionTimestamp()) {
        client_.Delete(*resource, name, item.object->GetName(), background);
      }
    }
    Result<ListResult> left = server_.storage.List(prefix, {});
    if (!left || left->items.empty()) continue;
    remaining.by_resource[resource->name + "." + resource->group] =
        static_cast<int>(left->items.size());
    for (const KeyValue& item : left->items) {
      for (const std::string& finalizer : item.object->GetFinalizers()) {
        ++remaining.by_finalizer[finalizer];
      }
    }
  }

  const api::ResourceCatalog::Entry namespaces =
      server_.FindResourceByKind({"", "v1", "Namespace"});
  api::Object ns = *stored->object;
  const std::string now = api::Time::FromTimePoint(server_.clock.Now()).String();
  if (UpdateConditions(ns.mutable_json()["status"], remaining, now)) {
    ControllerClient::Answer answer = client_.Update(*namespaces, ns, "status");
    if (!answer.ok()) return;
    if (Result<api::Object> updated = api::Object::FromJson(std::move(answer.body))) {
      ns = std::move(*updated);
    }
  }
  if (!remaining.empty()) return;
  std::erase(finalizers, std::string(kKubernetesFinalizer));
  ns.mutable_json()["spec"]["finalizers"] = finalizers;
  client_.Update(*namespaces, ns, "finalize");
}

}  // namespace kubefake::fakeserver
