#include "kubefake/api/object.h"

namespace kubefake::api {
namespace {

// Keys are looked up as string_views here and below: compared by length and bytes, where a
// `const char*` key is measured again at every comparison of the map's search.
std::string_view StringAt(const nlohmann::json& json, std::string_view key) {
  if (!json.is_object()) return {};
  auto it = json.find(key);
  if (it == json.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

StringMap StringMapOf(const nlohmann::json* json) {
  StringMap map;
  if (json == nullptr || !json->is_object()) return map;
  for (const auto& [key, value] : json->items()) {
    if (value.is_string()) map.emplace(key, value.get<std::string>());
  }
  return map;
}

nlohmann::json JsonOf(const StringMap& map) {
  if (map.empty()) return nullptr;
  return nlohmann::json(map);
}

std::optional<Time> TimeOf(const nlohmann::json* json) {
  if (json == nullptr || !json->is_string()) return std::nullopt;
  Result<Time> t = Time::Parse(json->get_ref<const std::string&>());
  if (!t) return std::nullopt;
  return *t;
}

template <typename T>
std::vector<T> DecodeEach(const nlohmann::json* list) {
  std::vector<T> out;
  if (list == nullptr || !list->is_array()) return out;
  for (const nlohmann::json& item : *list) {
    try {
      out.push_back(item.get<T>());
    } catch (const nlohmann::json::exception&) {
      // Skipped, as documented: a malformed entry is not an OwnerReference.
    }
  }
  return out;
}

template <typename T>
nlohmann::json EncodeEach(const std::vector<T>& items) {
  if (items.empty()) return nullptr;
  nlohmann::json list = nlohmann::json::array();
  for (const T& item : items) list.push_back(item);
  return list;
}

}  // namespace

Object::Object() : json_(nlohmann::json::object()) {}

Result<Object> Object::FromJson(nlohmann::json json) {
  if (!json.is_object()) {
    return Fail(NewBadRequest("an object must be a JSON object, got " +
                              std::string(json.type_name())));
  }
  if (auto it = json.find("metadata"); it != json.end() && !it->is_object() && !it->is_null()) {
    return Fail(NewBadRequest("metadata must be an object, got " + std::string(it->type_name())));
  }
  return Object(std::move(json));
}

std::string_view Object::GetApiVersion() const { return StringAt(json_, "apiVersion"); }

void Object::SetApiVersion(std::string_view api_version) {
  if (!json_.is_object()) json_ = nlohmann::json::object();
  json_["apiVersion"] = api_version;
}

std::string_view Object::GetKind() const { return StringAt(json_, "kind"); }

void Object::SetKind(std::string_view kind) {
  if (!json_.is_object()) json_ = nlohmann::json::object();
  json_["kind"] = kind;
}

std::optional<GroupVersionKind> Object::GetGroupVersionKind() const {
  return GroupVersionKind::FromApiVersionAndKind(GetApiVersion(), GetKind());
}

void Object::SetGroupVersionKind(const GroupVersionKind& gvk) {
  SetApiVersion(gvk.GetGroupVersion().String());
  SetKind(gvk.kind);
}

const nlohmann::json* Object::MetadataField(const char* key) const {
  if (!json_.is_object()) return nullptr;
  auto metadata = json_.find(std::string_view("metadata"));
  if (metadata == json_.end() || !metadata->is_object()) return nullptr;
  auto it = metadata->find(std::string_view(key));
  return it == metadata->end() ? nullptr : &*it;
}

std::string_view Object::MetadataString(const char* key) const {
  const nlohmann::json* field = MetadataField(key);
  if (field == nullptr || !field->is_string()) return {};
  return field->get_ref<const std::string&>();
}

void Object::SetMetadataField(const char* key, nlohmann::json value) {
  if (!json_.is_object()) json_ = nlohmann::json::object();
  nlohmann::json& metadata = json_["metadata"];
  if (!metadata.is_object()) metadata = nlohmann::json::object();
  auto& members = metadata.get_ref<nlohmann::json::object_t&>();
  const auto it = members.find(std::string_view(key));
  if (value.is_null()) {
    if (it != members.end()) members.erase(it);
  } else if (it != members.end()) {
    it->second = std::move(value);
  } else {
    members.emplace_hint(it, key, std::move(value));
  }
}

std::string_view Object::GetName() const { return MetadataString("name"); }
void Object::SetName(std::string_view name) { SetMetadataField("name", name); }
std::string_view Object::GetGenerateName() const { return MetadataString("generateName"); }
void Object::SetGenerateName(std::string_view generate_name) {
  SetMetadataField("generateName", generate_name);
}
std::string_view Object::GetNamespace() const { return MetadataString("namespace"); }
void Object::SetNamespace(std::string_view ns) { SetMetadataField("namespace", ns); }
std::string_view Object::GetUid() const { return MetadataString("uid"); }
void Object::SetUid(std::string_view uid) { SetMetadataField("uid", uid); }
std::string_view Object::GetResourceVersion() const { return MetadataString("resourceVersion"); }
void Object::SetResourceVersion(std::string_view resource_version) {
  SetMetadataField("resourceVersion", resource_version);
}

int64_t Object::GetGeneration() const {
  const nlohmann::json* field = MetadataField("generation");
  if (field == nullptr || !field->is_number_integer()) return 0;
  return field->get<int64_t>();
}

void Object::SetGeneration(int64_t generation) {
  SetMetadataField("generation", generation == 0 ? nlohmann::json() : nlohmann::json(generation));
}

std::optional<Time> Object::GetCreationTimestamp() const {
  return TimeOf(MetadataField("creationTimestamp"));
}

void Object::SetCreationTimestamp(std::optional<Time> t) {
  SetMetadataField("creationTimestamp", t ? nlohmann::json(*t) : nlohmann::json());
}

std::optional<Time> Object::GetDeletionTimestamp() const {
  return TimeOf(MetadataField("deletionTimestamp"));
}

void Object::SetDeletionTimestamp(std::optional<Time> t) {
  SetMetadataField("deletionTimestamp", t ? nlohmann::json(*t) : nlohmann::json());
}

std::optional<int64_t> Object::GetDeletionGracePeriodSeconds() const {
  const nlohmann::json* field = MetadataField("deletionGracePeriodSeconds");
  if (field == nullptr || !field->is_number_integer()) return std::nullopt;
  return field->get<int64_t>();
}

void Object::SetDeletionGracePeriodSeconds(std::optional<int64_t> seconds) {
  SetMetadataField("deletionGracePeriodSeconds",
                   seconds ? nlohmann::json(*seconds) : nlohmann::json());
}

StringMap Object::GetLabels() const { return StringMapOf(MetadataField("labels")); }
void Object::SetLabels(const StringMap& labels) { SetMetadataField("labels", JsonOf(labels)); }
StringMap Object::GetAnnotations() const { return StringMapOf(MetadataField("annotations")); }
void Object::SetAnnotations(const StringMap& annotations) {
  SetMetadataField("annotations", JsonOf(annotations));
}

std::vector<std::string> Object::GetFinalizers() const {
  std::vector<std::string> finalizers;
  const nlohmann::json* list = MetadataField("finalizers");
  if (list == nullptr || !list->is_array()) return finalizers;
  for (const nlohmann::json& item : *list) {
    if (item.is_string()) finalizers.push_back(item.get<std::string>());
  }
  return finalizers;
}

void Object::SetFinalizers(const std::vector<std::string>& finalizers) {
  SetMetadataField("finalizers", finalizers.empty() ? nlohmann::json() : nlohmann::json(finalizers));
}

bool Object::HasFinalizer(std::string_view finalizer) const {
  const nlohmann::json* list = MetadataField("finalizers");
  if (list == nullptr || !list->is_array()) return false;
  for (const nlohmann::json& item : *list) {
    if (item.is_string() && item.get_ref<const std::string&>() == finalizer) return true;
  }
  return false;
}

std::vector<meta::v1::OwnerReference> Object::GetOwnerReferences() const {
  return DecodeEach<meta::v1::OwnerReference>(MetadataField("ownerReferences"));
}

void Object::SetOwnerReferences(const std::vector<meta::v1::OwnerReference>& owners) {
  SetMetadataField("ownerReferences", EncodeEach(owners));
}

std::vector<meta::v1::ManagedFieldsEntry> Object::GetManagedFields() const {
  return DecodeEach<meta::v1::ManagedFieldsEntry>(MetadataField("managedFields"));
}

void Object::SetManagedFields(const std::vector<meta::v1::ManagedFieldsEntry>& entries) {
  SetMetadataField("managedFields", EncodeEach(entries));
}

}  // namespace kubefake::api
