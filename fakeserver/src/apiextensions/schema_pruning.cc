// Structural pruning and defaulting over openAPIV3Schema JSON.
#include "apiextensions/schema_pruning.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "apiextensions/schema_props.h"

namespace kubefake::fakeserver::apiextensions {
namespace {

using nlohmann::json;

// metav1.ObjectMeta's JSON fields: anything else under metadata is dropped on decode.
constexpr std::array<std::string_view, 16> kObjectMetaFields = {"annotations",
                                                                "creationTimestamp",
                                                                "deletionGracePeriodSeconds",
                                                                "deletionTimestamp",
                                                                "finalizers",
                                                                "generateName",
                                                                "generation",
                                                                "labels",
                                                                "managedFields",
                                                                "name",
                                                                "namespace",
                                                                "ownerReferences",
                                                                "resourceVersion",
                                                                "selfLink",
                                                                "uid",
                                                                "clusterName"};

const json* Child(const json& schema, const char* key) {
  auto it = schema.find(key);
  return it != schema.end() && it->is_object() ? &*it : nullptr;
}

class Pruner {
 public:
  std::vector<std::string> Take() {
    std::ranges::sort(pruned_);
    return std::move(pruned_);
  }

  void PruneMetadata(json& metadata, const std::string& path) {
    if (!metadata.is_object()) return;
    for (auto it = metadata.begin(); it != metadata.end();) {
      if (std::ranges::find(kObjectMetaFields, it.key()) == kObjectMetaFields.end()) {
        pruned_.push_back(ChildPath(path, it.key()));
        it = metadata.erase(it);
      } else {
        ++it;
      }
    }
  }

  // `root` (the object itself) and embedded resources keep apiVersion, kind and metadata.
  void Prune(json& value, const json& schema, const std::string& path, bool resource_root) {
    if (SchemaFlag(schema, "x-kubernetes-int-or-string")) return;
    if (value.is_array()) {
      if (const json* items = Child(schema, "items")) {
        for (size_t i = 0; i < value.size(); ++i) {
          Prune(value[i], *items, path + "[" + std::to_string(i) + "]", false);
        }
      }
      return;
    }
    if (!value.is_object()) return;
    const bool preserve = SchemaFlag(schema, "x-kubernetes-preserve-unknown-fields");
    const bool embedded = resource_root || SchemaFlag(schema, "x-kubernetes-embedded-resource");
    const json* properties = Child(schema, "properties");
    const json* additional = Child(schema, "additionalProperties");
    for (auto it = value.begin(); it != value.end();) {
      const std::string& key = it.key();
      const std::string child_path = ChildPath(path, key);
      if (embedded && (key == "apiVersion" || key == "kind")) {
        ++it;
        continue;
      }
      if (embedded && key == "metadata") {
        PruneMetadata(*it, child_path);
        ++it;
        continue;
      }
      const json* child = nullptr;
      if (properties != nullptr) {
        if (auto p = properties->find(key); p != properties->end() && p->is_object()) child = &*p;
      }
      if (child == nullptr && additional != nullptr) child = additional;
      if (child != nullptr) {
        Prune(*it, *child, child_path, false);
      } else if (!preserve) {
        pruned_.push_back(child_path);
        it = value.erase(it);
        continue;
      }
      ++it;
    }
  }

 private:
  std::vector<std::string> pruned_;
};

}  // namespace

std::vector<std::string> PruneBySchema(json& object, const json& schema) {
  Pruner pruner;
  pruner.Prune(object, schema, "", true);
  return pruner.Take();
}

void ApplySchemaDefaults(json& object, const json& schema) {
  if (object.is_array()) {
    if (const json* items = Child(schema, "items")) {
      for (json& item : object) ApplySchemaDefaults(item, *items);
    }
    return;
  }
  if (!object.is_object()) return;
  if (const json* properties = Child(schema, "properties")) {
    for (const auto& [key, property] : properties->items()) {
      if (!property.is_object()) continue;
      auto it = object.find(key);
      const bool absent =
          it == object.end() || (it->is_null() && !SchemaFlag(property, "nullable"));
      if (absent && property.contains("default")) object[key] = property["default"];
      if (auto present = object.find(key); present != object.end()) {
        ApplySchemaDefaults(*present, property);
      }
    }
  }
  // A structural schema has properties or additionalProperties, never both.
  if (const json* additional = Child(schema, "additionalProperties")) {
    for (auto& [key, value] : object.items()) ApplySchemaDefaults(value, *additional);
  }
}

}  // namespace kubefake::fakeserver::apiextensions
