// Engine tests for PATCH (R8.1-R8.5, R3.3, R3.5, R3.6, R3.8, R3.10, R2.2, R2.4, R8.10): every
// patch type on a Deployment and a ConfigMap, through the update flow.
#include <string>
#include <vector>

#include "engine_test.h"

namespace kubefake::fakeserver {
namespace {

constexpr char kJsonPatch[] = "application/json-patch+json";
constexpr char kMergePatch[] = "application/merge-patch+json";
constexpr char kStrategic[] = "application/strategic-merge-patch+json";

class PatchTest : public EngineTest {
 protected:
  nlohmann::json CreateDeployment() {
    const nlohmann::json labels = {{"app", "web"}};
    const nlohmann::json containers = nlohmann::json::array(
        {{{"name", "web"},
          {"image", "nginx:1"},
          {"ports", {{{"containerPort", 80}}}},
          {"env", {{{"name", "A"}, {"value", "1"}}}}},
         {{"name", "sidecar"}, {"image", "envoy:1"}}});
    const nlohmann::json spec = {
        {"replicas", 2},
        {"selector", {{"matchLabels", labels}}},
        {"strategy", {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxSurge", 1}}}}},
        {"template",
         {{"metadata", {{"labels", labels}}},
          {"spec",
           {{"containers", containers},
            {"volumes", {{{"name", "data"}, {"emptyDir", nlohmann::json::object()}}}}}}}}};
    return Expect(201, "POST", kDeployments, {{"metadata", {{"name", "web"}}}, {"spec", spec}});
  }

  Response Patch(const std::string& path, const nlohmann::json& patch, const std::string& type,
                 Query query = {}) {
    return Send("PATCH", path, patch.is_string() ? patch : nlohmann::json(patch.dump()),
                std::move(query), type);
  }

  nlohmann::json ExpectPatch(int status, const std::string& path, const nlohmann::json& patch,
                             const std::string& type, Query query = {}) {
    const Response response = Patch(path, patch, type, std::move(query));
    EXPECT_EQ(response.status, status) << path << ": " << response.body;
    return Json(response);
  }

  static std::string Rv(const nlohmann::json& object) {
    return object["metadata"]["resourceVersion"].get<std::string>();
  }

  static std::vector<std::string> Warnings(const Response& response) {
    std::vector<std::string> warnings;
    for (const auto& [name, value] : response.headers.entries()) {
      if (name == "Warning") warnings.push_back(value);
    }
    return warnings;
  }
};

TEST_P(PatchTest, JsonPatchOnAConfigMap) {  // R8.2
  CreateConfigMap("default", "c");
  const nlohmann::json patched = ExpectPatch(
      200, kConfigMap,
      nlohmann::json::array({{{"op", "add"}, {"path", "/data/n"}, {"value", "2"}},
                             {{"op", "replace"}, {"path", "/data/k"}, {"value", "w"}}}),
      kJsonPatch);
  EXPECT_EQ(patched["data"], (nlohmann::json{{"k", "w"}, {"n", "2"}}));
  EXPECT_EQ(Expect(200, "GET", kConfigMap), patched);
}

TEST_P(PatchTest, MergePatchOnAConfigMap) {  // R8.3
  CreateConfigMap("default", "c");
  const nlohmann::json patched = ExpectPatch(
      200, kConfigMap, {{"data", {{"k", nullptr}, {"m", "1"}}}}, kMergePatch);
  EXPECT_EQ(patched["data"], (nlohmann::json{{"m", "1"}}));
}

TEST_P(PatchTest, StrategicMergePatchOnAConfigMap) {  // R8.5
  CreateConfigMap("default", "c");
  const nlohmann::json patched =
      ExpectPatch(200, kConfigMap, {{"data", {{"m", "1"}}}}, kStrategic);
  EXPECT_EQ(patched["data"], (nlohmann::json{{"k", "v"}, {"m", "1"}}));
}

TEST_P(PatchTest, KubectlLabelAddsAndRemovesLabelsByMergePatch) {  // R8.3
  CreateConfigMap("default", "c", {{"old", "x"}});
  nlohmann::json patched = ExpectPatch(
      200, kConfigMap, {{"metadata", {{"labels", {{"tier", "front"}}}}}}, kMergePatch,
      {{"fieldManager", "kubectl-label"}});
  EXPECT_EQ(patched["metadata"]["labels"], (nlohmann::json{{"old", "x"}, {"tier", "front"}}));
  patched = ExpectPatch(200, kConfigMap, {{"metadata", {{"labels", {{"old", nullptr}}}}}},
                        kMergePatch, {{"fieldManager", "kubectl-label"}});
  EXPECT_EQ(patched["metadata"]["labels"], (nlohmann::json{{"tier", "front"}}));
}

TEST_P(PatchTest, JsonPatchOnADeploymentBumpsGeneration) {  // R8.2, R2.4
  const nlohmann::json created = CreateDeployment();
  const nlohmann::json patched = ExpectPatch(
      200, kDeployment,
      nlohmann::json::array({{{"op", "replace"}, {"path", "/spec/replicas"}, {"value", 5}}}),
      kJsonPatch);
  EXPECT_EQ(patched["spec"]["replicas"], 5);
  EXPECT_EQ(patched["metadata"]["generation"], 2);
  EXPECT_GT(std::stoll(Rv(patched)), std::stoll(Rv(created)));
}

TEST_P(PatchTest, MergePatchReplacesContainersWholesale) {  // R8.3
  CreateDeployment();
  const nlohmann::json patched = ExpectPatch(
      200, kDeployment,
      {{"spec",
        {{"template",
          {{"spec", {{"containers", {{{"name", "web"}, {"image", "nginx:2"}}}}}}}}}}},
      kMergePatch);
  EXPECT_EQ(patched["spec"]["template"]["spec"]["containers"],
            (nlohmann::json{{{"name", "web"}, {"image", "nginx:2"}}}));
}

TEST_P(PatchTest, StrategicPatchToOneContainerKeepsTheOthers) {  // R8.5
  CreateDeployment();
  const nlohmann::json patched = ExpectPatch(
      200, kDeployment,
      {{"spec",
        {{"template",
          {{"spec",
            {{"containers",
              {{{"name", "web"},
                {"image", "nginx:2"},
                {"ports", {{{"containerPort", 443}}}},
                {"env", {{{"name", "B"}, {"value", "2"}}}}}}}}}}}}}},
      kStrategic);
  const nlohmann::json& containers = patched["spec"]["template"]["spec"]["containers"];
  ASSERT_EQ(containers.size(), 2u);
  EXPECT_EQ(containers[0]["image"], "nginx:2");
  // New keyed elements come before the live ones (mergeSortedSlice), matched ones merge.
  EXPECT_EQ(containers[0]["ports"],
            (nlohmann::json{{{"containerPort", 443}}, {{"containerPort", 80}}}));
  EXPECT_EQ(containers[0]["env"],
            (nlohmann::json{{{"name", "B"}, {"value", "2"}}, {{"name", "A"}, {"value", "1"}}}));
  EXPECT_EQ(containers[1]["name"], "sidecar");
  EXPECT_EQ(patched["metadata"]["generation"], 2);
}

TEST_P(PatchTest, StrategicPatchDeletesAContainer) {  // R8.5 $patch delete
  CreateDeployment();
  const nlohmann::json patched = ExpectPatch(
      200, kDeployment,
      {{"spec",
        {{"template",
          {{"spec", {{"containers", {{{"name", "sidecar"}, {"$patch", "delete"}}}}}}}}}}},
      kStrategic);
  const nlohmann::json& containers = patched["spec"]["template"]["spec"]["containers"];
  ASSERT_EQ(containers.size(), 1u);
  EXPECT_EQ(containers[0]["name"], "web");
}

TEST_P(PatchTest, StrategicPatchRetainKeysSwitchesTheStrategy) {  // R8.5 $retainKeys
  CreateDeployment();
  const nlohmann::json patched = ExpectPatch(
      200, kDeployment,
      {{"spec", {{"strategy", {{"$retainKeys", {"type"}}, {"type", "Recreate"}}}}}}, kStrategic);
  EXPECT_EQ(patched["spec"]["strategy"], (nlohmann::json{{"type", "Recreate"}}));
}

TEST_P(PatchTest, StrategicPatchRetainKeysSwitchesAVolumeSource) {  // R8.5 $retainKeys
  CreateDeployment();
  const nlohmann::json patched = ExpectPatch(
      200, kDeployment,
      {{"spec",
        {{"template",
          {{"spec",
            {{"volumes",
              {{{"name", "data"},
                {"$retainKeys", {"name", "configMap"}},
                {"configMap", {{"name", "cfg"}}}}}}}}}}}}},
      kStrategic);
  EXPECT_EQ(patched["spec"]["template"]["spec"]["volumes"],
            (nlohmann::json{{{"name", "data"}, {"configMap", {{"name", "cfg"}}}}}));
}

TEST_P(PatchTest, StrategicPatchSetElementOrderReordersContainers) {  // R8.5 $setElementOrder
  CreateDeployment();
  const nlohmann::json patched = ExpectPatch(
      200, kDeployment,
      {{"spec",
        {{"template",
          {{"spec",
            {{"$setElementOrder/containers", {{{"name", "sidecar"}}, {{"name", "web"}}}}}}}}}}},
      kStrategic);
  const nlohmann::json& containers = patched["spec"]["template"]["spec"]["containers"];
  EXPECT_EQ(containers[0]["name"], "sidecar");
  EXPECT_EQ(containers[1]["name"], "web");
}

TEST_P(PatchTest, StrategicPatchUnionsAndDeletesFinalizers) {  // R8.5 primitive lists
  CreateConfigMap("default", "c");
  nlohmann::json patched = ExpectPatch(
      200, kConfigMap, {{"metadata", {{"finalizers", {"example.com/a", "example.com/b"}}}}},
      kStrategic);
  patched = ExpectPatch(200, kConfigMap,
                        {{"metadata", {{"finalizers", {"example.com/b", "example.com/c"}}}}},
                        kStrategic);
  EXPECT_EQ(patched["metadata"]["finalizers"],
            (nlohmann::json{"example.com/a", "example.com/b", "example.com/c"}));
  patched = ExpectPatch(
      200, kConfigMap,
      {{"metadata",
        {{"$deleteFromPrimitiveList/finalizers", {"example.com/a", "example.com/c"}}}}},
      kStrategic);
  EXPECT_EQ(patched["metadata"]["finalizers"], (nlohmann::json{"example.com/b"}));
}

TEST_P(PatchTest, AFailedJsonPatchTestIsTheGenericInvalid) {  // R8.2
  CreateConfigMap("default", "c");
  const nlohmann::json status = ExpectPatch(
      422, kConfigMap,
      nlohmann::json::array({{{"op", "test"}, {"path", "/data/k"}, {"value", "nope"}}}),
      kJsonPatch);
  EXPECT_EQ(status["reason"], "Invalid");
  EXPECT_EQ(status["message"], "the server rejected our request due to an error in our request");
  EXPECT_EQ(status["details"], nlohmann::json::object());
}

TEST_P(PatchTest, MalformedPatchesAreBadRequests) {  // R8.2, R8.3, R8.5
  CreateConfigMap("default", "c");
  EXPECT_EQ(ExpectPatch(400, kConfigMap, "[{", kJsonPatch)["reason"], "BadRequest");
  EXPECT_EQ(ExpectPatch(400, kConfigMap, "{\"data\":", kMergePatch)["message"],
            "error decoding patch: unexpected end of JSON input");
  EXPECT_EQ(ExpectPatch(400, kConfigMap, "{\"data\":", kStrategic)["message"],
            "unexpected end of JSON input");
}

TEST_P(PatchTest, ATypeErrorInThePatchedObjectIsInvalid) {  // R8.4
  CreateDeployment();
  const nlohmann::json status =
      ExpectPatch(422, kDeployment, {{"spec", {{"replicas", "x"}}}}, kMergePatch);
  const std::string message = status["message"];
  EXPECT_TRUE(message.starts_with(" \"\" is invalid: patch: Invalid value: \"{")) << message;
  EXPECT_NE(message.find("json: cannot unmarshal string into Go struct field "
                         "DeploymentSpec.spec.replicas of type int32"),
            std::string::npos)
      << message;
  EXPECT_EQ(status["details"]["causes"][0]["field"], "patch");
}

TEST_P(PatchTest, AStrategicMergeErrorKeepsItsCode) {  // R8.5
  CreateDeployment();
  const nlohmann::json status = ExpectPatch(
      400, kDeployment, {{"spec", {{"strategy", {{"$retainKeys", "type"}}}}}}, kStrategic);
  EXPECT_EQ(status["message"], "invalid patch format of retainKeys");
}

TEST_P(PatchTest, AResourceVersionInThePatchIsAPrecondition) {  // R3.6
  const nlohmann::json created = CreateConfigMap("default", "c");
  ExpectPatch(200, kConfigMap, {{"data", {{"k", "one"}}}}, kMergePatch);
  const nlohmann::json status = ExpectPatch(
      409, kConfigMap, {{"metadata", {{"resourceVersion", Rv(created)}}}, {"data", {{"k", "two"}}}},
      kMergePatch);
  EXPECT_EQ(status["reason"], "Conflict");
  EXPECT_EQ(Expect(200, "GET", kConfigMap)["data"]["k"], "one");
}

TEST_P(PatchTest, ANoopPatchKeepsTheResourceVersionAndEmitsNoEvent) {  // R2.2
  const nlohmann::json created = CreateConfigMap("default", "c");
  Request watch;
  watch.method = "GET";
  watch.path = "/api/v1/namespaces/default/configmaps";
  watch.query = {{"watch", "true"}, {"resourceVersion", Rv(created)}};
  Response stream = door_->Send(watch);
  ASSERT_TRUE(stream.stream) << stream.body;
  const nlohmann::json same =
      ExpectPatch(200, kConfigMap, {{"data", {{"k", "v"}}}}, kMergePatch);
  EXPECT_EQ(Rv(same), Rv(created));
  EXPECT_EQ(server_->storage().CurrentRevision(), std::stoll(Rv(created)));
  const nlohmann::json changed =
      ExpectPatch(200, kConfigMap, {{"data", {{"k", "w"}}}}, kMergePatch);
  std::optional<nlohmann::json> event = NextEvent(*stream.stream);
  ASSERT_TRUE(event);
  // The first event after the create is the real change: the no-op wrote nothing.
  EXPECT_EQ((*event)["type"], "MODIFIED");
  EXPECT_EQ((*event)["object"]["metadata"]["resourceVersion"], Rv(changed));
  stream.stream->Cancel();
}

TEST_P(PatchTest, AMetadataPatchDoesNotBumpGeneration) {  // R2.4
  CreateDeployment();
  const nlohmann::json patched = ExpectPatch(
      200, kDeployment, {{"metadata", {{"labels", {{"team", "a"}}}}}}, kMergePatch);
  EXPECT_EQ(patched["metadata"]["generation"], 1);
}

TEST_P(PatchTest, TheMainEndpointIgnoresStatusAndStatusIgnoresSpec) {  // R3.3
  CreateDeployment();
  nlohmann::json patched = ExpectPatch(
      200, kDeployment, {{"status", {{"replicas", 9}}}, {"spec", {{"replicas", 3}}}}, kMergePatch);
  EXPECT_FALSE(patched.contains("status"));
  EXPECT_EQ(patched["spec"]["replicas"], 3);
  patched = ExpectPatch(200, kDeploymentStatus,
                        {{"status", {{"replicas", 3}}}, {"spec", {{"replicas", 7}}}}, kMergePatch);
  EXPECT_EQ(patched["status"]["replicas"], 3);
  EXPECT_EQ(patched["spec"]["replicas"], 3);
  EXPECT_EQ(patched["metadata"]["generation"], 2);
}

TEST_P(PatchTest, DryRunAnswersThePatchedObjectAndStoresNothing) {  // R3.8
  const nlohmann::json created = CreateConfigMap("default", "c");
  const nlohmann::json answer = ExpectPatch(200, kConfigMap, {{"data", {{"k", "dry"}}}},
                                            kMergePatch, {{"dryRun", "All"}});
  EXPECT_EQ(answer["data"]["k"], "dry");
  EXPECT_EQ(Rv(answer), Rv(created));
  EXPECT_EQ(Expect(200, "GET", kConfigMap), created);
}

TEST_P(PatchTest, StrictFieldValidationRejectsAnUnknownFieldFromThePatch) {  // R3.10
  CreateDeployment();
  const nlohmann::json status = ExpectPatch(422, kDeployment, {{"spec", {{"replica", 3}}}},
                                            kMergePatch, {{"fieldValidation", "Strict"}});
  const std::string message = status["message"];
  EXPECT_NE(message.find("strict decoding error: unknown field \"spec.replica\""),
            std::string::npos)
      << message;
  const Response warned = Patch(kDeployment, {{"spec", {{"replica", 3}}}}, kStrategic);
  EXPECT_EQ(warned.status, 200) << warned.body;
  EXPECT_EQ(Warnings(warned), std::vector<std::string>{"299 - \"unknown field \\\"spec.replica\\\"\""});
  EXPECT_FALSE(Json(warned)["spec"].contains("replica"));
}

TEST_P(PatchTest, ThePatcherGetsAnUpdateManagedFieldsEntry) {  // R8.10
  CreateConfigMap("default", "c");
  const nlohmann::json patched = ExpectPatch(200, kConfigMap, {{"data", {{"n", "1"}}}},
                                             kMergePatch, {{"fieldManager", "patcher"}});
  nlohmann::json entry;
  for (const nlohmann::json& e : patched["metadata"]["managedFields"]) {
    if (e["manager"] == "patcher") entry = e;
  }
  ASSERT_FALSE(entry.is_null()) << patched["metadata"]["managedFields"];
  EXPECT_EQ(entry["operation"], "Update");
  EXPECT_EQ(entry["fieldsV1"],
            (nlohmann::json{{"f:data", {{"f:n", nlohmann::json::object()}}}}));
}

TEST_P(PatchTest, PatchingAMissingObjectIsNotFound) {  // R3.5
  EXPECT_EQ(ExpectPatch(404, kConfigMap, {{"data", {{"k", "v"}}}}, kMergePatch)["message"],
            "configmaps \"c\" not found");
  EXPECT_EQ(ExpectPatch(404, "/apis/coordination.k8s.io/v1/namespaces/default/leases/l",
                        {{"spec", {{"holderIdentity", "me"}}}}, kStrategic)["reason"],
            "NotFound");
}

TEST_P(PatchTest, AnUnsupportedContentTypeListsThePatchTypes) {  // R8.1
  CreateConfigMap("default", "c");
  const nlohmann::json status =
      ExpectPatch(415, kConfigMap, {{"data", {{"k", "v"}}}}, "application/json");
  EXPECT_EQ(status["reason"], "UnsupportedMediaType");
  EXPECT_EQ(status["message"],
            "the body of the request was in an unknown format - accepted media types include: "
            "application/json-patch+json, application/merge-patch+json, "
            "application/strategic-merge-patch+json, application/apply-patch+yaml");
  EXPECT_EQ(Patch(kConfigMap, {{"data", {{"k", "w"}}}}, "application/merge-patch+json; charset=utf-8")
                .status,
            200);
}

TEST_P(PatchTest, TheNameCannotBeChangedByAPatch) {  // R8.4
  CreateConfigMap("default", "c");
  EXPECT_EQ(ExpectPatch(400, kConfigMap, {{"metadata", {{"name", "d"}}}}, kMergePatch)["message"],
            "the name of the object (d) does not match the name on the URL (c)");
}

TEST_P(PatchTest, ForceIsOnlyForApply) {  // R3.12
  CreateConfigMap("default", "c");
  EXPECT_EQ(ExpectPatch(422, kConfigMap, {{"data", {{"k", "v"}}}}, kMergePatch,
                        {{"force", "true"}})["message"],
            "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified "
            "for non-apply patch");
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(PatchTest);

}  // namespace
}  // namespace kubefake::fakeserver
