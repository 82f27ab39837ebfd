// Field paths of objects by schema, and their changes (R8.10).
#include "object_fields.h"

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kubefake::fakeserver {
namespace {

using Shape = SchemaNode::Shape;

// Where a walk puts what it finds: Push and Pop bracket each path element, Record marks the
// current path as a field with `value` (nullptr for `.` members).
//
// PathSink keeps one path buffer and records each path with its value.
class PathSink {
 public:
  explicit PathSink(FieldValues& out) : out_(out) {}
  void Push(std::string_view prefix, std::string_view element) {
    sizes_.push_back(path_.size());
    if (!path_.empty()) path_ += FieldSet::kSeparator;
    path_ += prefix;
    path_ += element;
  }
  void Pop() {
    path_.resize(sizes_.back());
    sizes_.pop_back();
  }
  // Paths mostly come in ascending order (as FieldSet::FromFieldsV1 meets them), so the end is
  // the usual place.
  void Record(const nlohmann::json* value) { out_.insert_or_assign(out_.end(), path_, value); }

 private:
  FieldValues& out_;
  FieldSet::Path path_;
  std::vector<size_t> sizes_;
};

// TreeSink builds the FieldsV1 trie itself: a path's nodes are made when a field under them is
// recorded, so elements with nothing below them leave no node (as FieldSet::ToFieldsV1). An
// element's name moves into its node's key: once the node exists the name is not read again.
class TreeSink {
 public:
  explicit TreeSink(nlohmann::json& root) : nodes_{&root} {}
  void Push(std::string_view prefix, std::string_view element) {
    std::string& name = elements_.emplace_back();
    name.reserve(prefix.size() + element.size());
    name += prefix;
    name += element;
  }
  void Pop() {
    elements_.pop_back();
    if (nodes_.size() > elements_.size() + 1) nodes_.pop_back();
  }
  void Record(const nlohmann::json* /*value*/) {
    while (nodes_.size() <= elements_.size()) {
      auto& members = nodes_.back()->get_ref<nlohmann::json::object_t&>();
      // Members mostly come in key order, so the end is the usual place. Every node is made
      // here, as an object.
      auto child = members.try_emplace(members.end(), std::move(elements_[nodes_.size() - 1]),
                                       nlohmann::json::value_t::object);
      nodes_.push_back(&child->second);
    }
  }

 private:
  std::vector<std::string> elements_;
  std::vector<nlohmann::json*> nodes_;  // the made nodes of elements_' prefix, root first
};

// One path element while it is in scope.
template <typename Sink>
class PathElement {
 public:
  PathElement(Sink& sink, std::string_view prefix, std::string_view element) : sink_(sink) {
    sink_.Push(prefix, element);
  }
  ~PathElement() { sink_.Pop(); }
  PathElement(const PathElement&) = delete;
  PathElement& operator=(const PathElement&) = delete;

 private:
  Sink& sink_;
};

template <typename Sink>
void CollectValue(const nlohmann::json& value, const SchemaNode& node, Sink& out);

template <typename Sink>
void CollectMembers(const nlohmann::json& object, const SchemaNode& node, Sink& out) {
  for (const auto& [key, child] : object.items()) {
    PathElement member(out, "f:", key);
    CollectValue(child, node.Child(key), out);
  }
}

template <typename Sink>
void CollectValue(const nlohmann::json& value, const SchemaNode& node, Sink& out) {
  const Shape shape = node.ShapeOf(value);
  switch (shape) {
    case Shape::kStruct:
      CollectMembers(value, node, out);
      return;
    case Shape::kMap: {
      {
        PathElement self(out, "", ".");
        out.Record(nullptr);
      }
      CollectMembers(value, node, out);
      return;
    }
    case Shape::kSetList:
      for (const nlohmann::json& item : value) {
        PathElement element(out, "", *node.ItemElement(item, shape));
        out.Record(&item);
      }
      return;
    case Shape::kKeyedList: {
      const SchemaNode element = node.Element();
      for (const nlohmann::json& item : value) {
        PathElement item_element(out, "", *node.ItemElement(item, shape));
        {
          PathElement self(out, "", ".");
          out.Record(nullptr);
        }
        CollectMembers(item, element, out);
      }
      return;
    }
    case Shape::kAtomicList:
    case Shape::kLeaf:
      out.Record(&value);
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

template <typename Sink>
void CollectObject(const nlohmann::json& object, const SchemaNode& root, bool track_status,
                   Sink& out) {
  if (!object.is_object()) return;
  const SchemaNode meta = root.Child("metadata");
  for (const auto& [key, child] : object.items()) {
    if (key == "apiVersion" || key == "kind" || (key == "status" && !track_status)) continue;
    PathElement member(out, "f:", key);
    if (key == "metadata") {
      if (!child.is_object()) continue;
      for (const auto& [meta_key, meta_value] : child.items()) {
        if (ServerOwnedMetadata().contains(meta_key)) continue;
        PathElement meta_member(out, "f:", meta_key);
        CollectValue(meta_value, meta.Child(meta_key), out);
      }
      continue;
    }
    CollectValue(child, root.Child(key), out);
  }
}

}  // namespace

FieldValues CollectObjectFields(const nlohmann::json& object, const SchemaNode& root,
                                bool track_status) {
  FieldValues out;
  PathSink sink(out);
  CollectObject(object, root, track_status, sink);
  return out;
}

nlohmann::json CollectObjectFieldsV1(const nlohmann::json& object, const SchemaNode& root,
                                     bool track_status) {
  nlohmann::json out = nlohmann::json::object();
  TreeSink sink(out);
  CollectObject(object, root, track_status, sink);
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
