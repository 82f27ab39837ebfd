// Naming, establishing, registration and cleanup of CRDs.
#include "apiextensions/crd_controller.h"

#include <algorithm>
#include <set>

#include "storage_key.h"

namespace kubefake::fakeserver::apiextensions {
namespace {

using nlohmann::json;

const api::GroupResource kCrds{"apiextensions.k8s.io", "customresourcedefinitions"};

struct UsedNames {
  std::set<std::string> resources;  // plural, singular and short names
  std::set<std::string> kinds;      // kind and list kind
};

void AddNames(const json& names, UsedNames& used) {
  for (const char* key : {"plural", "singular"}) {
    if (std::string name = names.value(key, ""); !name.empty()) used.resources.insert(name);
  }
  for (const json& name : names.value("shortNames", json::array())) {
    if (name.is_string()) used.resources.insert(name.get<std::string>());
  }
  for (const char* key : {"kind", "listKind"}) {
    if (std::string name = names.value(key, ""); !name.empty()) used.kinds.insert(name);
  }
}

json Condition(std::string type, bool status, std::string reason, std::string message) {
  return {{"type", std::move(type)},
          {"status", status ? "True" : "False"},
          {"reason", std::move(reason)},
          {"message", std::move(message)}};
}

const json* FindCondition(const json& status, std::string_view type) {
  auto conditions = status.find("conditions");
  if (conditions == status.end() || !conditions->is_array()) return nullptr;
  for (const json& condition : *conditions) {
    if (condition.is_object() && condition.value("type", "") == type) return &condition;
  }
  return nullptr;
}

bool IsTrue(const json* condition) {
  return condition != nullptr && condition->value("status", "") == "True";
}

// The naming controller's calculateNamesAndConditions.
struct Naming {
  json accepted_names;
  json names_accepted;
  json established;
};

Naming CalculateNames(const json& crd, const UsedNames& used) {
  const json requested = crd.value("spec", json::object()).value("names", json::object());
  json status = crd.value("status", json::object());
  if (!status.is_object()) status = json::object();
  const json accepted = status.value("acceptedNames", json::object());
  Naming naming{accepted, nullptr, nullptr};
  std::string reason;
  std::string message;
  auto fresh = [](const json& requested_name, const json& accepted_name,
                  const std::set<std::string>& in_use, std::string* problem) {
    const std::string name = requested_name.is_string() ? requested_name.get<std::string>() : "";
    if (requested_name == accepted_name || !in_use.contains(name)) return true;
    *problem = "\"" + name + "\" is already in use";
    return false;
  };
  auto check = [&](const char* key, const std::set<std::string>& in_use, const char* why) {
    std::string problem;
    if (fresh(requested.value(key, json("")), accepted.value(key, json("")), in_use, &problem)) {
      naming.accepted_names[key] = requested.value(key, json(""));
    } else {
      reason = why;
      message = problem;
    }
  };
  check("plural", used.resources, "PluralConflict");
  check("singular", used.resources, "SingularConflict");
  const json requested_short = requested.value("shortNames", json::array());
  if (requested_short != accepted.value("shortNames", json::array())) {
    const json accepted_short = accepted.value("shortNames", json::array());
    std::string problems;
    for (const json& name : requested_short) {
      if (std::ranges::find(accepted_short, name) != accepted_short.end()) continue;
      std::string problem;
      if (!fresh(name, json(""), used.resources, &problem)) {
        problems += (problems.empty() ? "" : ", ") + problem;
      }
    }
    if (problems.empty()) {
      naming.accepted_names["shortNames"] = requested_short;
    } else {
      reason = "ShortNamesConflict";
      message = "[" + problems + "]";
    }
  }
  check("kind", used.kinds, "KindConflict");
  check("listKind", used.kinds, "ListKindConflict");
  if (requested.contains("categories")) {
    naming.accepted_names["categories"] = requested["categories"];
  } else {
    naming.accepted_names.erase("categories");
  }
  if (naming.accepted_names.value("shortNames", json::array()).empty()) {
    naming.accepted_names.erase("shortNames");
  }

  naming.names_accepted =
      reason.empty() ? Condition("NamesAccepted", true, "NoConflicts", "no conflicts found")
                     : Condition("NamesAccepted", false, reason, message);
  const json* old_established = FindCondition(status, "Established");
  if (IsTrue(old_established)) {
    naming.established = *old_established;
  } else if (reason.empty()) {
    naming.established = Condition("Established", true, "InitialNamesAccepted",
                                   "the initial names have been accepted");
  } else {
    naming.established =
        Condition("Established", false, "NotAccepted", "not all names are accepted");
  }
  return naming;
}

// SetCRDCondition: a condition whose status changes gets a new lastTransitionTime.
void SetCondition(json& status, json condition, const std::string& now) {
  json& conditions = status["conditions"];
  if (!conditions.is_array()) conditions = json::array();
  for (json& existing : conditions) {
    if (existing.value("type", "") != condition.value("type", "")) continue;
    condition["lastTransitionTime"] = existing.value("status", "") == condition["status"]
                                          ? existing.value("lastTransitionTime", now)
                                          : now;
    existing = std::move(condition);
    return;
  }
  condition["lastTransitionTime"] = now;
  conditions.push_back(std::move(condition));
}

bool SameCondition(const json* a, const json& b) {
  return a != nullptr && a->value("status", "") == b["status"] &&
         a->value("reason", "") == b["reason"] && a->value("message", "") == b["message"];
}

}  // namespace

void CustomResourceDefinitionController::Sync() {
  std::lock_guard lock(mutex_);
  Result<ListResult> listed = state_.storage.List(CollectionPrefix(kCrds, ""), {});
  std::vector<KeyValue> crds = listed ? std::move(listed->items) : std::vector<KeyValue>{};
  std::erase_if(crds,
                [](const KeyValue& kv) { return kv.object->GetDeletionTimestamp().has_value(); });
  std::ranges::sort(crds, [](const KeyValue& a, const KeyValue& b) {
    return a.create_revision < b.create_revision;
  });
  std::vector<json> objects;
  for (const KeyValue& kv : crds) objects.push_back(kv.object->json());
  auto accepted_of = [](const json& crd) {
    const json status = crd.value("status", json::object());
    return status.is_object() ? status.value("acceptedNames", json::object()) : json::object();
  };

  const std::string now = api::Time::FromTimePoint(state_.clock.Now()).String();
  std::map<std::string, std::pair<std::string, json>> wanted;  // name -> (rv, crd)
  for (size_t i = 0; i < objects.size(); ++i) {
    json& crd = objects[i];
    const std::string group = crd["spec"].value("group", "");
    UsedNames used;
    for (size_t j = 0; j < objects.size(); ++j) {
      if (j != i && objects[j]["spec"].value("group", "") == group) {
        AddNames(accepted_of(objects[j]), used);
      }
    }
    Naming naming = CalculateNames(crd, used);
    const json status = crd.value("status", json::object());
    const bool unchanged =
        status.is_object() && status.value("acceptedNames", json()) == naming.accepted_names &&
        SameCondition(FindCondition(status, "NamesAccepted"), naming.names_accepted) &&
        SameCondition(FindCondition(status, "Established"), naming.established);
    std::string resource_version(crds[i].object->GetResourceVersion());
    if (!unchanged) {
      Result<KeyValue> written = state_.storage.GuaranteedUpdate(
          crds[i].key, 0, [&](const KeyValue* current) -> Result<UpdateDecision> {
            if (current == nullptr) return Fail(api::NewNotFound(kCrds, crds[i].key));
            api::Object updated = *current->object;
            json& updated_status = updated.mutable_json()["status"];
            if (!updated_status.is_object()) updated_status = json::object();
            updated_status["acceptedNames"] = naming.accepted_names;
            SetCondition(updated_status, naming.names_accepted, now);
            SetCondition(updated_status, naming.established, now);
            return UpdateDecision{UpdateDecision::Action::kWrite, std::move(updated)};
          });
      if (!written) continue;
      crd = written->object->json();
      resource_version = written->object->GetResourceVersion();
    }
    const json& new_status = crd["status"];
    if (IsTrue(FindCondition(new_status, "NamesAccepted")) ||
        IsTrue(FindCondition(new_status, "Established"))) {
      wanted[crd["metadata"].value("name", "")] = {resource_version, crd};
    }
  }

  for (auto it = registered_.begin(); it != registered_.end();) {
    auto want = wanted.find(it->first);
    if (want != wanted.end() && want->second.first == it->second.resource_version) {
      wanted.erase(want);
      ++it;
      continue;
    }
    Unregister(it->second);
    if (want == wanted.end()) DeleteObjects(it->second.group_resource);
    it = registered_.erase(it);
  }
  for (auto& [name, entry] : wanted) {
    const json& crd = entry.second;
    Registration registration{
        entry.first,
        {crd["spec"].value("group", ""), crd["status"]["acceptedNames"].value("plural", "")},
        {}};
    for (auto& [info, custom] : ServedVersions(crd, crd["status"]["acceptedNames"])) {
      const api::GroupVersionResource gvr = info.GetGroupVersionResource();
      if (state_.AddResource(std::move(info), std::move(custom))) {
        registration.served.push_back(gvr);
      }
    }
    registered_[name] = std::move(registration);
  }
}

void CustomResourceDefinitionController::Unregister(const Registration& registration) {
  for (const api::GroupVersionResource& gvr : registration.served) {
    (void)state_.RemoveResource(gvr);
  }
}

void CustomResourceDefinitionController::DeleteObjects(const api::GroupResource& resource) {
  Result<ListResult> objects = state_.storage.List(CollectionPrefix(resource, ""), {});
  if (!objects) return;
  for (const KeyValue& kv : objects->items) (void)state_.storage.Delete(kv.key);
}

}  // namespace kubefake::fakeserver::apiextensions
