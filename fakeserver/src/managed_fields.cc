#include "managed_fields.h"

#include <algorithm>
#include <map>

#include "kubefake/api/openapi_schema.h"
#include "object_fields.h"

namespace kubefake::fakeserver {
namespace {

constexpr size_t kMaxManagerLength = 128;
constexpr size_t kMaxUpdateManagers = 10;  // DefaultMaxUpdateManagers
constexpr std::string_view kAncientChanges = "ancient-changes";

// isResetManagedFields: an update that sends `managedFields: []` or `[{}]` clears them.
bool ResetsManagedFields(const nlohmann::json& object) {
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return false;
  auto managed = metadata->find("managedFields");
  if (managed == metadata->end() || !managed->is_array()) return false;
  return managed->empty() ||
         (managed->size() == 1 && (*managed)[0].is_object() && (*managed)[0].empty());
}

bool IsUpdate(const ManagedFieldsEntry& entry) {
  return entry.entry.value("operation", "") == "Update";
}

bool SameUpdater(const nlohmann::json& entry, std::string_view manager,
                 std::string_view api_version, std::string_view subresource) {
  return entry.value("manager", "") == manager && entry.value("operation", "") == "Update" &&
         entry.value("apiVersion", "") == api_version &&
         entry.value("subresource", "") == subresource;
}

// capManagersManager: the oldest Update entries beyond the cap go into one `ancient-changes`
// entry per apiVersion, which takes the time of the newest entry merged into it.
void CapUpdateEntries(std::vector<ManagedFieldsEntry>& entries) {
  std::vector<size_t> updaters;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (IsUpdate(entries[i])) updaters.push_back(i);
  }
  if (updaters.size() <= kMaxUpdateManagers) return;
  std::ranges::stable_sort(updaters, [&](size_t a, size_t b) {
    return entries[a].entry.value("time", "") < entries[b].entry.value("time", "");
  });
  std::map<std::string, size_t> bucket_of_version;
  std::vector<bool> dropped(entries.size(), false);
  size_t count = updaters.size();
  for (size_t i = 0; i < updaters.size() && count > kMaxUpdateManagers; ++i) {
    ManagedFieldsEntry& entry = entries[updaters[i]];
    const std::string version = entry.entry.value("apiVersion", "");
    auto bucket = bucket_of_version.find(version);
    if (bucket == bucket_of_version.end()) {
      bucket_of_version.emplace(version, updaters[i]);
      continue;
    }
    ManagedFieldsEntry& target = entries[bucket->second];
    target.entry["manager"] = kAncientChanges;
    target.entry.erase("subresource");
    target.fields = target.fields.Union(entry.fields);
    if (entry.entry.contains("time")) target.entry["time"] = entry.entry["time"];
    dropped[updaters[i]] = true;
    --count;
  }
  std::vector<ManagedFieldsEntry> kept;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!dropped[i]) kept.push_back(std::move(entries[i]));
  }
  entries = std::move(kept);
}

}  // namespace

std::string FieldManagerFor(const Request& request, std::string_view field_manager) {
  if (!field_manager.empty()) return std::string(field_manager);
  std::string_view agent = request.headers.Get("User-Agent").value_or("");
  agent = agent.substr(0, agent.find('/'));
  std::string manager;
  for (char c : agent) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) manager += c;
  }
  if (manager.size() > kMaxManagerLength) manager.resize(kMaxManagerLength);
  return manager;
}

SchemaNode ObjectSchema(const RequestScope& scope) {
  if (scope.custom) {
    return SchemaNode::Custom(scope.custom_resource ? &scope.custom_resource->schema : nullptr);
  }
  return SchemaNode::Builtin(api::FindTypeSchema(scope.kind()));
}

std::vector<ManagedFieldsEntry> ReadManagedFields(const nlohmann::json& object) {
  std::vector<ManagedFieldsEntry> entries;
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return entries;
  auto managed = metadata->find("managedFields");
  if (managed == metadata->end() || !managed->is_array()) return entries;
  for (const nlohmann::json& raw : *managed) {
    if (!raw.is_object()) continue;
    ManagedFieldsEntry entry{nlohmann::json::object(), {}};
    for (const auto& [key, value] : raw.items()) {
      if (key == "fieldsV1") {
        entry.fields = FieldSet::FromFieldsV1(value);
      } else {
        entry.entry[key] = value;
      }
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

void WriteManagedFields(std::vector<ManagedFieldsEntry> entries, nlohmann::json& object) {
  std::erase_if(entries, [](const ManagedFieldsEntry& entry) { return entry.fields.empty(); });
  CapUpdateEntries(entries);
  nlohmann::json managed = nlohmann::json::array();
  for (ManagedFieldsEntry& entry : entries) {
    entry.entry["fieldsV1"] = entry.fields.ToFieldsV1();
    managed.push_back(std::move(entry.entry));
  }
  nlohmann::json& metadata = object["metadata"];
  if (managed.empty()) {
    metadata.erase("managedFields");
  } else {
    metadata["managedFields"] = std::move(managed);
  }
}

void RecordUpdateManagedFields(const api::Object* old, api::Object& object, const SchemaNode& root,
                               std::string_view manager, bool track_status, api::Time now,
                               std::string_view subresource) {
  if (old != nullptr && ResetsManagedFields(object.json())) {
    object.mutable_json()["metadata"].erase("managedFields");
    return;
  }
  const std::string api_version(object.GetApiVersion());
  if (old == nullptr) {
    // A create: the manager's entry owns every field and is the only one, so its FieldsV1 is
    // built directly (as WriteManagedFields would write the one entry; none without fields).
    nlohmann::json fields = CollectObjectFieldsV1(object.json(), root, track_status);
    nlohmann::json& metadata = object.mutable_json()["metadata"];
    if (fields.empty()) {
      metadata.erase("managedFields");
      return;
    }
    // Members emplaced one by one: an initializer list builds a pair array for each.
    nlohmann::json entry(nlohmann::json::value_t::object);
    auto& members = entry.get_ref<nlohmann::json::object_t&>();
    members.emplace("apiVersion", api_version);
    members.emplace("fieldsType", "FieldsV1");
    members.emplace("fieldsV1", std::move(fields));
    members.emplace("manager", manager);
    members.emplace("operation", "Update");
    if (!subresource.empty()) members.emplace("subresource", subresource);
    members.emplace("time", now);
    nlohmann::json managed = nlohmann::json::array();
    managed.push_back(std::move(entry));
    metadata["managedFields"] = std::move(managed);
    return;
  }
  const FieldValues new_fields = CollectObjectFields(object.json(), root, track_status);
  const FieldValues old_fields = CollectObjectFields(old->json(), root, track_status);
  FieldChanges changes = CompareFields(old_fields, new_fields);

  std::vector<ManagedFieldsEntry> entries = ReadManagedFields(old->json());
  auto mine = std::ranges::find_if(entries, [&](const ManagedFieldsEntry& entry) {
    return SameUpdater(entry.entry, manager, api_version, subresource);
  });
  if (mine == entries.end()) {
    entries.push_back(ManagedFieldsEntry{{{"manager", manager},
                                          {"operation", "Update"},
                                          {"apiVersion", api_version},
                                          {"fieldsType", "FieldsV1"}},
                                         {}});
    if (!subresource.empty()) entries.back().entry["subresource"] = subresource;
    mine = entries.end() - 1;
  }
  const bool touched = !changes.changed.empty() || !changes.removed.empty();
  // Every entry loses the removed fields, the others the changed ones too, which go to mine.
  for (ManagedFieldsEntry& entry : entries) {
    if (!changes.removed.empty()) entry.fields = entry.fields.Difference(changes.removed);
    if (&entry != &*mine && !changes.changed.empty()) {
      entry.fields = entry.fields.Difference(changes.changed);
    }
  }
  mine->fields =
      mine->fields.empty() ? std::move(changes.changed) : mine->fields.Union(changes.changed);
  if (touched) mine->entry["time"] = now;
  WriteManagedFields(std::move(entries), object.mutable_json());
}

}  // namespace kubefake::fakeserver
