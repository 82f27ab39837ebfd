// EngineRequest: request building, Status decoding and kind-to-resource lookup over the catalog.
#include "engine_request.h"

#include <optional>
#include <utility>

#include "kubefake/api/error.h"
#include "kubefake/api/group_version.h"

namespace kubefake::testkit {

fakeserver::Request JsonRequest(const EngineCaller& caller, std::string method, std::string path,
                                const nlohmann::json& body, std::string content_type) {
  fakeserver::Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  if (request.method != "GET" && request.method != "DELETE") {
    request.query.emplace("fieldManager", caller.field_manager);
  }
  request.headers.Set("Content-Type", std::move(content_type));
  request.headers.Set("Accept", "application/json");
  request.headers.Set("User-Agent", caller.field_manager);
  if (!body.is_null()) request.body = body.dump();
  request.user = {
      .name = caller.user, .uid = "", .groups = {"system:masters", "system:authenticated"}};
  return request;
}

Result<nlohmann::json> Send(fakeserver::ApiServer& server, const fakeserver::Request& request) {
  fakeserver::Response response = server.Handle(request);
  nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (response.status >= 300) {
    if (std::optional<api::Error> error = api::Error::FromStatus(body)) return Fail(*error);
    return Fail(api::NewInternalError(response.body));
  }
  return body;
}

Result<api::ResourceCatalog::Entry> ResourceOf(const api::ResourceCatalog& catalog,
                                               const std::string& api_version,
                                               const std::string& kind) {
  const std::optional<api::GroupVersion> gv = api::GroupVersion::Parse(api_version);
  api::ResourceCatalog::Entry resource;
  if (gv) resource = catalog.FindByKind({gv->group, gv->version, kind});
  if (!resource) {
    return Fail(api::NewBadRequest("no resource serves kind \"" + kind + "\" in version \"" +
                                   api_version + "\""));
  }
  return resource;
}

std::string CollectionPath(const api::ResourceInfo& resource, const std::string& ns) {
  std::string path = resource.group.empty() ? "/api/" + resource.version
                                            : "/apis/" + resource.group + "/" + resource.version;
  if (resource.namespaced) path += "/namespaces/" + ns;
  return path + "/" + resource.name;
}

}  // namespace kubefake::testkit
