// Schema decoding: what the apiserver's typed decode of a built-in object finds in a body. The
// real server unmarshals the body into the kind's Go struct with sigs.k8s.io/json (strict, that
// is UnmarshalStrict, for fieldValidation Warn and Strict; UnmarshalCaseSensitivePreserveInts
// for Ignore); the generated OpenAPI schema (api/openapi_schema.h) stands in for the structs.
// R3.1 step 3, R3.10, R3.16. Pure functions over static schema data; thread-safe.
//
// Fidelity:
//   Emulated:  Go's type errors with the Go struct name, the field path (struct fields only,
//              inline-embedded struct names included, as Go 1.24's decoder prints them) and
//              the Go type (`json: cannot unmarshal string into Go struct field
//              DeploymentSpec.spec.replicas of type int32`); the first saved error wins and
//              decoding goes on, while an error from a value type's own UnmarshalJSON stops it
//              and wins (Quantity: ParseQuantity's message; Time/MicroTime: time.Parse's, or a
//              type error against `string`; IntOrString: a type error against `int32`);
//              integers by their literal text (`1.0` and `1e3` are not int32; overflow gives
//              `number 3000000000`); []byte fields as base64 (`illegal base64 data at input
//              byte 4`) or as arrays of uint8; null accepted everywhere. Strict errors in
//              document order, deduplicated, at most 100: `unknown field "spec.containers[0].foo"`
//              (case-sensitive names), `duplicate field "metadata.name"` for repeated struct
//              fields, map keys and keys inside untyped (interface{}) values. Unknown fields are
//              always located so that the caller can drop them, as the typed round trip does.
//   Differs:   named Go types print as their underlying type (`string` where Go says
//              `v1.RestartPolicy`, `map[string]v1.ExtraValue` shows as `map[string][]string`);
//              maps of quantities print as `v1.ResourceList` everywhere. Values with their own
//              UnmarshalJSON that take anything (RawExtension, FieldsV1, apiextensions JSON,
//              JSONSchemaPropsOrBool/OrArray/OrStringArray) are not looked into, so CRD schema
//              nodes below `items` or `additionalProperties` are neither checked nor pruned.
//              A repeated object-valued struct field is reported but the caller keeps the last
//              value, where Go merges the second object into the first.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kubefake/api/openapi_schema.h"

namespace kubefake::fakeserver {

// A place in a body: object keys and list indexes from the root.
using FieldPath = std::vector<std::variant<std::string, size_t>>;

struct SchemaDecodeResult {
  // The error Go's decoder returns, without the apiserver's `<Kind> in version ...` prefix,
  // e.g. `json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of
  // type string`; empty when the body decodes. When it is set the strict errors do not count.
  std::string error;
  // Strict-decoding problems in the order Go finds them: `unknown field "spec.foo"`,
  // `duplicate field "spec.replicas"`. Collected only when decoding strictly.
  std::vector<std::string> strict_errors;
  // Every field the schema does not know, strict or not.
  std::vector<FieldPath> unknown_fields;
};

// Decodes `json`, the text of one JSON object whose syntax api::DecodeJson has accepted, as an
// object of `type` (a definition with fields, e.g. io.k8s.api.apps.v1.Deployment).
SchemaDecodeResult DecodeWithSchema(std::string_view json, const api::TypeSchema& type,
                                    bool strict);

// Decodes a parsed body exactly as DecodeWithSchema decodes its compact dump (the in-process
// door's Request::parsed_body), without writing the dump: numbers are judged by the text the
// dump gives them. Its strings must be valid UTF-8.
SchemaDecodeResult DecodeTreeWithSchema(const nlohmann::json& json, const api::TypeSchema& type,
                                        bool strict);

// Decodes a JSON value that is not request text: a body that came as YAML (the apiserver
// decodes the JSON that sigs.k8s.io/yaml's YAMLToJSON writes) or a patched object (the JSON the
// patch engines write). Keys are sorted and numbers printed as Go prints them (1.0 as 1).
SchemaDecodeResult DecodeValueWithSchema(const nlohmann::json& json, const api::TypeSchema& type,
                                         bool strict);

// Decodes `json` (text api::DecodeJson has accepted) into a Go value of schema `root`, which
// need not be a definition: patch documents decode into []handlers.jsonPatchOp or
// map[string]interface{}. Errors and strict problems as for DecodeWithSchema; paths of list
// elements at the root read `[0].op`.
SchemaDecodeResult DecodeTextWithValueSchema(std::string_view json, const api::ValueSchema& root,
                                             bool strict);

// `json` as encoding/json marshals it (keys sorted, Go's float format, no HTML escaping).
std::string GoJsonText(const nlohmann::json& json);

// Erases every path of `fields` from `object`; paths that are not there are skipped.
void DropFields(nlohmann::json& object, const std::vector<FieldPath>& fields);

// The end of a typed decode: moves `decoded`'s strict-decoding problems into `problems` and drops
// its unknown fields from `value`. Returns the decode error text, "" when `value` fits.
std::string TakeDecodeResult(SchemaDecodeResult decoded, nlohmann::json& value,
                             std::vector<std::string>& problems);

}  // namespace kubefake::fakeserver
