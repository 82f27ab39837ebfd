// A position in a resource's schema as managedFields and server-side apply see it
// (structured-merge-diff's typed values; KO: pkg/schemaconv/smd.go): whether a value there is
// a struct, a granular map, an atomic list, a set, an associative list keyed by some fields, or
// a leaf. Built-in kinds use the generated OpenAPI schemas, custom resources their CRD
// version's openAPIV3Schema (R8.8). Value type over immutable data; thread-safe.
//
// Fidelity:
//   Emulated:  x-kubernetes-list-type and list-map-keys; without a list type a patch merge key
//              makes an associative list and a merge strategy on scalars a set, anything else
//              is atomic (for CRDs every list without a list type is atomic);
//              x-kubernetes-map-type atomic; maps (additionalProperties) are granular.
//   Differs:   values the schema does not describe are treated as granular maps (objects) or
//              leaves (anything else) instead of being rejected; empty objects and lists are
//              leaves; a keyed list with an item lacking every key field is owned as a whole.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kubefake/api/openapi_schema.h"

namespace kubefake::fakeserver {

class SchemaNode {
 public:
  enum class Shape { kLeaf, kStruct, kMap, kAtomicList, kSetList, kKeyedList };

  // A position with no schema: objects are granular maps, everything else is a leaf.
  SchemaNode() = default;
  // The root of a built-in kind (io.k8s.api.apps.v1.Deployment); nullptr: no schema. The
  // root's `metadata` is ObjectMeta, whatever the kind's schema says.
  static SchemaNode Builtin(const api::TypeSchema* type);
  // The root of a custom kind, by its CRD openAPIV3Schema; `schema` must outlive the node
  // (nullptr: no schema).
  static SchemaNode Custom(const nlohmann::json* schema);
  // metav1.ObjectMeta, the schema of every object's metadata.
  static SchemaNode ObjectMeta();

  // How `value` at this position is merged and tracked.
  Shape ShapeOf(const nlohmann::json& value) const;
  // The schema of field or map key `name` (structs and maps).
  SchemaNode Child(std::string_view name) const;
  // The schema of the items of a list.
  SchemaNode Element() const;
  // The key fields of a keyed list, sorted and without repeats (the member order of their JSON
  // object); the views point into the schema.
  std::vector<std::string_view> ListKeys() const;

  // The path element of `item` in a list of `shape`: `k:{"name":"web"}` for keyed lists,
  // `v:"a"` for sets; nullopt when a keyed item has none of the key fields. The bytes are those
  // of `k:` or `v:` and the compact dump of the key fields' object (or of the item), written
  // directly.
  std::optional<std::string> ItemElement(const nlohmann::json& item, Shape shape) const;

 private:
  // Built-in: a definition's root (`type_`), or a field's value (`value_`, `field_` when the
  // value is a struct field, nullptr for list items and map values). Custom: `custom_`.
  const api::TypeSchema* type_ = nullptr;
  const api::ValueSchema* value_ = nullptr;
  const api::FieldSchema* field_ = nullptr;
  const nlohmann::json* custom_ = nullptr;
  bool root_ = false;

  static SchemaNode CustomChild(const nlohmann::json* schema);

  Shape BuiltinShape(const nlohmann::json& value) const;
  Shape CustomShape(const nlohmann::json& value) const;
  // A keyed list whose items all carry a key is keyed, else atomic.
  Shape KeyedOrAtomic(const nlohmann::json& list) const;
  // Whether `item` is an object with at least one of `keys`.
  static bool HasAnyKey(const nlohmann::json& item, const std::vector<std::string_view>& keys);
};

}  // namespace kubefake::fakeserver
