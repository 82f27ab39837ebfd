// Naming, establishing, registration and cleanup of CRDs.
#include "apiextensions/crd_controller.h"

#include <algorithm>
#include <set>

#include "apiextensions/crd_conditions.h"
#include "special_resources.h"
#include "storage_key.h"

namespace kubefake::fakeserver::apiextensions {
namespace {

using nlohmann::json;

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
      reason.empty() ? CrdCondition("NamesAccepted", true, "NoConflicts", "no conflicts found")
                     : CrdCondition("NamesAccepted", false, reason, message);
  const json* old_established = FindCrdCondition(status, "Established");
  if (IsTrue(old_established)) {
    naming.established = *old_established;
  } else if (reason.empty()) {
    naming.established = CrdCondition("Established", true, "InitialNamesAccepted",
                                      "the initial names have been accepted");
  } else {
    naming.established =
        CrdCondition("Established", false, "NotAccepted", "not all names are accepted");
  }
  return naming;
}

bool SameCondition(const json* a, const json& b) {
  return a != nullptr && a->value("status", "") == b["status"] &&
         a->value("reason", "") == b["reason"] && a->value("message", "") == b["message"];
}

}  // namespace

void CustomResourceDefinitionController::Sync() {
  std::lock_guard lock(mutex_);
  Result<ListResult> listed =
      state_.storage.List(CollectionPrefix(kCustomResourceDefinitions, ""), {});
  std::vector<KeyValue> crds = listed ? std::move(listed->items) : std::vector<KeyValue>{};
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
        SameCondition(FindCrdCondition(status, "NamesAccepted"), naming.names_accepted) &&
        SameCondition(FindCrdCondition(status, "Established"), naming.established);
    std::string resource_version(crds[i].object->GetResourceVersion());
    if (!unchanged) {
      Result<KeyValue> written = state_.storage.GuaranteedUpdate(
          crds[i].key, 0, [&](const KeyValue* current) -> Result<UpdateDecision> {
            if (current == nullptr) {
              return Fail(api::NewNotFound(kCustomResourceDefinitions, crds[i].key));
            }
            api::Object updated = *current->object;
            json& updated_status = updated.mutable_json()["status"];
            if (!updated_status.is_object()) updated_status = json::object();
            updated_status["acceptedNames"] = naming.accepted_names;
            SetCrdCondition(updated_status, naming.names_accepted, now);
            SetCrdCondition(updated_status, naming.established, now);
            return UpdateDecision{UpdateDecision::Action::kWrite, std::move(updated)};
          });
      if (!written) continue;
      crd = written->object->json();
      resource_version = written->object->GetResourceVersion();
    }
    const json& new_status = crd["status"];
    if (IsTrue(FindCrdCondition(new_status, "NamesAccepted")) ||
        IsTrue(FindCrdCondition(new_status, "Established"))) {
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
    it = registered_.erase(it);
  }
  for (auto& [name, entry] : wanted) {
    const json& crd = entry.second;
    Registration registration{entry.first, {}};
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

}  // namespace kubefake::fakeserver::apiextensions
