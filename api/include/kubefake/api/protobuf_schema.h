// The protobuf message of every built-in type as static data: per field its number, wire type
// and the JSON name it has in the OpenAPI definition of the same type, so one table-driven codec
// (protobuf_codec.h) converts between the protobuf and JSON forms.
// Kubernetes counterpart: the generated.proto files of k8s.io/api, apimachinery, apiextensions
// and kube-aggregator. Generated from them (api/src/generated/protobuf_messages.cc). Immutable
// static data: thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace kubefake::api {

struct ProtoMessage;

// The wire type of a field's value (of a map: its value's; map keys are always strings).
enum class ProtoType : std::uint8_t { kString, kBytes, kBool, kInt32, kInt64, kDouble, kMessage };

// kInline is an embedded Go struct (json:",inline"): its message's fields sit in the parent's
// JSON object.
enum class ProtoLabel : std::uint8_t { kOptional, kRepeated, kMap, kInline };

// Messages whose JSON form is not an object of their fields.
enum class ProtoSpecial : std::uint8_t {
  kNone,
  kTime,                 // {seconds, nanos} <-> "2026-07-23T18:32:12Z"
  kMicroTime,            // {seconds, nanos} <-> "2026-07-23T18:32:12.000123Z"
  kQuantity,             // {string} <-> "100m"
  kIntOrString,          // {type, intVal, strVal} <-> 3 or "25%"
  kRawJson,              // {raw: JSON bytes} <-> the embedded JSON value
  kArrayWrapper,         // {items: repeated} <-> the array (a named []string)
  kSchemaOrArray,        // {schema, jSONSchemas} <-> schema object or array of schemas
  kSchemaOrBool,         // {allows, schema} <-> bool or schema object
  kSchemaOrStringArray,  // {schema, property} <-> schema object or array of strings
};

struct ProtoField {
  std::string_view json_name;  // "" for kInline
  std::uint32_t number;
  ProtoType type;
  ProtoLabel label;
  // An explicit zero or empty value is a value in JSON, not an absent field: the field is
  // required, has a zero OpenAPI default (a Go non-pointer without omitempty), or is a Go
  // pointer scalar (replicas: 0; codegen/data/go_pointer_scalars.txt). For a repeated or map
  // field: Go writes it even when nil (required, or without omitempty:
  // codegen/data/go_non_omitempty_collections.txt), so one absent on the wire is null in JSON.
  bool keep_zero;
  const ProtoMessage* message;  // for kMessage, else nullptr
};

struct ProtoMessage {
  std::string_view name;  // the OpenAPI definition name: "io.k8s.api.core.v1.Pod"
  ProtoSpecial special;
  std::span<const ProtoField> fields;  // by number
};

// The message of definition `name` ("io.k8s.api.core.v1.Pod"), or nullptr.
const ProtoMessage* FindProtoMessage(std::string_view name);

}  // namespace kubefake::api
