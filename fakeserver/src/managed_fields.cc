#include "managed_fields.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "kubefake/api/openapi_schema.h"

namespace kubefake::fakeserver {
namespace {

constexpr size_t kMaxManagerLength = 128;
constexpr char kSeparator = '\x1f';
constexpr std::string_view kObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

// The field paths of one object ("f:spec\x1ff:replicas"), each mapped to the value there, or
// to nullptr for the "." member marker of a map or an associative list item.
using FieldValues = std::map<std::string, const nlohmann::json*>;
using PathSet = std::set<std::string>;

std::string Join(const std::string& prefix, std::string_view element) {
  std::string path = prefix;
  if (!path.empty()) path += kSeparator;
  path += element;
  return path;
}

void CollectValue(const nlohmann::json& value, const api::ValueSchema* schema,
                  const api::FieldSchema* field, const std::string& path, FieldValues& out);

void CollectStruct(const nlohmann::json& object, const api::TypeSchema* type,
                   const std::string& path, FieldValues& out) {
  for (const auto& [key, child] : object.items()) {
    const api::FieldSchema* field = type ? type->FindField(key) : nullptr;
    CollectValue(child, field ? &field->value : nullptr, field, Join(path, "f:" + key), out);
  }
}

// The key fields of an associative list, from x-kubernetes-list-map-keys or the patch merge
// key; empty for atomic lists and sets.
std::vector<std::string> ListKeys(const api::FieldSchema* field) {
  std::vector<std::string> keys;
  if (field == nullptr) return keys;
  if (field->list_type == "map") {
    for (std::string_view key : field->list_map_keys) keys.emplace_back(key);
  } else if (field->list_type.empty() && !field->patch_merge_key.empty()) {
    keys.emplace_back(field->patch_merge_key);
  }
  return keys;
}

// k:{"name":"nginx"}; nullopt when the item has none of the key fields.
std::optional<std::string> ItemKey(const nlohmann::json& item,
                                   const std::vector<std::string>& keys) {
  if (!item.is_object()) return std::nullopt;
  nlohmann::json key = nlohmann::json::object();
  for (const std::string& name : keys) {
    if (auto it = item.find(name); it != item.end()) key[name] = *it;
  }
  if (key.empty()) return std::nullopt;
  return "k:" + key.dump();
}

void CollectList(const nlohmann::json& list, const api::ValueSchema* element,
                 const api::FieldSchema* field, const std::string& path, FieldValues& out) {
  if (field != nullptr && field->list_type == "set") {
    for (const nlohmann::json& item : list) out[Join(path, "v:" + item.dump())] = &item;
    return;
  }
  const std::vector<std::string> keys = ListKeys(field);
  std::vector<std::string> item_keys;
  for (const nlohmann::json& item : list) {
    std::optional<std::string> key = keys.empty() ? std::nullopt : ItemKey(item, keys);
    if (!key) {
      out[path] = &list;  // atomic, or items without keys: the list is owned as a whole
      return;
    }
    item_keys.push_back(std::move(*key));
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string item_path = Join(path, item_keys[i]);
    out[Join(item_path, ".")] = nullptr;
    const api::TypeSchema* type = element ? element->ref : nullptr;
    CollectStruct(list[i], type, item_path, out);
  }
}

void CollectValue(const nlohmann::json& value, const api::ValueSchema* schema,
                  const api::FieldSchema* field, const std::string& path, FieldValues& out) {
  // Without a schema (custom resources, unknown fields) objects are granular maps.
  const api::SchemaType type = schema ? schema->type : api::SchemaType::kMap;
  const bool atomic = field != nullptr && field->map_type == "atomic";
  if (value.is_object() && !value.empty() && !atomic) {
    if (type == api::SchemaType::kObject && schema->ref && schema->ref->map_type != "atomic") {
      CollectStruct(value, schema->ref, path, out);
      return;
    }
    if (type == api::SchemaType::kMap) {
      out[Join(path, ".")] = nullptr;
      const api::ValueSchema* element = schema ? schema->element : nullptr;
      for (const auto& [key, child] : value.items()) {
        CollectValue(child, element, nullptr, Join(path, "f:" + key), out);
      }
      return;
    }
  }
  if (value.is_array() && !value.empty() && type == api::SchemaType::kArray) {
    CollectList(value, schema->element, field, path, out);
    return;
  }
  out[path] = &value;
}

const std::set<std::string_view>& ServerOwnedMetadata() {
  static const std::set<std::string_view> kFields = {
      "name",          "namespace",         "uid",
      "resourceVersion", "generation",      "creationTimestamp",
      "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields",
      "selfLink"};
  return kFields;
}

FieldValues CollectObject(const api::Object& object, bool track_status) {
  FieldValues out;
  const nlohmann::json& json = object.json();
  if (!json.is_object()) return out;
  const std::optional<api::GroupVersionKind> gvk = object.GetGroupVersionKind();
  const api::TypeSchema* type = gvk ? api::FindTypeSchema(*gvk) : nullptr;
  const api::TypeSchema* meta = api::FindTypeSchema(kObjectMeta);
  for (const auto& [key, child] : json.items()) {
    if (key == "apiVersion" || key == "kind" || (key == "status" && !track_status)) continue;
    if (key == "metadata") {
      if (!child.is_object()) continue;
      for (const auto& [meta_key, meta_value] : child.items()) {
        if (ServerOwnedMetadata().contains(meta_key)) continue;
        const api::FieldSchema* field = meta ? meta->FindField(meta_key) : nullptr;
        CollectValue(meta_value, field ? &field->value : nullptr, field,
                     Join("f:metadata", "f:" + meta_key), out);
      }
      continue;
    }
    const api::FieldSchema* field = type ? type->FindField(key) : nullptr;
    CollectValue(child, field ? &field->value : nullptr, field, "f:" + key, out);
  }
  return out;
}

// FieldsV1 JSON <-> path sets.
void FlattenFieldsV1(const nlohmann::json& node, const std::string& path, PathSet& out) {
  if (!node.is_object() || node.empty()) {
    if (!path.empty()) out.insert(path);
    return;
  }
  for (const auto& [key, child] : node.items()) FlattenFieldsV1(child, Join(path, key), out);
}

nlohmann::json ToFieldsV1(const PathSet& paths) {
  nlohmann::json root = nlohmann::json::object();
  for (const std::string& path : paths) {
    nlohmann::json* node = &root;
    size_t start = 0;
    while (true) {
      const size_t end = path.find(kSeparator, start);
      nlohmann::json& child = (*node)[path.substr(start, end - start)];
      if (!child.is_object()) child = nlohmann::json::object();
      node = &child;
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  return root;
}

struct ManagedEntry {
  nlohmann::json entry;  // everything but fieldsV1
  PathSet fields;
};

std::vector<ManagedEntry> ReadEntries(const api::Object* object) {
  std::vector<ManagedEntry> entries;
  if (object == nullptr) return entries;
  const nlohmann::json& json = object->json();
  auto metadata = json.find("metadata");
  if (metadata == json.end() || !metadata->is_object()) return entries;
  auto managed = metadata->find("managedFields");
  if (managed == metadata->end() || !managed->is_array()) return entries;
  for (const nlohmann::json& raw : *managed) {
    if (!raw.is_object()) continue;
    ManagedEntry entry{raw, {}};
    if (auto fields = raw.find("fieldsV1"); fields != raw.end()) {
      FlattenFieldsV1(*fields, "", entry.fields);
    }
    entry.entry.erase("fieldsV1");
    entries.push_back(std::move(entry));
  }
  return entries;
}

bool SameManager(const nlohmann::json& entry, std::string_view manager,
                 std::string_view api_version, std::string_view subresource) {
  return entry.value("manager", "") == manager && entry.value("operation", "") == "Update" &&
         entry.value("apiVersion", "") == api_version &&
         entry.value("subresource", "") == subresource;
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

void RecordUpdateManagedFields(const api::Object* old, api::Object& object,
                               std::string_view manager, bool track_status, api::Time now,
                               std::string_view subresource) {
  const FieldValues new_fields = CollectObject(object, track_status);
  FieldValues old_fields;
  if (old != nullptr) old_fields = CollectObject(*old, track_status);

  PathSet changed;
  for (const auto& [path, value] : new_fields) {
    auto it = old_fields.find(path);
    if (it == old_fields.end() || (value != nullptr && *it->second != *value)) {
      changed.insert(path);
    }
  }
  PathSet removed;
  for (const auto& [path, value] : old_fields) {
    if (!new_fields.contains(path)) removed.insert(path);
  }

  const std::string api_version(object.GetApiVersion());
  std::vector<ManagedEntry> entries = ReadEntries(old);
  auto mine = std::ranges::find_if(entries, [&](const ManagedEntry& entry) {
    return SameManager(entry.entry, manager, api_version, subresource);
  });
  if (mine == entries.end()) {
    entries.push_back(ManagedEntry{{{"manager", manager},
                                    {"operation", "Update"},
                                    {"apiVersion", api_version},
                                    {"fieldsType", "FieldsV1"}},
                                   {}});
    if (!subresource.empty()) entries.back().entry["subresource"] = subresource;
    mine = entries.end() - 1;
  }
  const bool touched = !changed.empty() || !removed.empty() || old == nullptr;
  for (ManagedEntry& entry : entries) {
    for (const std::string& path : removed) entry.fields.erase(path);
    if (&entry == &*mine) {
      entry.fields.insert(changed.begin(), changed.end());
      if (touched) entry.entry["time"] = now;
    } else {
      for (const std::string& path : changed) entry.fields.erase(path);
    }
  }
  nlohmann::json managed = nlohmann::json::array();
  for (ManagedEntry& entry : entries) {
    if (entry.fields.empty()) continue;
    entry.entry["fieldsV1"] = ToFieldsV1(entry.fields);
    managed.push_back(std::move(entry.entry));
  }
  nlohmann::json& metadata = object.mutable_json()["metadata"];
  if (managed.empty()) {
    metadata.erase("managedFields");
  } else {
    metadata["managedFields"] = std::move(managed);
  }
}

}  // namespace kubefake::fakeserver
