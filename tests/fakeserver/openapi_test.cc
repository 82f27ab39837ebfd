// OpenAPI v3 index and documents (R9.5, R9.7) and OpenAPI v2 (R9.6).
#include <gmock/gmock.h>

#include <functional>
#include <set>

#include "engine_test.h"
#include "non_resource_request.h"
#include "kubefake/fakeserver/in_memory_storage.h"
#include "kubefake/testing/fake_clock.h"
#include "non_resource_handler.h"
#include "server_state.h"

namespace kubefake::fakeserver {
namespace {

using testing::Contains;
using testing::HasSubstr;
using testing::StartsWith;
using OpenApiTest = EngineTest;

std::string ServedKey(const api::GroupVersion& gv) {
  return gv.group.empty() ? "api/" + gv.version : "apis/" + gv.group + "/" + gv.version;
}

// Every "$ref" in `document` names an entry of `definitions` under `prefix`.
void ExpectRefsResolve(const nlohmann::json& document, const nlohmann::json& definitions,
                       std::string_view prefix) {
  int refs = 0;
  std::function<void(const nlohmann::json&)> visit = [&](const nlohmann::json& node) {
    if (node.is_object()) {
      for (const auto& [key, value] : node.items()) {
        if (key == "$ref" && value.is_string()) {  // JSONSchemaProps has a "$ref" property
          ++refs;
          const std::string ref = value.get<std::string>();
          ASSERT_THAT(ref, StartsWith(std::string(prefix)));
          EXPECT_TRUE(definitions.contains(ref.substr(prefix.size()))) << ref;
        } else {
          visit(value);
        }
      }
    } else if (node.is_array()) {
      for (const nlohmann::json& item : node) visit(item);
    }
  };
  visit(document);
  EXPECT_GT(refs, 0);
}

TEST_P(OpenApiTest, IndexListsEveryServedGroupVersionWithItsHash) {  // R9.5
  Response response = door_->Send(NonResourceGet("/openapi/v3"));
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.Get("Content-Type"), "application/json");
  EXPECT_TRUE(response.headers.Get("ETag"));
  const nlohmann::json paths = Json(response)["paths"];
  std::set<std::string> keys;
  for (const auto& [key, value] : paths.items()) {
    keys.insert(key);
    EXPECT_THAT(value["serverRelativeURL"].get<std::string>(),
                StartsWith("/openapi/v3/" + key + "?hash="));
  }
  std::set<std::string> served;
  for (const api::GroupVersion& gv : server_->Catalog().GroupVersions()) {
    served.insert(ServedKey(gv));
  }
  EXPECT_EQ(keys, served);
  EXPECT_TRUE(keys.contains("api/v1"));
  EXPECT_TRUE(keys.contains("apis/apps/v1"));
}

TEST_P(OpenApiTest, DeploymentPatchDeclaresFieldValidation) {  // R9.7
  Response response = door_->Send(NonResourceGet("/openapi/v3/apis/apps/v1"));
  ASSERT_EQ(response.status, 200);
  const nlohmann::json document = Json(response);
  EXPECT_EQ(document["openapi"], "3.0.0");
  const nlohmann::json patch =
      document["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"];
  EXPECT_EQ(patch["x-kubernetes-action"], "patch");
  EXPECT_EQ(patch["x-kubernetes-group-version-kind"],
            nlohmann::json({{"group", "apps"}, {"version", "v1"}, {"kind", "Deployment"}}));
  std::set<std::string> parameters;
  for (const nlohmann::json& parameter : patch["parameters"]) {
    parameters.insert(parameter["name"]);
    EXPECT_EQ(parameter["in"], "query");
  }
  EXPECT_EQ(parameters,
            (std::set<std::string>{"dryRun", "fieldManager", "fieldValidation", "force"}));
  std::set<std::string> body_types;
  for (const auto& [type, value] : patch["requestBody"]["content"].items()) body_types.insert(type);
  EXPECT_EQ(body_types, (std::set<std::string>{"application/apply-patch+yaml",
                                               "application/json-patch+json",
                                               "application/merge-patch+json",
                                               "application/strategic-merge-patch+json"}));
  EXPECT_EQ(patch["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/io.k8s.api.apps.v1.Deployment");
}

TEST_P(OpenApiTest, SchemasCarryKindsTypesAndExtensions) {  // R9.5
  const nlohmann::json schemas =
      Json(door_->Send(NonResourceGet("/openapi/v3/apis/apps/v1")))["components"]["schemas"];
  const nlohmann::json deployment = schemas["io.k8s.api.apps.v1.Deployment"];
  EXPECT_EQ(deployment["type"], "object");
  EXPECT_EQ(deployment["x-kubernetes-group-version-kind"],
            nlohmann::json::parse(R"([{"group":"apps","kind":"Deployment","version":"v1"}])"));
  const nlohmann::json spec = schemas["io.k8s.api.apps.v1.DeploymentSpec"];
  EXPECT_EQ(spec["required"], nlohmann::json({"selector", "template"}));
  EXPECT_EQ(spec["properties"]["replicas"],
            nlohmann::json({{"type", "integer"}, {"format", "int32"}}));
  EXPECT_EQ(spec["properties"]["strategy"],
            nlohmann::json::parse(R"({"allOf":[{"$ref":"#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy"}],
                                      "default":{},"x-kubernetes-patch-strategy":"retainKeys"})"));
  const nlohmann::json containers =
      schemas["io.k8s.api.core.v1.PodSpec"]["properties"]["containers"];
  EXPECT_EQ(containers["type"], "array");
  EXPECT_EQ(containers["x-kubernetes-list-type"], "map");
  EXPECT_EQ(containers["x-kubernetes-list-map-keys"], nlohmann::json({"name"}));
  EXPECT_EQ(containers["x-kubernetes-patch-merge-key"], "name");
  EXPECT_EQ(containers["items"]["allOf"][0]["$ref"],
            "#/components/schemas/io.k8s.api.core.v1.Container");
  EXPECT_EQ(schemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]["format"], "int-or-string");
  EXPECT_TRUE(schemas.contains("io.k8s.api.autoscaling.v1.Scale"));
}

TEST_P(OpenApiTest, EveryDocumentsRefsResolveWithinIt) {  // R9.5
  const nlohmann::json index = Json(door_->Send(NonResourceGet("/openapi/v3")))["paths"];
  for (const auto& [key, value] : index.items()) {
    SCOPED_TRACE(key);
    Response response = door_->Send(NonResourceGet(value["serverRelativeURL"]));
    ASSERT_EQ(response.status, 200);
    const nlohmann::json document = Json(response);
    ExpectRefsResolve(document, document["components"]["schemas"], "#/components/schemas/");
    // Every PATCH of an object or its status or scale declares fieldValidation (R9.7); proxy
    // PATCHes are connect operations.
    for (const auto& [path, item] : document["paths"].items()) {
      if (!item.contains("patch") || item["patch"]["x-kubernetes-action"] != "patch") continue;
      bool field_validation = false;
      for (const nlohmann::json& parameter : item["patch"]["parameters"]) {
        field_validation |= parameter["name"] == "fieldValidation";
      }
      EXPECT_TRUE(field_validation) << path;
    }
  }
}

TEST_P(OpenApiTest, CurrentHashIsImmutableAndStaleHashRedirects) {  // R9.5
  const nlohmann::json index = Json(door_->Send(NonResourceGet("/openapi/v3")))["paths"];
  const std::string url = index["api/v1"]["serverRelativeURL"];
  Response current = door_->Send(NonResourceGet(url));
  ASSERT_EQ(current.status, 200);
  EXPECT_EQ(current.headers.Get("Cache-Control"), "public, immutable");
  EXPECT_THAT(std::string(current.headers.Get("Expires").value_or("")), HasSubstr(" GMT"));
  const std::string etag(current.headers.Get("ETag").value_or(""));
  EXPECT_EQ("\"" + url.substr(url.find("hash=") + 5) + "\"", etag);

  Response stale = door_->Send(NonResourceGet("/openapi/v3/api/v1?hash=ABC"));
  EXPECT_EQ(stale.status, 301);
  EXPECT_EQ(stale.headers.Get("Location"), url);

  Response cached = door_->Send(NonResourceGet("/openapi/v3/api/v1", {{"If-None-Match", etag}}));
  EXPECT_EQ(cached.status, 304);
}

TEST(NonResourceHandlerTest, DocumentsFollowCatalogChanges) {  // R9.2, R9.5: CRDs
  testkit::FakeClock clock;
  InMemoryStorage storage;
  ServerState state(clock, storage, api::ResourceCatalog::BuiltIn(), 1);
  NonResourceHandler handler(state);
  auto get = [&](std::string path) {
    Result<Response> response = handler.Handle(NonResourceGet(std::move(path)));
    EXPECT_TRUE(response);
    return response ? nlohmann::json::parse(response->body) : nlohmann::json();
  };
  EXPECT_FALSE(get("/openapi/v3")["paths"].contains("apis/example.com/v1"));

  api::ResourceInfo widgets;
  widgets.group = "example.com";
  widgets.version = "v1";
  widgets.name = "widgets";
  widgets.singular_name = "widget";
  widgets.kind = "Widget";
  widgets.list_kind = "WidgetList";
  widgets.namespaced = true;
  widgets.verbs = {"get", "list", "patch"};
  ASSERT_TRUE(state.AddResource(std::move(widgets)));
  EXPECT_TRUE(get("/openapi/v3")["paths"].contains("apis/example.com/v1"));
  const nlohmann::json document = get("/openapi/v3/apis/example.com/v1");
  EXPECT_EQ(document["paths"]["/apis/example.com/v1/namespaces/{namespace}/widgets/{name}"]
                    ["patch"]["x-kubernetes-group-version-kind"]["kind"],
            "Widget");
  EXPECT_EQ(get("/apis/example.com")["preferredVersion"]["groupVersion"], "example.com/v1");

  ASSERT_TRUE(state.RemoveResource({"example.com", "v1", "widgets"}));
  EXPECT_FALSE(get("/openapi/v3")["paths"].contains("apis/example.com/v1"));
  EXPECT_FALSE(handler.Handle(NonResourceGet("/apis/example.com")));
}

TEST_P(OpenApiTest, ProtobufOnlyAcceptIsNotAcceptable) {  // R9.6
  Response response = door_->Send(NonResourceGet(
      "/openapi/v2", {{"Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"}}));
  EXPECT_EQ(response.status, 406);
  EXPECT_EQ(Json(response)["reason"], "NotAcceptable");
}

TEST_P(OpenApiTest, V2IsTheWholeApiAsSwagger) {  // R9.6
  Response response = door_->Send(NonResourceGet("/openapi/v2", {{"Accept", "application/json"}}));
  ASSERT_EQ(response.status, 200);
  const nlohmann::json swagger = Json(response);
  EXPECT_EQ(swagger["swagger"], "2.0");
  EXPECT_TRUE(swagger["paths"].contains("/api/v1/namespaces/{namespace}/pods/{name}"));
  EXPECT_TRUE(swagger["paths"].contains("/apis/apps/v1/namespaces/{namespace}/deployments/{name}"));
  ExpectRefsResolve(swagger, swagger["definitions"], "#/definitions/");
  const nlohmann::json patch =
      swagger["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"];
  EXPECT_THAT(patch["consumes"], Contains("application/strategic-merge-patch+json"));
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(OpenApiTest);

}  // namespace
}  // namespace kubefake::fakeserver
