// Merging applied configurations and removing fields by schema (R8.8).
#include "apply_merge.h"

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kubefake::fakeserver {
namespace {

using Shape = SchemaNode::Shape;

bool IsComposite(Shape shape) { return shape != Shape::kLeaf && shape != Shape::kAtomicList; }

// The path element of each item, or nullopt when one item has none (the list is then atomic).
std::optional<std::vector<std::string>> ItemElements(const nlohmann::json& list,
                                                     const SchemaNode& node, Shape shape) {
  std::vector<std::string> elements;
  for (const nlohmann::json& item : list) {
    std::optional<std::string> element = node.ItemElement(item, shape);
    if (!element) return std::nullopt;
    elements.push_back(std::move(*element));
  }
  return elements;
}

// structured-merge-diff's list interleave: live items the configuration lacks keep their
// place, the items both have follow the configuration's order, and the configuration's new
// items come where the configuration puts them relative to those.
nlohmann::json MergeList(const nlohmann::json& live, const nlohmann::json& config,
                         const SchemaNode& node, Shape shape) {
  const std::optional<std::vector<std::string>> lhs = ItemElements(live, node, shape);
  const std::optional<std::vector<std::string>> rhs = ItemElements(config, node, shape);
  if (!lhs || !rhs) return config;
  std::map<std::string, size_t> in_live;
  for (size_t i = 0; i < lhs->size(); ++i) in_live.emplace((*lhs)[i], i);
  std::map<std::string, size_t> in_config;
  for (size_t i = 0; i < rhs->size(); ++i) in_config.emplace((*rhs)[i], i);
  std::deque<std::string> shared;  // in the configuration's order
  for (const std::string& element : *rhs) {
    if (in_live.contains(element)) shared.push_back(element);
  }
  const SchemaNode element_node = node.Element();
  auto merge_item = [&](const std::string& element) {
    const nlohmann::json& from_config = config[in_config.at(element)];
    auto from_live = in_live.find(element);
    if (from_live == in_live.end() || shape == Shape::kSetList) return from_config;
    return MergeApplied(live[from_live->second], from_config, element_node);
  };
  nlohmann::json merged = nlohmann::json::array();
  size_t l = 0;
  size_t r = 0;
  while (l < lhs->size() || r < rhs->size()) {
    if (l < lhs->size() && r < rhs->size()) {
      const std::string& element = (*lhs)[l];
      if (element == (*rhs)[r]) {
        merged.push_back(merge_item(element));
        ++l;
        ++r;
        if (!shared.empty()) shared.pop_front();
        continue;
      }
      if (in_config.contains(element) && !shared.empty() && shared.front() != element) {
        ++l;  // a shared item that comes later, in the configuration's order
        continue;
      }
    }
    if (l < lhs->size() && !in_config.contains((*lhs)[l])) {
      merged.push_back(live[l]);
      ++l;
      continue;
    }
    if (r < rhs->size()) {
      const std::string& element = (*rhs)[r];
      merged.push_back(merge_item(element));
      ++r;
      if (!shared.empty() && shared.front() == element) shared.pop_front();
      continue;
    }
    ++l;  // a shared item the configuration's order has placed already
  }
  return merged;
}

void Prune(nlohmann::json& value, const SchemaNode& node, const FieldSet::Path& path,
           const FieldSet& remove, const FieldSet& keep);

// Whether the member or item at `path` goes: its value is owned as a whole, or its `.` is
// owned and nobody keeps anything below it.
bool Removed(const FieldSet::Path& path, const FieldSet& remove, const FieldSet& keep) {
  if (remove.Contains(path)) return true;
  return remove.Contains(FieldSet::Join(path, ".")) && !keep.ContainsPrefix(path);
}

// Prunes below `child` and says whether pruning emptied it with nothing kept below it.
bool PruneChild(nlohmann::json& child, const SchemaNode& node, const FieldSet::Path& path,
                const FieldSet& remove, const FieldSet& keep) {
  if (!IsComposite(node.ShapeOf(child))) return false;
  Prune(child, node, path, remove, keep);
  return child.empty() && !keep.ContainsPrefix(path);
}

void Prune(nlohmann::json& value, const SchemaNode& node, const FieldSet::Path& path,
           const FieldSet& remove, const FieldSet& keep) {
  const Shape shape = node.ShapeOf(value);
  if (shape == Shape::kStruct || shape == Shape::kMap) {
    std::vector<std::string> gone;
    for (auto& [key, child] : value.items()) {
      const FieldSet::Path child_path = FieldSet::Join(path, "f:" + key);
      if (Removed(child_path, remove, keep) ||
          PruneChild(child, node.Child(key), child_path, remove, keep)) {
        gone.push_back(key);
      }
    }
    for (const std::string& key : gone) value.erase(key);
    return;
  }
  if (shape != Shape::kKeyedList && shape != Shape::kSetList) return;
  const SchemaNode element = node.Element();
  nlohmann::json kept = nlohmann::json::array();
  for (nlohmann::json& item : value) {
    const std::string item_element = *node.ItemElement(item, shape);
    const FieldSet::Path item_path = FieldSet::Join(path, item_element);
    if (Removed(item_path, remove, keep)) continue;
    if (shape == Shape::kKeyedList) {
      // An item that stays keeps its key fields (`k:{...}`), whoever owned them.
      const nlohmann::json key = nlohmann::json::parse(item_element.substr(2));
      Prune(item, element, item_path, remove, keep);
      item.update(key);
    }
    kept.push_back(std::move(item));
  }
  value = std::move(kept);
}

}  // namespace

nlohmann::json MergeApplied(const nlohmann::json& live, const nlohmann::json& config,
                            const SchemaNode& node) {
  const Shape live_shape = node.ShapeOf(live);
  // An empty configuration object applies nothing below it.
  if (config.is_object() && config.empty() &&
      (live_shape == Shape::kStruct || live_shape == Shape::kMap)) {
    return live;
  }
  const Shape shape = node.ShapeOf(config);
  switch (shape) {
    case Shape::kStruct:
    case Shape::kMap: {
      if (!live.is_object()) return config;
      nlohmann::json merged = live;
      for (const auto& [key, child] : config.items()) {
        auto it = live.find(key);
        merged[key] = it == live.end() ? child : MergeApplied(*it, child, node.Child(key));
      }
      return merged;
    }
    case Shape::kKeyedList:
    case Shape::kSetList:
      if (live_shape != shape) return config;
      return MergeList(live, config, node, shape);
    case Shape::kAtomicList:
    case Shape::kLeaf:
      return config;
  }
  return config;
}

void RemoveFields(nlohmann::json& object, const SchemaNode& root, const FieldSet& remove,
                  const FieldSet& keep) {
  if (remove.empty()) return;
  Prune(object, root, "", remove, keep);
}

}  // namespace kubefake::fakeserver
