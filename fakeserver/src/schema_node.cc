// SchemaNode: list, map and struct semantics from built-in and CRD schemas (R8.8).
#include "schema_node.h"

#include <algorithm>

#include "compact_json_writer.h"

namespace kubefake::fakeserver {
namespace {

constexpr std::string_view kObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

bool IsScalar(const api::ValueSchema* schema) {
  return schema != nullptr && schema->type != api::SchemaType::kObject &&
         schema->type != api::SchemaType::kArray && schema->type != api::SchemaType::kMap &&
         schema->type != api::SchemaType::kFreeForm;
}

bool NonEmptyObject(const nlohmann::json& value) { return value.is_object() && !value.empty(); }
bool NonEmptyArray(const nlohmann::json& value) { return value.is_array() && !value.empty(); }

}  // namespace

SchemaNode SchemaNode::Builtin(const api::TypeSchema* type) {
  SchemaNode node;
  node.type_ = type;
  node.root_ = true;
  return node;
}

SchemaNode SchemaNode::Custom(const nlohmann::json* schema) {
  SchemaNode node = CustomChild(schema);
  node.root_ = true;
  return node;
}

SchemaNode SchemaNode::CustomChild(const nlohmann::json* schema) {
  SchemaNode node;
  if (schema != nullptr && schema->is_object()) node.custom_ = schema;
  return node;
}

SchemaNode SchemaNode::ObjectMeta() {
  SchemaNode node;
  node.type_ = api::FindTypeSchema(kObjectMeta);
  return node;
}

SchemaNode::Shape SchemaNode::ShapeOf(const nlohmann::json& value) const {
  if (custom_ != nullptr) return CustomShape(value);
  if (value_ != nullptr) return BuiltinShape(value);
  if (!NonEmptyObject(value)) return Shape::kLeaf;
  if (type_ == nullptr) return Shape::kMap;
  return type_->map_type == "atomic" ? Shape::kLeaf : Shape::kStruct;
}

SchemaNode::Shape SchemaNode::BuiltinShape(const nlohmann::json& value) const {
  if (field_ != nullptr && field_->map_type == "atomic") return Shape::kLeaf;
  if (NonEmptyObject(value)) {
    if (value_->type == api::SchemaType::kObject && value_->ref != nullptr &&
        value_->ref->map_type != "atomic") {
      return Shape::kStruct;
    }
    return value_->type == api::SchemaType::kMap ? Shape::kMap : Shape::kLeaf;
  }
  if (!NonEmptyArray(value) || value_->type != api::SchemaType::kArray) return Shape::kLeaf;
  const std::string_view list_type = field_ != nullptr ? field_->list_type : "atomic";
  if (list_type == "set") return Shape::kSetList;
  if (list_type == "map") return KeyedOrAtomic(value);
  if (list_type.empty()) {
    if (!field_->patch_merge_key.empty()) return KeyedOrAtomic(value);
    if (field_->patch_strategy.find("merge") != std::string_view::npos &&
        IsScalar(value_->element)) {
      return Shape::kSetList;
    }
  }
  return Shape::kAtomicList;
}

SchemaNode::Shape SchemaNode::CustomShape(const nlohmann::json& value) const {
  const nlohmann::json& schema = *custom_;
  if (NonEmptyObject(value)) {
    if (schema.value("x-kubernetes-map-type", "") == "atomic") return Shape::kLeaf;
    return schema.contains("properties") ? Shape::kStruct : Shape::kMap;
  }
  if (!NonEmptyArray(value)) return Shape::kLeaf;
  const std::string list_type = schema.value("x-kubernetes-list-type", "");
  if (list_type == "set") return Shape::kSetList;
  if (list_type == "map") return KeyedOrAtomic(value);
  return Shape::kAtomicList;  // R8.8: CRD lists without a list type are atomic
}

SchemaNode::Shape SchemaNode::KeyedOrAtomic(const nlohmann::json& list) const {
  const std::vector<std::string_view> keys = ListKeys();
  for (const nlohmann::json& item : list) {
    if (!HasAnyKey(item, keys)) return Shape::kAtomicList;
  }
  return Shape::kKeyedList;
}

bool SchemaNode::HasAnyKey(const nlohmann::json& item, const std::vector<std::string_view>& keys) {
  if (!item.is_object()) return false;
  return std::ranges::any_of(keys, [&](std::string_view key) { return item.contains(key); });
}

SchemaNode SchemaNode::Child(std::string_view name) const {
  if (root_ && name == "metadata") return ObjectMeta();
  if (custom_ != nullptr) {
    if (auto properties = custom_->find("properties"); properties != custom_->end()) {
      if (auto it = properties->find(name); it != properties->end()) return CustomChild(&*it);
      return {};
    }
    if (auto additional = custom_->find("additionalProperties"); additional != custom_->end()) {
      return CustomChild(&*additional);
    }
    return {};
  }
  const api::TypeSchema* type = type_;
  if (value_ != nullptr) {
    if (value_->type == api::SchemaType::kMap) {
      SchemaNode node;
      node.value_ = value_->element;
      return node;
    }
    type = value_->type == api::SchemaType::kObject ? value_->ref : nullptr;
  }
  if (type == nullptr) return {};
  const api::FieldSchema* field = type->FindField(name);
  if (field == nullptr) return {};
  SchemaNode node;
  node.value_ = &field->value;
  node.field_ = field;
  return node;
}

SchemaNode SchemaNode::Element() const {
  if (custom_ != nullptr) {
    auto items = custom_->find("items");
    return items != custom_->end() ? CustomChild(&*items) : SchemaNode();
  }
  SchemaNode node;
  if (value_ != nullptr) node.value_ = value_->element;
  return node;
}

std::vector<std::string_view> SchemaNode::ListKeys() const {
  std::vector<std::string_view> keys;
  if (custom_ != nullptr) {
    auto names = custom_->find("x-kubernetes-list-map-keys");
    if (names == custom_->end() || !names->is_array()) return keys;
    for (const nlohmann::json& name : *names) {
      if (name.is_string()) keys.emplace_back(name.get_ref<const std::string&>());
    }
  } else if (field_ != nullptr) {
    if (field_->list_type == "map") {
      keys.assign(field_->list_map_keys.begin(), field_->list_map_keys.end());
    } else if (!field_->patch_merge_key.empty()) {
      keys.push_back(field_->patch_merge_key);
    }
  }
  std::ranges::sort(keys);
  keys.erase(std::ranges::unique(keys).begin(), keys.end());
  return keys;
}

std::optional<std::string> SchemaNode::ItemElement(const nlohmann::json& item, Shape shape) const {
  std::string element = shape == Shape::kSetList ? "v:" : "k:{";
  CompactJsonWriter writer(element);
  if (shape == Shape::kSetList) {
    writer.Value(item);
    return element;
  }
  if (!item.is_object()) return std::nullopt;
  bool first = true;
  for (std::string_view name : ListKeys()) {
    auto it = item.find(name);
    if (it == item.end()) continue;
    if (!first) element += ',';
    first = false;
    writer.Key(name);
    writer.Value(*it);
  }
  if (first) return std::nullopt;
  element += '}';
  return element;
}

}  // namespace kubefake::fakeserver
