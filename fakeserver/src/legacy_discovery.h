// Legacy discovery documents: APIVersions (/api), APIGroupList (/apis), APIGroup
// (/apis/<group>) and APIResourceList (/api/v1, /apis/<group>/<version>), built from the served
// catalog as k8s.io/apiserver pkg/endpoints/discovery writes them (R9.1). Pure; thread-safe.
//
// Fidelity:
//   Emulated:  key order of the Go structs; apiVersion absent from /api and /api/v1 as real
//              servers write them; groups in priority order and versions in preference order
//              (preferredVersion the first); one entry per resource and one per subresource
//              (`deployments/scale`, empty singularName, group and version only where they
//              differ from the resource's); serverAddressByClientCIDRs on /api only (the
//              aggregator's /apis handlers leave it out).
//   Differs:   storageVersionHash: the catalog's (core) or, for other stored (watchable)
//              resources, the hash of the served group-version/kind, where a real server hashes
//              the storage version (the same for all but a few multi-version resources, such as
//              autoscaling/v1 HorizontalPodAutoscaler, stored as autoscaling/v2).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "kubefake/api/group_version.h"
#include "kubefake/api/resource_catalog.h"

namespace kubefake::fakeserver {

// /api: `server_address` (the Host the client used) is reported for clientCIDR 0.0.0.0/0; an
// empty one leaves serverAddressByClientCIDRs empty.
nlohmann::ordered_json ApiVersionsDocument(const api::ResourceCatalog& catalog,
                                           std::string_view server_address);

// /apis.
nlohmann::ordered_json ApiGroupListDocument(const api::ResourceCatalog& catalog);

// /apis/<group>; nullopt when the group is not served.
std::optional<nlohmann::ordered_json> ApiGroupDocument(const api::ResourceCatalog& catalog,
                                                       std::string_view group);

// /api/v1 or /apis/<group>/<version>; nullopt when the group-version is not served.
std::optional<nlohmann::ordered_json> ApiResourceListDocument(const api::ResourceCatalog& catalog,
                                                              const api::GroupVersion& gv);

// The storageVersionHash discovery reports for `resource`, or "" for resources that are not
// stored (reviews, bindings, component statuses).
std::string DiscoveryStorageVersionHash(const api::ResourceInfo& resource);

}  // namespace kubefake::fakeserver
