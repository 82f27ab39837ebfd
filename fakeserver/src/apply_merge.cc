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

nlohmann::json MergeList(const nlohmann::json& live, const nlohmann::json& config,
                         const SchemaNode& node, Shape shape) {
  const std::optional<std::vector<std::string>> live_elements = ItemElements(live, node, shape);
  const std::optional<std::vector<std::string>> config_elements = ItemElements(config, node, shape);
  if (!live_elements || !config_elements) return config;
  std::map<std::string, size_t> in_config;
  for (size_t i = 0; i < config.size(); ++i) in_config.emplace((*config_elements)[i], i);
  std::map<std::string, size_t> in_live;
  for (size_t i = 0; i < live.size(); ++i) in_live.emplace((*live_elements)[i], i);
  // Items on both sides, in the configuration's order.
  std::deque<size_t> shared;
  for (size_t i = 0; i < config.size(); ++i) {
    if (in_live.contains((*config_elements)[i])) shared.push_back(i);
  }
  const SchemaNode element = node.Element();
  nlohmann::json merged = nlohmann::json::array();
  for (size_t i = 0; i < live.size(); ++i) {
    if (!in_config.contains((*live_elements)[i])) {
      merged.push_back(live[i]);
      continue;
    }
    const size_t from_config = shared.front();
    shared.pop_front();
    const nlohmann::json& live_item = live[in_live.at((*config_elements)[from_config])];
    merged.push_back(shape == Shape::kSetList
                         ? config[from_config]
                         : MergeApplied(live_item, config[from_config], element));
  }
  for (size_t i = 0; i < config.size(); ++i) {
    if (!in_live.contains((*config_elements)[i])) merged.push_back(config[i]);
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
