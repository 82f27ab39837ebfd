// OpenAPI paths and operations for the resources of one group-version, in Swagger 2.0 or
// OpenAPI 3.0 form, as the apiserver's installer publishes them (R9.5, R9.6, R9.7).
// Pure; thread-safe.
//
// Fidelity:
//   Emulated:  the collection, object, all-namespaces, legacy /watch/ and subresource paths a
//              resource's verbs give, and `<prefix>/` for the group-version's APIResourceList;
//              each operation with x-kubernetes-action (get, list, post, put, patch, delete,
//              deletecollection, watch, watchlist, connect) and x-kubernetes-group-version-kind;
//              the query parameters of each verb (PATCH: dryRun, fieldManager, fieldValidation,
//              force, which kubectl's field-validation check looks for); request bodies (PATCH:
//              apply-patch+yaml, json-patch+json, merge-patch+json, strategic-merge-patch+json)
//              and response schemas.
//   Differs:   no operationId, tags or descriptions; content types are what kubefake serves
//              (JSON and YAML), so protobuf and CBOR are not listed; the proxy paths with a
//              trailing {path} are left out.
#pragma once

#include <span>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kubefake/api/group_version.h"
#include "kubefake/api/openapi_schema.h"
#include "kubefake/api/resource_catalog.h"
#include "openapi_schemas.h"

namespace kubefake::fakeserver {

// Adds the paths serving `resources` (all of group-version `gv`) to `paths`, and appends the
// definitions their operations refer to to `roots`.
void AddResourcePaths(const api::GroupVersion& gv,
                      std::span<const api::ResourceCatalog::Entry> resources,
                      OpenApiVersion version, nlohmann::json& paths,
                      std::vector<const api::TypeSchema*>& roots);

}  // namespace kubefake::fakeserver
