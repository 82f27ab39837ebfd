// Discovery checks: the legacy documents (/api, /apis, /api/v1) and aggregated discovery.
#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

constexpr std::string_view kAggregatedAccept =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

Verdict LegacyDiscoveryDocuments(CheckContext& context) {
  Step<nlohmann::json> api = Expect(context.Rest().Get().AbsPath("/api").Do(), 200, "GET /api");
  if (!api) return api.error();
  if (api->value("kind", "") != "APIVersions" ||
      api->value("versions", nlohmann::json()) != nlohmann::json{"v1"}) {
    return Failed("APIVersions with versions [v1]", api->dump());
  }
  Step<nlohmann::json> apis = Expect(context.Rest().Get().AbsPath("/apis").Do(), 200, "GET /apis");
  if (!apis) return apis.error();
  bool apps = false;
  for (const nlohmann::json& group : (*apis)["groups"]) {
    apps = apps || (group.value("name", "") == "apps" &&
                    group["preferredVersion"].value("groupVersion", "") == "apps/v1");
  }
  if (apis->value("kind", "") != "APIGroupList" || !apps) {
    return Failed("APIGroupList with apps preferring apps/v1", apis->value("kind", ""));
  }
  Step<nlohmann::json> core =
      Expect(context.Rest().Get().AbsPath("/api/v1").Do(), 200, "GET /api/v1");
  if (!core) return core.error();
  for (const nlohmann::json& resource : (*core)["resources"]) {
    if (resource.value("name", "") != "configmaps") continue;
    const nlohmann::json verbs = {"create", "delete", "deletecollection", "get",
                                  "list",   "patch",  "update",           "watch"};
    if (resource.value("kind", "") != "ConfigMap" || !resource.value("namespaced", false) ||
        resource.value("verbs", nlohmann::json()) != verbs ||
        resource.value("singularName", "") != "configmap") {
      return Failed(
          "configmaps: kind ConfigMap, namespaced, singularName configmap, verbs " + verbs.dump(),
          resource.dump());
    }
    return Passed();
  }
  return Failed("/api/v1 lists configmaps", "it does not");
}

Verdict AggregatedDiscovery(CheckContext& context) {
  client::RestResult result = context.Rest()
                                  .Get()
                                  .AbsPath("/apis")
                                  .SetHeader("Accept", std::string(kAggregatedAccept))
                                  .Do();
  Step<nlohmann::json> list = Expect(result, 200, "GET /apis for APIGroupDiscoveryList");
  if (!list) return list.error();
  const std::string& type = result.content_type();
  for (std::string_view parameter : {"g=apidiscovery.k8s.io", "v=v2", "as=APIGroupDiscoveryList"}) {
    if (type.find(parameter) == std::string::npos) {
      return Failed("Content-Type with g, v and as parameters", type);
    }
  }
  if (list->value("kind", "") != "APIGroupDiscoveryList" ||
      list->value("apiVersion", "") != "apidiscovery.k8s.io/v2") {
    return Failed("kind APIGroupDiscoveryList, apiVersion apidiscovery.k8s.io/v2",
                  list->value("kind", "") + " " + list->value("apiVersion", ""));
  }
  for (const nlohmann::json& group : (*list)["items"]) {
    if (group["metadata"].value("name", "") != "apps") continue;
    for (const nlohmann::json& version : group["versions"]) {
      if (version.value("version", "") != "v1") continue;
      for (const nlohmann::json& resource : version["resources"]) {
        if (resource.value("resource", "") != "deployments") continue;
        const nlohmann::json kind = {{"group", "apps"}, {"version", "v1"}, {"kind", "Deployment"}};
        if (resource.value("scope", "") != "Namespaced" || resource["responseKind"] != kind ||
            version.value("freshness", "") != "Current") {
          return Failed(
              "deployments: scope Namespaced, responseKind apps/v1 Deployment, "
              "freshness Current",
              resource.dump());
        }
        return Passed();
      }
    }
  }
  return Failed("apps/v1 deployments in the aggregated discovery", "not listed");
}

}  // namespace

std::vector<ServerCheck> DiscoveryChecks() {
  return {
      {"discovery", "/api, /apis and /api/v1 legacy discovery documents", "R9.1",
       LegacyDiscoveryDocuments},
      {"discovery", "aggregated discovery: APIGroupDiscoveryList v2 with its Content-Type", "R9.2",
       AggregatedDiscovery},
  };
}

}  // namespace kubefake::testkit::conformance
