// Field paths of objects by schema, and their changes (R8.10).
#include "object_fields.h"

#include <set>
#include <string_view>

namespace kubefake::fakeserver {
namespace {

using Shape = SchemaNode::Shape;

void CollectValue(const nlohmann::json& value, const SchemaNode& node, const FieldSet::Path& path,
                  FieldValues& out);

void CollectMembers(const nlohmann::json& object, const SchemaNode& node,
                    const FieldSet::Path& path, FieldValues& out) {
  for (const auto& [key, child] : object.items()) {
    CollectValue(child, node.Child(key), FieldSet::Join(path, "f:" + key), out);
  }
}

void CollectValue(const nlohmann::json& value, const SchemaNode& node, const FieldSet::Path& path,
                  FieldValues& out) {
  const Shape shape = node.ShapeOf(value);
  switch (shape) {
    case Shape::kStruct:
      CollectMembers(value, node, path, out);
      return;
    case Shape::kMap:
      out[FieldSet::Join(path, ".")] = nullptr;
      CollectMembers(value, node, path, out);
      return;
    case Shape::kSetList:
      for (const nlohmann::json& item : value) {
        out[FieldSet::Join(path, *node.ItemElement(item, shape))] = &item;
      }
      return;
    case Shape::kKeyedList: {
      const SchemaNode element = node.Element();
      for (const nlohmann::json& item : value) {
        const FieldSet::Path item_path = FieldSet::Join(path, *node.ItemElement(item, shape));
        out[FieldSet::Join(item_path, ".")] = nullptr;
        CollectMembers(item, element, item_path, out);
      }
      return;
    }
    case Shape::kAtomicList:
    case Shape::kLeaf:
      out[path] = &value;
      return;
  }
}

const std::set<std::string_view>& ServerOwnedMetadata() {
  static const std::set<std::string_view> kFields = {"name",
                                                     "namespace",
                                                     "uid",
                                                     "resourceVersion",
                                                     "generation",
                                                     "creationTimestamp",
                                                     "deletionTimestamp",
                                                     "deletionGracePeriodSeconds",
                                                     "managedFields",
                                                     "selfLink"};
  return kFields;
}

}  // namespace

FieldValues CollectObjectFields(const nlohmann::json& object, const SchemaNode& root,
                                bool track_status) {
  FieldValues out;
  if (!object.is_object()) return out;
  const SchemaNode meta = root.Child("metadata");
  for (const auto& [key, child] : object.items()) {
    if (key == "apiVersion" || key == "kind" || (key == "status" && !track_status)) continue;
    if (key == "metadata") {
      if (!child.is_object()) continue;
      for (const auto& [meta_key, meta_value] : child.items()) {
        if (ServerOwnedMetadata().contains(meta_key)) continue;
        CollectValue(meta_value, meta.Child(meta_key),
                     FieldSet::Join("f:metadata", "f:" + meta_key), out);
      }
      continue;
    }
    CollectValue(child, root.Child(key), "f:" + key, out);
  }
  return out;
}

FieldSet PathsOf(const FieldValues& fields) {
  FieldSet set;
  for (const auto& [path, value] : fields) set.Insert(path);
  return set;
}

FieldChanges CompareFields(const FieldValues& before, const FieldValues& after) {
  FieldChanges changes;
  for (const auto& [path, value] : after) {
    auto it = before.find(path);
    if (it == before.end() || (value != nullptr && *it->second != *value)) {
      changes.changed.Insert(path);
    }
  }
  for (const auto& [path, value] : before) {
    if (!after.contains(path)) changes.removed.Insert(path);
  }
  return changes;
}

}  // namespace kubefake::fakeserver
