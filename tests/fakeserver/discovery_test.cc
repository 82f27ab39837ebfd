// Legacy and aggregated discovery (R9.1, R9.2), and discovery following the served catalog.
#include <gmock/gmock.h>

#include "content_digest.h"
#include "engine_test.h"
#include "non_resource_request.h"

namespace kubefake::fakeserver {
namespace {

using testing::ElementsAre;
using testing::StartsWith;
using DiscoveryTest = EngineTest;

constexpr char kAggregatedV2[] =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
// What client-go 1.33 (and so kubectl) sends for /api and /apis.
constexpr char kClientGoAccept[] =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
    "application/json";

nlohmann::json FindNamed(const nlohmann::json& list, std::string_view key, std::string_view name) {
  for (const nlohmann::json& item : list) {
    if (item.value(key, std::string()) == name) return item;
  }
  ADD_FAILURE() << name << " not listed";
  return nullptr;
}

TEST(StorageVersionHashTest, MatchesTheRealServersValues) {  // R9.1
  EXPECT_EQ(StorageVersionHash("", "v1", "Pod"), "xPOwRZ+Yhw8=");
  EXPECT_EQ(StorageVersionHash("apps", "v1", "Deployment"), "8aSe+NMegvE=");
}

TEST_P(DiscoveryTest, ApiListsTheCoreVersionWithTheClientsHost) {  // R9.1
  Response response = door_->Send(NonResourceGet("/api", {{"Host", "127.0.0.1:6443"}}));
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(response.body,
            "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
            "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1:6443\"}]}\n");
}

TEST_P(DiscoveryTest, ApisListsGroupsInPriorityOrderWithPreferredVersions) {  // R9.1
  Response response = door_->Send(NonResourceGet("/apis"));
  ASSERT_EQ(response.status, 200);
  EXPECT_THAT(response.body,
              StartsWith("{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[{\"name\":"
                         "\"apiregistration.k8s.io\",\"versions\":[{\"groupVersion\":"
                         "\"apiregistration.k8s.io/v1\",\"version\":\"v1\"}],\"preferredVersion\":"
                         "{\"groupVersion\":\"apiregistration.k8s.io/v1\",\"version\":\"v1\"}},"
                         "{\"name\":\"apps\""));
  const nlohmann::json groups = Json(response)["groups"];
  std::vector<std::string> names;
  for (const nlohmann::json& group : groups) names.push_back(group["name"]);
  ASSERT_GE(names.size(), 4u);
  EXPECT_THAT(std::vector(names.begin(), names.begin() + 4),
              ElementsAre("apiregistration.k8s.io", "apps", "events.k8s.io",
                          "authentication.k8s.io"));
  const nlohmann::json autoscaling = FindNamed(groups, "name", "autoscaling");
  EXPECT_EQ(autoscaling["versions"][0]["version"], "v2");
  EXPECT_EQ(autoscaling["versions"][1]["version"], "v1");
  EXPECT_EQ(autoscaling["preferredVersion"]["groupVersion"], "autoscaling/v2");
}

TEST_P(DiscoveryTest, ApisGroupDescribesOneGroup) {  // R9.1
  Response response = door_->Send(NonResourceGet("/apis/apps"));
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.body,
            "{\"kind\":\"APIGroup\",\"apiVersion\":\"v1\",\"name\":\"apps\",\"versions\":[{"
            "\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}],\"preferredVersion\":{"
            "\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}}\n");
}

TEST_P(DiscoveryTest, CoreResourceListHasNoApiVersionAndTheRealPodEntry) {  // R9.1
  Response response = door_->Send(NonResourceGet("/api/v1"));
  ASSERT_EQ(response.status, 200);
  EXPECT_THAT(response.body,
              StartsWith("{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":["));
  const nlohmann::json resources = Json(response)["resources"];
  const nlohmann::json pods = FindNamed(resources, "name", "pods");
  EXPECT_EQ(pods.dump(),
            "{\"categories\":[\"all\"],\"kind\":\"Pod\",\"name\":\"pods\",\"namespaced\":true,"
            "\"shortNames\":[\"po\"],\"singularName\":\"pod\",\"storageVersionHash\":"
            "\"xPOwRZ+Yhw8=\",\"verbs\":[\"create\",\"delete\",\"deletecollection\",\"get\","
            "\"list\",\"patch\",\"update\",\"watch\"]}");
  const nlohmann::json eviction = FindNamed(resources, "name", "pods/eviction");
  EXPECT_EQ(eviction["group"], "policy");
  EXPECT_EQ(eviction["version"], "v1");
  EXPECT_EQ(eviction["kind"], "Eviction");
  const nlohmann::json status = FindNamed(resources, "name", "pods/status");
  EXPECT_FALSE(status.contains("group"));
  EXPECT_EQ(status["singularName"], "");
  EXPECT_FALSE(FindNamed(resources, "name", "bindings").contains("storageVersionHash"));
}

TEST_P(DiscoveryTest, AppsResourceListHasTheRealDeploymentEntries) {  // R9.1
  Response response = door_->Send(NonResourceGet("/apis/apps/v1"));
  ASSERT_EQ(response.status, 200);
  const nlohmann::ordered_json list = nlohmann::ordered_json::parse(response.body);
  EXPECT_EQ(list["apiVersion"], "v1");
  std::string deployments;
  std::string scale;
  std::string status;
  for (const auto& resource : list["resources"]) {
    if (resource["name"] == "deployments") deployments = resource.dump();
    if (resource["name"] == "deployments/scale") scale = resource.dump();
    if (resource["name"] == "deployments/status") status = resource.dump();
  }
  EXPECT_EQ(deployments,
            "{\"name\":\"deployments\",\"singularName\":\"deployment\",\"namespaced\":true,"
            "\"kind\":\"Deployment\",\"verbs\":[\"create\",\"delete\",\"deletecollection\","
            "\"get\",\"list\",\"patch\",\"update\",\"watch\"],\"shortNames\":[\"deploy\"],"
            "\"categories\":[\"all\"],\"storageVersionHash\":\"8aSe+NMegvE=\"}");
  EXPECT_EQ(scale,
            "{\"name\":\"deployments/scale\",\"singularName\":\"\",\"namespaced\":true,"
            "\"group\":\"autoscaling\",\"version\":\"v1\",\"kind\":\"Scale\",\"verbs\":[\"get\","
            "\"patch\",\"update\"]}");
  EXPECT_EQ(status,
            "{\"name\":\"deployments/status\",\"singularName\":\"\",\"namespaced\":true,"
            "\"kind\":\"Deployment\",\"verbs\":[\"get\",\"patch\",\"update\"]}");
}

TEST_P(DiscoveryTest, ClientGoAcceptGetsAggregatedDiscoveryWithItsContentType) {  // R9.2
  Response response = door_->Send(NonResourceGet("/apis", {{"Accept", kClientGoAccept}}));
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.Get("Content-Type"), kAggregatedV2);
  EXPECT_EQ(response.headers.Get("Vary"), "Accept");
  EXPECT_EQ(response.headers.Get("Cache-Control"), "public");
  ASSERT_TRUE(response.headers.Get("ETag"));
  EXPECT_THAT(std::string(*response.headers.Get("ETag")), StartsWith("\""));

  const nlohmann::json list = Json(response);
  EXPECT_EQ(list["kind"], "APIGroupDiscoveryList");
  EXPECT_EQ(list["apiVersion"], "apidiscovery.k8s.io/v2");
  const nlohmann::json apps = list["items"][1];
  EXPECT_EQ(apps["metadata"]["name"], "apps");
  EXPECT_EQ(apps["versions"][0]["version"], "v1");
  EXPECT_EQ(apps["versions"][0]["freshness"], "Current");
  const nlohmann::json deployments =
      FindNamed(apps["versions"][0]["resources"], "resource", "deployments");
  EXPECT_EQ(deployments,
            nlohmann::json::parse(R"({"resource":"deployments",
              "responseKind":{"group":"apps","version":"v1","kind":"Deployment"},
              "scope":"Namespaced","singularResource":"deployment",
              "verbs":["create","delete","deletecollection","get","list","patch","update","watch"],
              "shortNames":["deploy"],"categories":["all"],
              "subresources":[
                {"subresource":"scale","responseKind":{"group":"autoscaling","version":"v1","kind":"Scale"},
                 "verbs":["get","patch","update"]},
                {"subresource":"status","responseKind":{"group":"apps","version":"v1","kind":"Deployment"},
                 "verbs":["get","patch","update"]}]})"));
}

TEST_P(DiscoveryTest, AggregatedCoreGroupHasOneUnnamedItem) {  // R9.2
  Response response = door_->Send(NonResourceGet("/api", {{"Accept", kAggregatedV2}}));
  ASSERT_EQ(response.status, 200);
  const nlohmann::json list = Json(response);
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["metadata"], nlohmann::json::object());
  EXPECT_EQ(list["items"][0]["versions"][0]["version"], "v1");
  const nlohmann::json nodes =
      FindNamed(list["items"][0]["versions"][0]["resources"], "resource", "nodes");
  EXPECT_EQ(nodes["scope"], "Cluster");
}

TEST_P(DiscoveryTest, MatchingIfNoneMatchAnswers304) {  // R9.2
  Response first = door_->Send(NonResourceGet("/apis", {{"Accept", kAggregatedV2}}));
  const std::string etag(first.headers.Get("ETag").value_or(""));
  Response again =
      door_->Send(NonResourceGet("/apis", {{"Accept", kAggregatedV2}, {"If-None-Match", etag}}));
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  Response stale = door_->Send(
      NonResourceGet("/apis", {{"Accept", kAggregatedV2}, {"If-None-Match", "\"0123\""}}));
  EXPECT_EQ(stale.status, 200);
}

TEST_P(DiscoveryTest, PlainJsonAndRemovedBetaGetTheLegacyDocument) {  // R9.2, R11.3
  for (const char* accept :
       {"application/json", "*/*", "",
        "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
        "application/json"}) {
    Response response = door_->Send(NonResourceGet("/apis", {{"Accept", accept}}));
    EXPECT_EQ(response.status, 200) << accept;
    EXPECT_EQ(response.headers.Get("Content-Type"), "application/json") << accept;
    EXPECT_EQ(Json(response)["kind"], "APIGroupList") << accept;
  }
  Response yaml = door_->Send(NonResourceGet("/apis/apps", {{"Accept", "application/yaml"}}));
  EXPECT_EQ(yaml.headers.Get("Content-Type"), "application/yaml");
  EXPECT_THAT(yaml.body, testing::HasSubstr("kind: APIGroup\n"));
}

TEST_P(DiscoveryTest, AggregatedOnlyInProtobufIsNotAcceptable) {  // R11.3
  Response response = door_->Send(NonResourceGet(
      "/apis",
      {{"Accept",
        "application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"}}));
  EXPECT_EQ(response.status, 406);
  EXPECT_EQ(Json(response)["reason"], "NotAcceptable");
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(DiscoveryTest);

}  // namespace
}  // namespace kubefake::fakeserver
