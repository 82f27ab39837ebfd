// EngineRequest: JSON requests that testing/ sends straight to an ApiServer (no client, no
// transport) on behalf of a named caller, the way fixtures and scenarios act on a fake: every
// object goes through the engine's API and gets its lifecycle fields and validation.
// Stateless; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "kubefake/api/resource_catalog.h"
#include "kubefake/api/result.h"
#include "kubefake/fakeserver/api_server.h"

namespace kubefake::testkit {

// A caller in system:masters; `field_manager` is also its User-Agent.
struct EngineCaller {
  std::string user;
  std::string field_manager;
};

// A request with a JSON body (none when `body` is null) of `content_type`, answered in JSON.
fakeserver::Request JsonRequest(const EngineCaller& caller, std::string method, std::string path,
                                const nlohmann::json& body,
                                std::string content_type = "application/json");

// Serves `request`; a failure answer becomes its Status as an Error.
Result<nlohmann::json> Send(fakeserver::ApiServer& server, const fakeserver::Request& request);

// The resource serving `kind` in `api_version` ("apps/v1").
// Errors: BadRequest `no resource serves kind "X" in version "v"`.
Result<api::ResourceCatalog::Entry> ResourceOf(const api::ResourceCatalog& catalog,
                                               const std::string& api_version,
                                               const std::string& kind);

// The collection URL of `resource` in namespace `ns` (ignored for cluster-scoped resources).
std::string CollectionPath(const api::ResourceInfo& resource, const std::string& ns);

}  // namespace kubefake::testkit
