// OpenAPI v3 validation of custom objects against their CRD version's schema (R10.8): what
// kube-openapi's validator finds and apiextensions-apiserver's validation.go turns into field
// errors for a 422 (R5.6). Pure functions; thread-safe.
//
// Fidelity:
//   Emulated:  type (integer, number, string, boolean, object, array; nullable; x-kubernetes-
//              int-or-string; untyped nodes with x-kubernetes-preserve-unknown-fields take
//              anything), required, enum, minimum/maximum (and exclusive), minLength/maxLength,
//              minItems/maxItems, multipleOf, pattern, and the formats date-time, date, uuid,
//              ipv4 and byte, with the texts of R10.8 (`spec.replicas in body must be of type
//              integer: "string"`, `Required value`, `Unsupported value`, `should be greater
//              than or equal to 1`, `Too long: may not be more than 10 bytes`, `should match
//              '<re>'`, `should be a multiple of 2`; type and format errors are
//              FieldValueTypeInvalid causes, as kube-openapi's InvalidTypeCode); the
//              uniqueness of x-kubernetes-list-type set items and map keys (`spec.tags[1]:
//              Duplicate value: "x"`). uniqueItems is refused in the CRD itself, as in v1
//              (crd_validation.h).
//   Differs:   patterns run as ECMAScript regular expressions, not RE2; allOf, anyOf, oneOf,
//              not, min/maxProperties and embedded ObjectMeta validation are not checked; a
//              duplicate map key shows its key fields as JSON, not as a Go map; the order of
//              errors follows the schema walk (properties by name).
//   Rejected:  x-kubernetes-validations (CEL) rules are not evaluated: CelRulePaths lists them
//              so that every write answers a Warning saying so.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kubefake/api/field_error.h"

namespace kubefake::fakeserver::apiextensions {

// Validates `object` (a whole custom object, already pruned and defaulted) against `schema`.
api::FieldErrorList ValidateBySchema(const nlohmann::json& object, const nlohmann::json& schema);

// structurallisttype.ValidateListSetsAndMaps: duplicates in x-kubernetes-list-type set and
// map lists of `object`.
api::FieldErrorList ValidateListSetsAndMaps(const nlohmann::json& object,
                                            const nlohmann::json& schema);

// The paths (`<root>`, `spec.items[*]`) of the schema nodes that carry
// x-kubernetes-validations rules.
std::vector<std::string> CelRulePaths(const nlohmann::json& schema);

}  // namespace kubefake::fakeserver::apiextensions
