// The OpenAPI schema of every built-in definition of Kubernetes 1.33 as static data: per field
// its JSON name, type, required-ness, default and the x-kubernetes extensions that drive
// strategic merge patch, server-side apply and validation, plus each kind's group-version-kinds.
// Kubernetes counterpart: the apiserver's OpenAPI models (api/openapi-spec, kube-openapi).
// Generated from the spec (names, types and structure; no description prose). Immutable static
// data: thread-safe.
#pragma once

#include <span>
#include <string_view>

#include "kubefake/api/group_version.h"

namespace kubefake::api {

struct TypeSchema;

// What a value is. References to the definitions that have hand-written value types or are
// free-form are classified by that type; the reference itself is kept in ValueSchema::ref.
enum class SchemaType {
  kString,
  kInteger,  // format "int32" or "int64"
  kNumber,   // format "double"
  kBoolean,
  kObject,       // a reference to a definition with properties (ref is set)
  kArray,        // element is set
  kMap,          // an object with additionalProperties; element is the value schema
  kIntOrString,  // intstr.IntOrString
  kQuantity,     // resource.Quantity
  kTime,         // meta.v1.Time
  kMicroTime,    // meta.v1.MicroTime
  kFreeForm,     // any JSON: RawExtension, FieldsV1, apiextensions JSON, untyped objects
};

// "string", "integer", "number", "boolean", "object", "array", "map", "int-or-string",
// "quantity", "time", "microtime" or "free-form".
std::string_view SchemaTypeName(SchemaType type);

// The value of a field, an array element or a map value.
struct ValueSchema {
  SchemaType type = SchemaType::kFreeForm;
  std::string_view format;           // OpenAPI format ("int32", "int64", "double", "byte"), or ""
  const TypeSchema* ref = nullptr;   // the referenced definition ($ref), or nullptr
  const ValueSchema* element = nullptr;  // items of kArray, values of kMap, else nullptr
  std::string_view default_json;     // the OpenAPI v3 default as compact JSON, or ""
  std::span<const std::string_view> enum_values;  // allowed values as compact JSON texts
};

struct FieldSchema {
  std::string_view json_name;  // "containers"
  ValueSchema value;
  bool required = false;
  std::string_view patch_strategy;   // x-kubernetes-patch-strategy: "merge", "retainKeys",
                                     // "merge,retainKeys", "replace", or ""
  std::string_view patch_merge_key;  // x-kubernetes-patch-merge-key, or ""
  std::string_view list_type;        // x-kubernetes-list-type: "atomic", "set", "map", or ""
  std::span<const std::string_view> list_map_keys;  // x-kubernetes-list-map-keys
  std::string_view map_type;         // x-kubernetes-map-type: "atomic", "granular", or ""
  bool preserve_unknown_fields = false;  // x-kubernetes-preserve-unknown-fields
};

// A group-version-kind a definition is served as (x-kubernetes-group-version-kind).
struct SchemaGroupVersionKind {
  std::string_view group;  // "" for the core group
  std::string_view version;
  std::string_view kind;
};

// One x-kubernetes-unions entry: the discriminator field and, per member field, the value the
// discriminator takes when that member is set.
struct SchemaUnion {
  struct Member {
    std::string_view field;
    std::string_view discriminator_value;
  };
  std::string_view discriminator;
  std::span<const Member> members;
};

// One definition ("io.k8s.api.core.v1.Pod").
struct TypeSchema {
  std::string_view name;
  // kObject for definitions with properties; kQuantity, kIntOrString, kTime, kMicroTime for
  // those value types; kFreeForm for definitions without properties.
  SchemaType type = SchemaType::kObject;
  std::string_view openapi_type;  // the definition's own "type": "object", "string" or ""
  std::string_view format;        // "date-time", "int-or-string", or ""
  std::span<const FieldSchema> fields;  // in spec order (alphabetical)
  std::span<const std::string_view> required;  // in spec order
  std::span<const SchemaGroupVersionKind> gvks;  // empty for non-kinds
  std::string_view map_type;  // x-kubernetes-map-type of the whole struct ("atomic"), or ""
  bool preserve_unknown_fields = false;
  std::span<const SchemaUnion> unions;

  // The field with JSON name `json_name`, or nullptr.
  const FieldSchema* FindField(std::string_view json_name) const;
};

// The definition called `name` ("io.k8s.api.apps.v1.Deployment"), or nullptr.
const TypeSchema* FindTypeSchema(std::string_view name);
// The definition served as `gvk` (apps/v1 Deployment), or nullptr. The meta.v1 types listed
// under many group-versions (DeleteOptions, WatchEvent) are found under each of them.
const TypeSchema* FindTypeSchema(const GroupVersionKind& gvk);
// Every definition, sorted by name.
std::span<const TypeSchema* const> AllTypeSchemas();

}  // namespace kubefake::api
