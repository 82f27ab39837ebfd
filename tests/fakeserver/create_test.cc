// Engine tests for create (R2.1-R2.8, R2.10, R3.1, R3.8) and routing errors (R1.2, R1.8).
#include <regex>

#include "engine_test.h"

namespace kubefake::fakeserver {
namespace {

using CreateTest = EngineTest;

nlohmann::json ConfigMapBody(const std::string& name) {
  return {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}}}};
}

TEST_P(CreateTest, FillsUidCreationTimestampAndResourceVersion) {  // R2.1-R2.3
  const nlohmann::json created = CreateConfigMap("default", "c");
  const nlohmann::json& metadata = created["metadata"];
  EXPECT_TRUE(std::regex_match(metadata["uid"].get<std::string>(),
                               std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                          "[0-9a-f]{12}")))
      << metadata["uid"];
  EXPECT_EQ(metadata["creationTimestamp"],
            api::Time::FromTimePoint(clock_.Now()).String());
  EXPECT_FALSE(metadata["resourceVersion"].get<std::string>().empty());
  EXPECT_FALSE(metadata.contains("generation")) << "ConfigMaps do not use generation (R2.4)";
  EXPECT_EQ(created["data"]["k"], "v");
}

TEST_P(CreateTest, ResourceVersionsIncreaseAcrossResources) {  // R2.2, R3.15
  const int64_t first = std::stoll(CreateConfigMap("default", "a")["metadata"]["resourceVersion"]
                                       .get<std::string>());
  const nlohmann::json secret = Expect(201, "POST", "/api/v1/namespaces/default/secrets",
                                       {{"metadata", {{"name", "s"}}}});
  const int64_t second = std::stoll(secret["metadata"]["resourceVersion"].get<std::string>());
  EXPECT_GT(second, first);
}

TEST_P(CreateTest, ClientSystemFieldsAreWiped) {  // R3.1 step 4
  const nlohmann::json created = Expect(
      201, "POST", "/api/v1/namespaces/default/configmaps",
      {{"metadata",
        {{"name", "c"}, {"uid", "mine"}, {"creationTimestamp", "2000-01-01T00:00:00Z"}}}});
  EXPECT_NE(created["metadata"]["uid"], "mine");
  EXPECT_NE(created["metadata"]["creationTimestamp"], "2000-01-01T00:00:00Z");
}

TEST_P(CreateTest, MissingApiVersionAndKindAreDefaultedFromTheUrl) {  // R3.1 step 3
  const nlohmann::json created =
      Expect(201, "POST", "/api/v1/namespaces/default/configmaps", {{"metadata", {{"name", "c"}}}});
  EXPECT_EQ(created["apiVersion"], "v1");
  EXPECT_EQ(created["kind"], "ConfigMap");
}

TEST_P(CreateTest, GenerationStartsAtOneForDeployments) {  // R2.4
  const nlohmann::json created = Expect(
      201, "POST", "/apis/apps/v1/namespaces/default/deployments",
      {{"apiVersion", "apps/v1"},
       {"kind", "Deployment"},
       {"metadata", {{"name", "web"}}},
       {"spec", {{"replicas", 2}}},
       {"status", {{"replicas", 5}}}});
  EXPECT_EQ(created["metadata"]["generation"], 1);
  EXPECT_FALSE(created.contains("status")) << "status is reset on create (R2.10)";
}

TEST_P(CreateTest, GenerateNameAppendsFiveCharactersFromTheRealAlphabet) {  // R2.6
  const nlohmann::json created =
      Expect(201, "POST", "/api/v1/namespaces/default/configmaps",
             {{"metadata", {{"generateName", "web-"}}}});
  const std::string name = created["metadata"]["name"];
  EXPECT_TRUE(std::regex_match(name, std::regex("web-[bcdfghjklmnpqrstvwxz2456789]{5}"))) << name;
  EXPECT_EQ(created["metadata"]["generateName"], "web-");
}

TEST_P(CreateTest, GenerateNameTruncatesLongPrefixesTo58Characters) {  // R2.6
  const std::string prefix(70, 'a');
  const nlohmann::json created =
      Expect(201, "POST", "/api/v1/namespaces/default/configmaps",
             {{"metadata", {{"generateName", prefix}}}});
  EXPECT_EQ(created["metadata"]["name"].get<std::string>().size(), 63u);
}

TEST_P(CreateTest, GenerateNameRetriesWhenTheGeneratedNameExists) {  // R2.6
  // A second engine with the same seed generates the same suffixes: take its first name.
  ApiServer twin(TestOptions(clock_));
  InProcessDoor twin_door(twin);
  Request request;
  request.method = "POST";
  request.path = "/api/v1/namespaces/default/configmaps";
  request.body = R"({"metadata":{"generateName":"web-"}})";
  const std::string first = Json(twin_door.Send(request))["metadata"]["name"];

  CreateConfigMap("default", first);
  const nlohmann::json created =
      Expect(201, "POST", "/api/v1/namespaces/default/configmaps",
             {{"metadata", {{"generateName", "web-"}}}});
  EXPECT_NE(created["metadata"]["name"], first);
  EXPECT_TRUE(created["metadata"]["name"].get<std::string>().starts_with("web-"));
}

TEST_P(CreateTest, NameOrGenerateNameIsRequired) {  // R2.6
  const nlohmann::json status =
      Expect(422, "POST", "/api/v1/namespaces/default/configmaps", {{"metadata", nullptr}});
  EXPECT_EQ(status["message"],
            "ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is "
            "required");
  EXPECT_EQ(status["details"]["causes"][0]["reason"], "FieldValueRequired");
}

TEST_P(CreateTest, InvalidNameIsRejectedWithTheRealMessage) {  // R2.8, R5.6
  const nlohmann::json status = Expect(422, "POST", "/api/v1/namespaces/default/configmaps",
                                       ConfigMapBody("Bad_Name"));
  EXPECT_EQ(status["reason"], "Invalid");
  EXPECT_EQ(status["details"]["kind"], "ConfigMap");
  EXPECT_EQ(status["details"]["name"], "Bad_Name");
  EXPECT_EQ(status["message"],
            "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a "
            "lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
            "or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
            "regex used for validation is "
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  Expect(404, "GET", "/api/v1/namespaces/default/configmaps/Bad_Name");
}

TEST_P(CreateTest, NamespacesMustBeDnsLabelsAndServicesDns1035Labels) {  // R2.8
  const nlohmann::json ns = Expect(422, "POST", "/api/v1/namespaces",
                                   {{"metadata", {{"name", "a.b"}}}});
  EXPECT_NE(ns["message"].get<std::string>().find("must not contain dots"), std::string::npos);
  const nlohmann::json service = Expect(422, "POST", "/api/v1/namespaces/default/services",
                                        {{"metadata", {{"name", "1abc"}}}});
  EXPECT_NE(service["message"].get<std::string>().find("a DNS-1035 label must consist of"),
            std::string::npos);
}

TEST_P(CreateTest, InvalidLabelValueIsRejected) {  // R2.8
  const nlohmann::json status = Expect(
      422, "POST", "/api/v1/namespaces/default/configmaps",
      {{"metadata", {{"name", "c"}, {"labels", {{"app", "a b"}}}}}});
  EXPECT_EQ(status["details"]["causes"][0]["field"], "metadata.labels");
}

TEST_P(CreateTest, ExistingNameAnswersAlreadyExists) {  // R3.1 step 6, R5.4
  CreateConfigMap("default", "c");
  const nlohmann::json status =
      Expect(409, "POST", "/api/v1/namespaces/default/configmaps", ConfigMapBody("c"));
  EXPECT_EQ(status["reason"], "AlreadyExists");
  EXPECT_EQ(status["message"], "configmaps \"c\" already exists");
  EXPECT_EQ(status["details"], (nlohmann::json{{"name", "c"}, {"kind", "configmaps"}}));
}

TEST_P(CreateTest, ResourceVersionOnCreateIsAServerError) {  // R2.2
  nlohmann::json body = ConfigMapBody("c");
  body["metadata"]["resourceVersion"] = "5";
  const nlohmann::json status = Expect(500, "POST", "/api/v1/namespaces/default/configmaps", body);
  EXPECT_EQ(status["message"], "resourceVersion should not be set on objects to be created");
  EXPECT_FALSE(status.contains("reason"));
}

TEST_P(CreateTest, NamespaceOfTheBodyMustMatchTheUrl) {  // R2.7
  nlohmann::json body = ConfigMapBody("c");
  body["metadata"]["namespace"] = "other";
  const nlohmann::json status = Expect(400, "POST", "/api/v1/namespaces/default/configmaps", body);
  EXPECT_EQ(status["message"],
            "the namespace of the provided object does not match the namespace sent on the "
            "request");
}

TEST_P(CreateTest, CreatingInAMissingNamespaceAnswersNotFoundForTheNamespace) {  // R2.7
  const nlohmann::json status =
      Expect(404, "POST", "/api/v1/namespaces/nope/configmaps", ConfigMapBody("c"));
  EXPECT_EQ(status["message"], "namespaces \"nope\" not found");
  EXPECT_EQ(status["details"]["kind"], "namespaces");
}

TEST_P(CreateTest, ClusterScopedObjectsLoseTheirNamespace) {  // R2.7
  const nlohmann::json created =
      Expect(201, "POST", "/apis/rbac.authorization.k8s.io/v1/clusterroles",
             {{"metadata", {{"name", "system:reader"}, {"namespace", "x"}}}});
  EXPECT_FALSE(created["metadata"].contains("namespace"));
  EXPECT_EQ(created["metadata"]["name"], "system:reader") << "RBAC names are path segments";
}

TEST_P(CreateTest, SystemNamespacesExistFromTheStart) {  // issue 3
  for (const char* name : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
    const nlohmann::json ns = Expect(200, "GET", std::string("/api/v1/namespaces/") + name);
    EXPECT_EQ(ns["status"]["phase"], "Active") << name;
  }
}

TEST_P(CreateTest, NamespacesGetTheirFinalizerPhaseAndNameLabel) {  // R2.10
  const nlohmann::json ns = Expect(201, "POST", "/api/v1/namespaces",
                                   {{"metadata", {{"name", "team"}}}});
  EXPECT_EQ(ns["spec"]["finalizers"], nlohmann::json::array({"kubernetes"}));
  EXPECT_EQ(ns["status"]["phase"], "Active");
  EXPECT_EQ(ns["metadata"]["labels"]["kubernetes.io/metadata.name"], "team");
}

TEST_P(CreateTest, DryRunReturnsTheWouldBeObjectAndWritesNothing) {  // R3.8
  const nlohmann::json created = Expect(201, "POST", "/api/v1/namespaces/default/configmaps",
                                        ConfigMapBody("c"), {{"dryRun", "All"}});
  EXPECT_FALSE(created["metadata"]["uid"].get<std::string>().empty());
  EXPECT_FALSE(created["metadata"].contains("resourceVersion"));
  Expect(404, "GET", "/api/v1/namespaces/default/configmaps/c");
}

TEST_P(CreateTest, MalformedJsonIsABadRequestAndChangesNothing) {  // R3.1 step 3
  const Response response =
      Send("POST", "/api/v1/namespaces/default/configmaps", nlohmann::json("{\"metadata\":"));
  EXPECT_EQ(response.status, 400);
  const nlohmann::json status = Json(response);
  EXPECT_EQ(status["reason"], "BadRequest");
  EXPECT_TRUE(status["message"].get<std::string>().starts_with(
      "the object provided is unrecognized (must be of type ConfigMap): couldn't get "
      "version/kind; json parse error: "))
      << status["message"];
  EXPECT_EQ(Expect(200, "GET", "/api/v1/namespaces/default/configmaps")["items"].size(), 0u);
}

TEST_P(CreateTest, YamlBodiesAreAccepted) {  // R11.1
  const Response response =
      Send("POST", "/api/v1/namespaces/default/configmaps",
           nlohmann::json("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm1\ndata:\n  "
                          "enabled: \"yes\"\n"),
           {}, "application/yaml");
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(Json(response)["data"]["enabled"], "yes");
}

TEST_P(CreateTest, UnsupportedContentTypeIs415) {  // R5.10
  const Response response = Send("POST", "/api/v1/namespaces/default/configmaps",
                                 ConfigMapBody("c"), {}, "text/plain");
  EXPECT_EQ(response.status, 415);
  EXPECT_EQ(Json(response)["reason"], "UnsupportedMediaType");
}

TEST_P(CreateTest, WrongApiVersionInTheBodyIsABadRequest) {  // R3.1 step 3
  nlohmann::json body = ConfigMapBody("c");
  body["apiVersion"] = "apps/v1";
  EXPECT_EQ(Expect(400, "POST", "/api/v1/namespaces/default/configmaps", body)["message"],
            "the API version in the data (apps/v1) does not match the expected API version (v1)");
}

TEST_P(CreateTest, WrongKindInTheBodyIsABadRequest) {
  nlohmann::json body = ConfigMapBody("c");
  body["kind"] = "Secret";
  EXPECT_TRUE(Expect(400, "POST", "/api/v1/namespaces/default/configmaps", body)["message"]
                  .get<std::string>()
                  .starts_with("Secret in version \"v1\" cannot be handled as a ConfigMap"));
}

TEST_P(CreateTest, ManagedFieldsRecordTheManagerAndTheFieldsItSet) {  // R2.5
  const nlohmann::json created = Expect(
      201, "POST", "/api/v1/namespaces/default/configmaps",
      {{"metadata", {{"name", "c"}, {"labels", {{"app", "web"}}}}}, {"data", {{"a", "1"}}}},
      {{"fieldManager", "tester"}});
  const nlohmann::json& managed = created["metadata"]["managedFields"];
  ASSERT_EQ(managed.size(), 1u);
  EXPECT_EQ(managed[0]["manager"], "tester");
  EXPECT_EQ(managed[0]["operation"], "Update");
  EXPECT_EQ(managed[0]["apiVersion"], "v1");
  EXPECT_EQ(managed[0]["fieldsType"], "FieldsV1");
  EXPECT_EQ(managed[0]["fieldsV1"], nlohmann::json::parse(R"({
    "f:data": {".": {}, "f:a": {}},
    "f:metadata": {"f:labels": {".": {}, "f:app": {}}}
  })"));
}

TEST_P(CreateTest, ManagerDefaultsToTheUserAgentPrefix) {  // R2.5
  const nlohmann::json created = CreateConfigMap("default", "c");
  EXPECT_EQ(created["metadata"]["managedFields"][0]["manager"], "engine-test");
}

TEST_P(CreateTest, ManagedFieldsKeyContainersByName) {  // R2.5
  const nlohmann::json created = Expect(
      201, "POST", "/api/v1/namespaces/default/pods",
      {{"metadata", {{"name", "p"}}},
       {"spec", {{"containers", {{{"name", "app"}, {"image", "nginx"}}}}}}});
  EXPECT_EQ(created["metadata"]["managedFields"][0]["fieldsV1"]["f:spec"],
            nlohmann::json::parse(R"({"f:containers": {"k:{\"name\":\"app\"}":
                                     {".": {}, "f:image": {}, "f:name": {}}}})"));
  EXPECT_EQ(created["status"]["phase"], "Pending") << "R2.10";
}

TEST_P(CreateTest, UnknownResourceAnswersTheRoute404) {  // R1.8
  const nlohmann::json status = Expect(404, "GET", "/api/v1/namespaces/default/widgets");
  EXPECT_EQ(status["message"], "the server could not find the requested resource");
  EXPECT_EQ(status["details"], nlohmann::json::object());
}

TEST_P(CreateTest, CreateOnTheAllNamespacesPathIsMethodNotAllowed) {  // R1.2, R5.9
  const nlohmann::json status = Expect(405, "POST", "/api/v1/configmaps", ConfigMapBody("c"));
  EXPECT_EQ(status["reason"], "MethodNotAllowed");
}

TEST_P(CreateTest, VerbsTheResourceLacksAreMethodNotAllowed) {  // R1.7
  EXPECT_EQ(Send("DELETE", "/api/v1/namespaces").status, 405)
      << "namespaces have no deletecollection";
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(CreateTest);

}  // namespace
}  // namespace kubefake::fakeserver
