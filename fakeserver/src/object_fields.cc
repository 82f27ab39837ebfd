// Field paths of objects by schema, and their changes (R8.10).
#include "object_fields.h"

#include <set>
#include <string_view>

namespace kubefake::fakeserver {
namespace {

using Shape = SchemaNode::Shape;

// Appends one element to a path being built while it is in scope, so the walk keeps one path
// buffer instead of a string per level.
class PathElement {
 public:
  PathElement(FieldSet::Path& path, std::string_view prefix, std::string_view element)
      : path_(path), size_(path.size()) {
    if (!path.empty()) path += FieldSet::kSeparator;
    path += prefix;
    path += element;
  }
  ~PathElement() { path_.resize(size_); }
  PathElement(const PathElement&) = delete;
  PathElement& operator=(const PathElement&) = delete;

 private:
  FieldSet::Path& path_;
  size_t size_;
};

void Record(const FieldSet::Path& path, const nlohmann::json* value, FieldValues& out) {
  out.insert_or_assign(path, value);
}

void CollectValue(const nlohmann::json& value, const SchemaNode& node, FieldSet::Path& path,
                  FieldValues& out);

void CollectMembers(const nlohmann::json& object, const SchemaNode& node, FieldSet::Path& path,
                    FieldValues& out) {
  for (const auto& [key, child] : object.items()) {
    PathElement member(path, "f:", key);
    CollectValue(child, node.Child(key), path, out);
  }
}

void CollectValue(const nlohmann::json& value, const SchemaNode& node, FieldSet::Path& path,
                  FieldValues& out) {
  const Shape shape = node.ShapeOf(value);
  switch (shape) {
    case Shape::kStruct:
      CollectMembers(value, node, path, out);
      return;
    case Shape::kMap: {
      {
        PathElement self(path, "", ".");
        Record(path, nullptr, out);
      }
      CollectMembers(value, node, path, out);
      return;
    }
    case Shape::kSetList:
      for (const nlohmann::json& item : value) {
        PathElement element(path, "", *node.ItemElement(item, shape));
        Record(path, &item, out);
      }
      return;
    case Shape::kKeyedList: {
      const SchemaNode element = node.Element();
      for (const nlohmann::json& item : value) {
        PathElement item_element(path, "", *node.ItemElement(item, shape));
        {
          PathElement self(path, "", ".");
          Record(path, nullptr, out);
        }
        CollectMembers(item, element, path, out);
      }
      return;
    }
    case Shape::kAtomicList:
    case Shape::kLeaf:
      Record(path, &value, out);
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
  FieldSet::Path path;
  for (const auto& [key, child] : object.items()) {
    if (key == "apiVersion" || key == "kind" || (key == "status" && !track_status)) continue;
    PathElement member(path, "f:", key);
    if (key == "metadata") {
      if (!child.is_object()) continue;
      for (const auto& [meta_key, meta_value] : child.items()) {
        if (ServerOwnedMetadata().contains(meta_key)) continue;
        PathElement meta_member(path, "f:", meta_key);
        CollectValue(meta_value, meta.Child(meta_key), path, out);
      }
      continue;
    }
    CollectValue(child, root.Child(key), path, out);
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
