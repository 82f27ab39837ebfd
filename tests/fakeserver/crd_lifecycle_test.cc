// CustomResourceDefinition lifecycle (R10.1-R10.4, R9.1, R9.2, R9.5): validation, names and
// conditions, discovery and OpenAPI following CRDs, custom objects served by every verb, CRD
// update and deletion.
#include <gmock/gmock.h>

#include "crd_test.h"

namespace kubefake::fakeserver {
namespace {

using testing::Contains;
using testing::ElementsAre;
using testing::HasSubstr;

using CrdLifecycleTest = CrdTest;

constexpr char kAggregatedAccept[] =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

TEST_P(CrdLifecycleTest, CreateAcceptsNamesAndEstablishes) {  // R10.1, R10.2
  const nlohmann::json created = CreateWidgetCrd();
  EXPECT_EQ(created["spec"]["names"]["singular"], "widget");
  EXPECT_EQ(created["spec"]["names"]["listKind"], "WidgetList");
  EXPECT_EQ(created["spec"]["conversion"]["strategy"], "None");
  EXPECT_EQ(created["status"]["storedVersions"], nlohmann::json::array({"v1"}));

  const nlohmann::json crd = Expect(200, "GET", kWidgetCrd);
  const nlohmann::json names_accepted = ConditionOf(crd, "NamesAccepted");
  EXPECT_EQ(names_accepted["status"], "True");
  EXPECT_EQ(names_accepted["reason"], "NoConflicts");
  EXPECT_EQ(names_accepted["message"], "no conflicts found");
  const nlohmann::json established = ConditionOf(crd, "Established");
  EXPECT_EQ(established["status"], "True");
  EXPECT_EQ(established["reason"], "InitialNamesAccepted");
  EXPECT_EQ(established["message"], "the initial names have been accepted");
  EXPECT_TRUE(established.contains("lastTransitionTime"));
  const nlohmann::json accepted = crd["status"]["acceptedNames"];
  EXPECT_EQ(accepted["plural"], "widgets");
  EXPECT_EQ(accepted["kind"], "Widget");
  EXPECT_EQ(accepted["shortNames"], nlohmann::json::array({"wd"}));
}

TEST_P(CrdLifecycleTest, LegacyDiscoveryListsTheResourceAndItsSubresources) {  // R9.1, R10.10
  CreateWidgetCrd();
  const nlohmann::json list = Expect(200, "GET", "/apis/example.com/v1");
  ASSERT_EQ(list["resources"].size(), 3u) << list;
  const nlohmann::json widgets = list["resources"][0];
  EXPECT_EQ(widgets["name"], "widgets");
  EXPECT_EQ(widgets["singularName"], "widget");
  EXPECT_EQ(widgets["kind"], "Widget");
  EXPECT_EQ(widgets["namespaced"], true);
  EXPECT_EQ(widgets["verbs"], nlohmann::json({"delete", "deletecollection", "get", "list", "patch",
                                              "create", "update", "watch"}));
  EXPECT_EQ(widgets["shortNames"], nlohmann::json::array({"wd"}));
  EXPECT_EQ(widgets["categories"], nlohmann::json::array({"all"}));
  EXPECT_FALSE(widgets.value("storageVersionHash", "").empty());
  EXPECT_EQ(list["resources"][1]["name"], "widgets/scale");
  EXPECT_EQ(list["resources"][1]["kind"], "Scale");
  EXPECT_EQ(list["resources"][2]["name"], "widgets/status");

  bool grouped = false;
  const nlohmann::json groups = Expect(200, "GET", "/apis");
  for (const nlohmann::json& group : groups["groups"]) {
    grouped |= group["name"] == "example.com";
  }
  EXPECT_TRUE(grouped);
}

TEST_P(CrdLifecycleTest, ShortNamesAndCategoriesFindTheResource) {  // R10.10 (kubectl get all)
  CreateWidgetCrd();
  const api::ResourceCatalog catalog = server_->Catalog();
  bool in_all = false;
  for (const api::ResourceCatalog::Entry& entry : catalog.FindByCategory("all")) {
    in_all |= entry->name == "widgets";
  }
  EXPECT_TRUE(in_all);
  ASSERT_EQ(catalog.FindByShortName("wd").size(), 1u);
  EXPECT_EQ(catalog.FindByShortName("wd")[0]->GetGroupVersionKind(),
            (api::GroupVersionKind{"example.com", "v1", "Widget"}));
}

TEST_P(CrdLifecycleTest, AggregatedDiscoveryListsTheGroup) {  // R9.2
  CreateWidgetCrd();
  const Response response = SendWith("GET", "/apis", nullptr, {{"Accept", kAggregatedAccept}});
  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json found;
  const nlohmann::json groups = Json(response);
  for (const nlohmann::json& group : groups["items"]) {
    if (group["metadata"]["name"] == "example.com") found = group;
  }
  ASSERT_FALSE(found.is_null());
  const nlohmann::json resource = found["versions"][0]["resources"][0];
  EXPECT_EQ(resource["resource"], "widgets");
  EXPECT_EQ(resource["scope"], "Namespaced");
  EXPECT_EQ(resource["responseKind"]["kind"], "Widget");
  EXPECT_EQ(resource["subresources"].size(), 2u);
}

TEST_P(CrdLifecycleTest, OpenApiIndexListsTheGroupVersion) {  // R9.5
  EXPECT_FALSE(Expect(200, "GET", "/openapi/v3")["paths"].contains("apis/example.com/v1"));
  CreateWidgetCrd();
  EXPECT_TRUE(Expect(200, "GET", "/openapi/v3")["paths"].contains("apis/example.com/v1"));
  const nlohmann::json document = Expect(200, "GET", "/openapi/v3/apis/example.com/v1");
  EXPECT_TRUE(document["paths"].contains("/apis/example.com/v1/namespaces/{namespace}/widgets"));
  const nlohmann::json& schemas = document["components"]["schemas"];
  ASSERT_TRUE(schemas.contains("com.example.v1.Widget")) << schemas.dump().substr(0, 300);
  const nlohmann::json& widget = schemas["com.example.v1.Widget"];
  EXPECT_EQ(
      widget["x-kubernetes-group-version-kind"],
      nlohmann::json::array({{{"group", "example.com"}, {"kind", "Widget"}, {"version", "v1"}}}));
  EXPECT_EQ(widget["properties"]["spec"]["properties"]["size"]["type"], "integer");
  EXPECT_TRUE(schemas.contains("com.example.v1.WidgetList"));
  EXPECT_TRUE(schemas.contains("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
  const nlohmann::json patch =
      document["paths"]["/apis/example.com/v1/namespaces/{namespace}/widgets/{name}"]["patch"];
  EXPECT_EQ(patch["x-kubernetes-group-version-kind"]["kind"], "Widget");
}

TEST_P(CrdLifecycleTest, CustomObjectsGoThroughCreateGetListUpdateAndDelete) {  // R10.10
  CreateWidgetCrd();
  nlohmann::json created = Expect(201, "POST", kWidgets, Widget("w1", {{"size", 3}}));
  EXPECT_EQ(created["kind"], "Widget");
  EXPECT_EQ(created["metadata"]["generation"], 1);
  EXPECT_EQ(Expect(200, "GET", std::string(kWidgets) + "/w1"), created);

  const nlohmann::json list = Expect(200, "GET", kWidgets);
  EXPECT_EQ(list["kind"], "WidgetList");
  EXPECT_EQ(list["apiVersion"], "example.com/v1");
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["kind"], "Widget");
  EXPECT_EQ(Expect(200, "GET", "/apis/example.com/v1/widgets")["items"].size(), 1u);

  created["spec"]["size"] = 4;
  const nlohmann::json updated = Expect(200, "PUT", std::string(kWidgets) + "/w1", created);
  EXPECT_EQ(updated["spec"]["size"], 4);
  EXPECT_EQ(updated["metadata"]["generation"], 2);

  const nlohmann::json deleted = Expect(200, "DELETE", std::string(kWidgets) + "/w1");
  EXPECT_EQ(deleted["kind"], "Status");  // R4.4
  EXPECT_EQ(deleted["status"], "Success");
  Expect(404, "GET", std::string(kWidgets) + "/w1");
}

TEST_P(CrdLifecycleTest, CustomObjectsRequireKindAndAResourceVersionOnPut) {  // R3.1, R3.2
  CreateWidgetCrd();
  const nlohmann::json no_kind = {
      {"apiVersion", "example.com/v1"}, {"metadata", {{"name", "w1"}}}, {"spec", {{"size", 1}}}};
  EXPECT_THAT(Expect(400, "POST", kWidgets, no_kind)["message"].get<std::string>(),
              HasSubstr("Object 'Kind' is missing in '"));
  Expect(201, "POST", kWidgets, Widget("w1", {{"size", 1}}));
  const nlohmann::json status =
      Expect(422, "PUT", std::string(kWidgets) + "/w1", Widget("w1", {{"size", 2}}));
  EXPECT_EQ(status["message"],
            "widgets.example.com \"w1\" is invalid: metadata.resourceVersion: Invalid value: 0: "
            "must be specified for an update");
}

TEST_P(CrdLifecycleTest, WatchSeesCustomObjects) {  // R7
  CreateWidgetCrd();
  Request request;
  request.method = "GET";
  request.path = kWidgets;
  request.query.emplace("watch", "true");
  Response response = door_->Send(request);
  ASSERT_EQ(response.status, 200) << response.body;
  ASSERT_TRUE(response.stream);
  Expect(201, "POST", kWidgets, Widget("w1", {{"size", 1}}));
  const std::optional<nlohmann::json> event = NextEvent(*response.stream);
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ((*event)["type"], "ADDED");
  EXPECT_EQ((*event)["object"]["kind"], "Widget");
  EXPECT_EQ((*event)["object"]["metadata"]["name"], "w1");
  response.stream->Cancel();
}

TEST_P(CrdLifecycleTest, DeletingTheCrdDeletesItsObjectsAndEndpoints) {  // R10.2, R4.10
  CreateWidgetCrd();
  Expect(201, "POST", kWidgets, Widget("w1", {{"size", 1}}));
  Expect(200, "DELETE", kWidgetCrd);
  Expect(404, "GET", std::string(kWidgets) + "/w1");
  Expect(404, "GET", "/apis/example.com/v1");
  EXPECT_FALSE(Expect(200, "GET", "/openapi/v3")["paths"].contains("apis/example.com/v1"));

  CreateWidgetCrd();
  EXPECT_TRUE(Expect(200, "GET", kWidgets)["items"].empty()) << "the objects went with the CRD";
}

TEST_P(CrdLifecycleTest, AKindAnotherCrdOwnsIsNotAccepted) {  // R10.2
  CreateWidgetCrd();
  nlohmann::json gadgets = WidgetCrd();
  gadgets["metadata"]["name"] = "gadgets.example.com";
  gadgets["spec"]["names"] = {
      {"plural", "gadgets"}, {"kind", "Widget"}, {"listKind", "GadgetList"}};
  Expect(201, "POST", kCrds, gadgets);
  const nlohmann::json crd = Expect(200, "GET", std::string(kCrds) + "/gadgets.example.com");
  const nlohmann::json names_accepted = ConditionOf(crd, "NamesAccepted");
  EXPECT_EQ(names_accepted["status"], "False");
  EXPECT_EQ(names_accepted["reason"], "KindConflict");
  EXPECT_EQ(names_accepted["message"], "\"Widget\" is already in use");
  EXPECT_EQ(ConditionOf(crd, "Established")["reason"], "NotAccepted");
  Expect(404, "GET", "/apis/example.com/v1/namespaces/default/gadgets");
}

TEST_P(CrdLifecycleTest, AShortNameAnotherCrdOwnsIsNotAccepted) {  // R10.2
  CreateWidgetCrd();
  nlohmann::json gadgets = WidgetCrd();
  gadgets["metadata"]["name"] = "gadgets.example.com";
  gadgets["spec"]["names"] = {
      {"plural", "gadgets"}, {"kind", "Gadget"}, {"shortNames", nlohmann::json::array({"wd"})}};
  Expect(201, "POST", kCrds, gadgets);
  const nlohmann::json names_accepted =
      ConditionOf(Expect(200, "GET", std::string(kCrds) + "/gadgets.example.com"), "NamesAccepted");
  EXPECT_EQ(names_accepted["reason"], "ShortNamesConflict");
  EXPECT_THAT(names_accepted["message"].get<std::string>(), HasSubstr("\"wd\" is already in use"));
}

TEST_P(CrdLifecycleTest, InvalidCrdsAnswer422WithCauses) {  // R10.1
  nlohmann::json crd = WidgetCrd();
  crd["spec"]["group"] = "example";
  crd["spec"]["versions"] = {WidgetVersion("v1"), WidgetVersion("v2")};
  crd["spec"]["versions"][1].erase("schema");
  const nlohmann::json status = Expect(422, "POST", kCrds, crd);
  EXPECT_EQ(status["details"]["kind"], "CustomResourceDefinition");
  const std::vector<std::string> causes = Causes(status);
  EXPECT_THAT(causes, Contains("metadata.name: Invalid value: \"widgets.example.com\": must be "
                               "spec.names.plural+\".\"+spec.group"));
  EXPECT_THAT(causes, Contains("spec.group: Invalid value: \"example\": should be a domain with "
                               "at least one dot"));
  EXPECT_THAT(causes, Contains("spec.versions[1].schema.openAPIV3Schema: Required value: schemas "
                               "are required"));
  bool storage = false;
  for (const std::string& cause : causes) {
    storage |= cause.ends_with("must have exactly one version marked as storage version");
  }
  EXPECT_TRUE(storage);
}

TEST_P(CrdLifecycleTest, ASchemaWithoutTypesIsNotStructural) {  // R10.1
  nlohmann::json crd = WidgetCrd();
  crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"] = {
      {"type", "object"}, {"properties", {{"spec", {{"description", "untyped"}}}}}};
  EXPECT_THAT(Causes(Expect(422, "POST", kCrds, crd)),
              ElementsAre("spec.versions[0].schema.openAPIV3Schema.properties[spec].type: "
                          "Required value: must not be empty for specified object fields"));
}

TEST_P(CrdLifecycleTest, WebhookConversionIsRefused) {  // R10.4
  nlohmann::json crd = WidgetCrd();
  crd["spec"]["conversion"] = {{"strategy", "Webhook"}};
  EXPECT_THAT(Causes(Expect(422, "POST", kCrds, crd)),
              ElementsAre("spec.conversion.strategy: Forbidden: Webhook conversion is not "
                          "emulated by kubefake; use None"));
}

TEST_P(CrdLifecycleTest, UpdateAddsAVersionServedAtOnce) {  // R10.2, R10.4
  CreateWidgetCrd();
  Expect(201, "POST", kWidgets, Widget("w1", {{"size", 2}}));
  Expect(404, "GET", "/apis/example.com/v2");

  nlohmann::json crd = Expect(200, "GET", kWidgetCrd);
  crd["spec"]["versions"] = {WidgetVersion("v1", false), WidgetVersion("v2", true)};
  crd["spec"]["versions"][1]["additionalPrinterColumns"] =
      nlohmann::json::array({{{"name", "Size"}, {"type", "integer"}, {"jsonPath", ".spec.size"}}});
  const nlohmann::json updated = Expect(200, "PUT", kWidgetCrd, crd);
  EXPECT_EQ(updated["status"]["storedVersions"], nlohmann::json({"v1", "v2"}));
  EXPECT_EQ(updated["metadata"]["generation"], 2);

  const nlohmann::json v2 =
      Expect(200, "GET", "/apis/example.com/v2/namespaces/default/widgets/w1");
  EXPECT_EQ(v2["apiVersion"], "example.com/v2");  // conversion None rewrites apiVersion only
  EXPECT_EQ(v2["spec"]["size"], 2);
  EXPECT_EQ(Expect(200, "GET", "/apis/example.com")["preferredVersion"]["version"], "v2");
}

TEST_P(CrdLifecycleTest, AVersionThatIsNotServedAnswers404) {  // R10.2
  nlohmann::json crd = WidgetCrd();
  crd["spec"]["versions"] = {WidgetVersion("v1", true), WidgetVersion("v2", false)};
  crd["spec"]["versions"][1]["served"] = false;
  crd["spec"]["versions"][1]["additionalPrinterColumns"] = nlohmann::json::array();
  Expect(201, "POST", kCrds, crd);
  Expect(200, "GET", kWidgets);
  Expect(404, "GET", "/apis/example.com/v2/namespaces/default/widgets");
}

TEST_P(CrdLifecycleTest, ClusterScopedCustomResourcesHaveNoNamespacedPaths) {  // R10.3
  nlohmann::json crd = WidgetCrd();
  crd["spec"]["scope"] = "Cluster";
  Expect(201, "POST", kCrds, crd);
  Expect(201, "POST", "/apis/example.com/v1/widgets", Widget("w1", {{"size", 1}}));
  Expect(404, "GET", kWidgets);
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(CrdLifecycleTest);

}  // namespace
}  // namespace kubefake::fakeserver
