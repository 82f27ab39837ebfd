// Schema objects from the generated TypeSchema data.
#include "openapi_schemas.h"

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubefake::fakeserver {
namespace {

using nlohmann::json;

json ParseCompact(std::string_view text) { return json::parse(text); }

// The schema of a value of `type` that is not a reference.
json InlineSchema(api::SchemaType type, std::string_view format, OpenApiVersion version) {
  json schema = json::object();
  switch (type) {
    case api::SchemaType::kString:
      schema["type"] = "string";
      break;
    case api::SchemaType::kInteger:
      schema["type"] = "integer";
      break;
    case api::SchemaType::kNumber:
      schema["type"] = "number";
      break;
    case api::SchemaType::kBoolean:
      schema["type"] = "boolean";
      break;
    case api::SchemaType::kTime:
    case api::SchemaType::kMicroTime:
      schema["type"] = "string";
      schema["format"] = "date-time";
      return schema;
    case api::SchemaType::kIntOrString:
      schema["format"] = "int-or-string";
      if (version == OpenApiVersion::kV3) {
        schema["oneOf"] = {{{"type", "integer"}}, {{"type", "string"}}};
      } else {
        schema["type"] = "string";
      }
      return schema;
    case api::SchemaType::kQuantity:
      if (version == OpenApiVersion::kV3) {
        schema["oneOf"] = {{{"type", "string"}}, {{"type", "number"}}};
      } else {
        schema["type"] = "string";
      }
      return schema;
    case api::SchemaType::kObject:
    case api::SchemaType::kMap:
    case api::SchemaType::kFreeForm:
      schema["type"] = "object";
      break;
    case api::SchemaType::kArray:
      schema["type"] = "array";
      break;
  }
  if (!format.empty()) schema["format"] = format;
  return schema;
}

json ValueSchemaJson(const api::ValueSchema& value, OpenApiVersion version);

// `value` with `siblings` (default, extensions) merged in; a v3 $ref with siblings is wrapped
// in allOf, as kube-openapi writes it.
json WithSiblings(json schema, json siblings, OpenApiVersion version) {
  if (siblings.empty()) return schema;
  if (schema.contains("$ref") && version == OpenApiVersion::kV3) {
    json wrapped = {{"allOf", json::array({std::move(schema)})}};
    wrapped.update(siblings);
    return wrapped;
  }
  schema.update(siblings);
  return schema;
}

json ValueSchemaWithoutSiblings(const api::ValueSchema& value, OpenApiVersion version) {
  if (value.ref != nullptr) return SchemaRef(*value.ref, version);
  json schema = InlineSchema(value.type, value.format, version);
  if (value.type == api::SchemaType::kArray && value.element != nullptr) {
    schema["items"] = ValueSchemaJson(*value.element, version);
  } else if (value.type == api::SchemaType::kMap && value.element != nullptr) {
    schema["additionalProperties"] = ValueSchemaJson(*value.element, version);
  }
  return schema;
}

json ValueSiblings(const api::ValueSchema& value) {
  json siblings = json::object();
  if (!value.default_json.empty()) siblings["default"] = ParseCompact(value.default_json);
  if (!value.enum_values.empty()) {
    json values = json::array();
    for (std::string_view text : value.enum_values) values.push_back(ParseCompact(text));
    siblings["enum"] = std::move(values);
  }
  return siblings;
}

json ValueSchemaJson(const api::ValueSchema& value, OpenApiVersion version) {
  return WithSiblings(ValueSchemaWithoutSiblings(value, version), ValueSiblings(value), version);
}

json FieldSchema(const api::FieldSchema& field, OpenApiVersion version) {
  json siblings = ValueSiblings(field.value);
  if (!field.patch_strategy.empty()) siblings["x-kubernetes-patch-strategy"] = field.patch_strategy;
  if (!field.patch_merge_key.empty()) {
    siblings["x-kubernetes-patch-merge-key"] = field.patch_merge_key;
  }
  if (!field.list_type.empty()) siblings["x-kubernetes-list-type"] = field.list_type;
  if (!field.list_map_keys.empty()) {
    siblings["x-kubernetes-list-map-keys"] =
        std::vector<std::string_view>(field.list_map_keys.begin(), field.list_map_keys.end());
  }
  if (!field.map_type.empty()) siblings["x-kubernetes-map-type"] = field.map_type;
  if (field.preserve_unknown_fields) siblings["x-kubernetes-preserve-unknown-fields"] = true;
  return WithSiblings(ValueSchemaWithoutSiblings(field.value, version), std::move(siblings),
                      version);
}

json Definition(const api::TypeSchema& schema, OpenApiVersion version) {
  json definition = json::object();
  switch (schema.type) {
    case api::SchemaType::kQuantity:
    case api::SchemaType::kIntOrString:
    case api::SchemaType::kTime:
    case api::SchemaType::kMicroTime:
      definition = InlineSchema(schema.type, schema.format, version);
      break;
    default:
      if (!schema.openapi_type.empty()) definition["type"] = schema.openapi_type;
      if (!schema.format.empty()) definition["format"] = schema.format;
      break;
  }
  if (!schema.fields.empty()) {
    json properties = json::object();
    for (const api::FieldSchema& field : schema.fields) {
      properties[std::string(field.json_name)] = FieldSchema(field, version);
    }
    definition["properties"] = std::move(properties);
  }
  if (!schema.required.empty()) {
    definition["required"] =
        std::vector<std::string_view>(schema.required.begin(), schema.required.end());
  }
  if (!schema.gvks.empty()) {
    json gvks = json::array();
    for (const api::SchemaGroupVersionKind& gvk : schema.gvks) {
      gvks.push_back({{"group", gvk.group}, {"version", gvk.version}, {"kind", gvk.kind}});
    }
    definition["x-kubernetes-group-version-kind"] = std::move(gvks);
  }
  if (!schema.map_type.empty()) definition["x-kubernetes-map-type"] = schema.map_type;
  if (schema.preserve_unknown_fields) definition["x-kubernetes-preserve-unknown-fields"] = true;
  if (!schema.unions.empty()) {
    json unions = json::array();
    for (const api::SchemaUnion& one : schema.unions) {
      json members = json::object();
      for (const api::SchemaUnion::Member& member : one.members) {
        members[std::string(member.field)] = member.discriminator_value;
      }
      unions.push_back(
          {{"discriminator", one.discriminator}, {"fields-to-discriminateBy", members}});
    }
    definition["x-kubernetes-unions"] = std::move(unions);
  }
  return definition;
}

// Appends the definitions `value` refers to (directly or through arrays and maps).
void CollectReferences(const api::ValueSchema& value, std::vector<const api::TypeSchema*>& out) {
  for (const api::ValueSchema* v = &value; v != nullptr; v = v->element) {
    if (v->ref != nullptr) out.push_back(v->ref);
  }
}

}  // namespace

json SchemaRef(const api::TypeSchema& schema, OpenApiVersion version) {
  const std::string_view prefix =
      version == OpenApiVersion::kV3 ? "#/components/schemas/" : "#/definitions/";
  return {{"$ref", std::string(prefix) + std::string(schema.name)}};
}

void AddDefinitions(std::span<const api::TypeSchema* const> roots, OpenApiVersion version,
                    json& definitions) {
  std::vector<const api::TypeSchema*> pending(roots.begin(), roots.end());
  while (!pending.empty()) {
    const api::TypeSchema* schema = pending.back();
    pending.pop_back();
    const std::string name(schema->name);
    if (definitions.contains(name)) continue;
    definitions[name] = Definition(*schema, version);
    for (const api::FieldSchema& field : schema->fields) CollectReferences(field.value, pending);
  }
}

}  // namespace kubefake::fakeserver
