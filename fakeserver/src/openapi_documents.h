// The OpenAPI documents the apiserver publishes, rendered from the served catalog: one
// OpenAPI 3.0 document per group-version (/openapi/v3/<key>) and the whole-API Swagger 2.0
// document (/openapi/v2) (R9.5, R9.6). Pure; thread-safe. Rendering a group-version takes a
// few milliseconds: callers cache the text (NonResourceHandler does, per catalog generation).
//
// Fidelity: see openapi_paths.h and openapi_schemas.h. info.version is the emulated release
// (v1.33.1) as a live server reports it. Custom resources get their CRD version's schema as
// components.schemas["<reversed group>.<version>.<Kind>"] (and <Kind>List) with
// x-kubernetes-group-version-kind and apiVersion, kind and metadata properties, as
// apiextensions-apiserver's builder publishes them; their operations carry no body or
// response schema references (Differs).
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "kubefake/api/group_version.h"
#include "kubefake/api/resource_catalog.h"

namespace kubefake::fakeserver {

// The /openapi/v3 index key of `gv`: "api/v1" for core, "apis/<group>/<version>" otherwise.
std::string OpenApiV3Key(const api::GroupVersion& gv);

// Custom resources' openAPIV3Schemas, by resource.
using CustomSchemas = std::map<api::GroupVersionResource, nlohmann::json>;

// The OpenAPI 3.0 document of group-version `gv` of `catalog`, as compact JSON; `custom` has
// the schemas of its custom resources.
std::string RenderOpenApiV3(const api::ResourceCatalog& catalog, const api::GroupVersion& gv,
                            const CustomSchemas& custom = {});

// The Swagger 2.0 document of every group-version of `catalog`, as compact JSON.
std::string RenderOpenApiV2(const api::ResourceCatalog& catalog);

}  // namespace kubefake::fakeserver
