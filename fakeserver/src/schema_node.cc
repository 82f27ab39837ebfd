// SchemaNode: list, map and struct semantics from built-in and CRD schemas (R8.8).
#include "schema_node.h"

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
  for (const nlohmann::json& item : list) {
    if (!ItemElement(item, Shape::kKeyedList)) return Shape::kAtomicList;
  }
  return Shape::kKeyedList;
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

std::vector<std::string> SchemaNode::ListKeys() const {
  std::vector<std::string> keys;
  if (custom_ != nullptr) {
    auto names = custom_->find("x-kubernetes-list-map-keys");
    if (names == custom_->end() || !names->is_array()) return keys;
    for (const nlohmann::json& name : *names) {
      if (name.is_string()) keys.push_back(name.get<std::string>());
    }
    return keys;
  }
  if (field_ == nullptr) return keys;
  if (field_->list_type == "map") {
    for (std::string_view key : field_->list_map_keys) keys.emplace_back(key);
  } else if (!field_->patch_merge_key.empty()) {
    keys.emplace_back(field_->patch_merge_key);
  }
  return keys;
}

std::optional<std::string> SchemaNode::ItemElement(const nlohmann::json& item, Shape shape) const {
  if (shape == Shape::kSetList) return "v:" + item.dump();
  if (!item.is_object()) return std::nullopt;
  nlohmann::json key = nlohmann::json::object();
  for (const std::string& name : ListKeys()) {
    if (auto it = item.find(name); it != item.end()) key[name] = *it;
  }
  if (key.empty()) return std::nullopt;
  return "k:" + key.dump();
}

}  // namespace kubefake::fakeserver
