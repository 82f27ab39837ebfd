#include "scenario/replayable_object.h"

namespace kubefake::testkit {
namespace {

constexpr const char* kServerSetMetadata[] = {
    "uid",           "resourceVersion", "creationTimestamp", "generation",
    "managedFields", "selfLink",        "deletionTimestamp", "deletionGracePeriodSeconds"};

std::string GroupOf(const std::string& api_version) {
  const size_t slash = api_version.find('/');
  return slash == std::string::npos ? "" : api_version.substr(0, slash);
}

std::string IdentityKey(const std::string& api_version, const std::string& kind,
                        const std::string& ns, const std::string& name) {
  return GroupOf(api_version) + "/" + kind + "/" + ns + "/" + name;
}

}  // namespace

nlohmann::json ReplayableObject(const nlohmann::json& object) {
  nlohmann::json replayable = object;
  auto metadata = replayable.find("metadata");
  if (metadata == replayable.end() || !metadata->is_object()) return replayable;
  for (const char* field : kServerSetMetadata) metadata->erase(field);
  auto owners = metadata->find("ownerReferences");
  if (owners != metadata->end() && owners->is_array()) {
    for (nlohmann::json& owner : *owners) {
      if (owner.is_object()) owner.erase("uid");
    }
  }
  return replayable;
}

nlohmann::json WithoutStatus(nlohmann::json object) {
  object.erase("status");
  return object;
}

nlohmann::json ExpectedFinalState(const nlohmann::json& object) {
  const nlohmann::json metadata = object.value("metadata", nlohmann::json::object());
  nlohmann::json expected = {{"apiVersion", object.value("apiVersion", "")},
                             {"kind", object.value("kind", "")},
                             {"metadata", {{"name", metadata.value("name", "")}}}};
  for (const char* field : {"namespace", "labels"}) {
    if (metadata.contains(field)) expected["metadata"][field] = metadata[field];
  }
  for (const char* field : {"spec", "data"}) {
    if (object.contains(field)) expected[field] = object[field];
  }
  return expected;
}

std::string ObjectKey(const nlohmann::json& object) {
  const nlohmann::json metadata = object.value("metadata", nlohmann::json::object());
  return IdentityKey(object.value("apiVersion", ""), object.value("kind", ""),
                     metadata.value("namespace", ""), metadata.value("name", ""));
}

std::vector<std::string> OwnerKeys(const nlohmann::json& owner_reference, const std::string& ns) {
  const std::string api_version = owner_reference.value("apiVersion", "");
  const std::string kind = owner_reference.value("kind", "");
  const std::string name = owner_reference.value("name", "");
  std::vector<std::string> keys{IdentityKey(api_version, kind, "", name)};
  if (!ns.empty()) keys.push_back(IdentityKey(api_version, kind, ns, name));
  return keys;
}

std::string NamespaceKey(const std::string& name) {
  return IdentityKey("v1", "Namespace", "", name);
}

}  // namespace kubefake::testkit
