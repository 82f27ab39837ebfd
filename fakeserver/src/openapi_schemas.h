// OpenAPI schema objects for the built-in definitions, rendered from the generated schema data
// (api/openapi_schema.h) for Swagger 2.0 (/openapi/v2 `definitions`) or OpenAPI 3.0
// (/openapi/v3 `components.schemas`), in the shapes kube-openapi publishes (R9.5, R9.6).
// Pure; thread-safe.
//
// Fidelity:
//   Emulated:  definition ids (io.k8s.api.apps.v1.Deployment), types and formats, defaults,
//              enums, required lists, x-kubernetes-group-version-kind, x-kubernetes-patch-
//              strategy/-patch-merge-key/-list-type/-list-map-keys/-map-type/-preserve-unknown-
//              fields and -unions; v3 wraps a $ref with siblings in allOf, and writes Quantity
//              and IntOrString as oneOf, as kube-openapi does.
//   Differs:   no descriptions (the generated data carries none).
#pragma once

#include <span>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "kubefake/api/openapi_schema.h"

namespace kubefake::fakeserver {

enum class OpenApiVersion { kV2, kV3 };

// {"$ref": "#/definitions/<id>"} (v2) or {"$ref": "#/components/schemas/<id>"} (v3).
nlohmann::json SchemaRef(const api::TypeSchema& schema, OpenApiVersion version);

// Adds each of `roots` and every definition it reaches to `definitions` (id -> schema object).
void AddDefinitions(std::span<const api::TypeSchema* const> roots, OpenApiVersion version,
                    nlohmann::json& definitions);

}  // namespace kubefake::fakeserver
