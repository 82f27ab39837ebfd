// The OpenAPI documents the apiserver publishes, rendered from the served catalog: one
// OpenAPI 3.0 document per group-version (/openapi/v3/<key>) and the whole-API Swagger 2.0
// document (/openapi/v2) (R9.5, R9.6). Pure; thread-safe. Rendering a group-version takes a
// few milliseconds: callers cache the text (NonResourceHandler does, per catalog generation).
//
// Fidelity: see openapi_paths.h and openapi_schemas.h. info.version is the emulated release
// (v1.33.1) as a live server reports it.
#pragma once

#include <string>

#include "kubefake/api/group_version.h"
#include "kubefake/api/resource_catalog.h"

namespace kubefake::fakeserver {

// The /openapi/v3 index key of `gv`: "api/v1" for core, "apis/<group>/<version>" otherwise.
std::string OpenApiV3Key(const api::GroupVersion& gv);

// The OpenAPI 3.0 document of group-version `gv` of `catalog`, as compact JSON.
std::string RenderOpenApiV3(const api::ResourceCatalog& catalog, const api::GroupVersion& gv);

// The Swagger 2.0 document of every group-version of `catalog`, as compact JSON.
std::string RenderOpenApiV2(const api::ResourceCatalog& catalog);

}  // namespace kubefake::fakeserver
