// Engine tests for the scale subresource (R3.4), pods/binding and pods/eviction, and the
// subresources kubefake answers as not emulated.
#include "lifecycle_test.h"

namespace kubefake::fakeserver {
namespace {

constexpr char kScale[] = "/apis/apps/v1/namespaces/default/deployments/web/scale";
constexpr char kPodNamedP[] = "/api/v1/namespaces/default/pods/p";

class SubresourcesTest : public LifecycleTest {
 protected:
  static nlohmann::json ScaleBody(int replicas, std::string resource_version = "") {
    nlohmann::json metadata = {{"name", "web"}, {"namespace", "default"}};
    if (!resource_version.empty()) metadata["resourceVersion"] = resource_version;
    return {{"apiVersion", "autoscaling/v1"},
            {"kind", "Scale"},
            {"metadata", metadata},
            {"spec", {{"replicas", replicas}}}};
  }
  static nlohmann::json Binding(const std::string& name, const std::string& node) {
    return {{"apiVersion", "v1"},
            {"kind", "Binding"},
            {"metadata", {{"name", name}}},
            {"target", {{"apiVersion", "v1"}, {"kind", "Node"}, {"name", node}}}};
  }
  static nlohmann::json Eviction(const std::string& name, nlohmann::json delete_options = nullptr) {
    nlohmann::json eviction = {{"apiVersion", "policy/v1"},
                               {"kind", "Eviction"},
                               {"metadata", {{"name", name}, {"namespace", "default"}}}};
    if (!delete_options.is_null()) eviction["deleteOptions"] = std::move(delete_options);
    return eviction;
  }
};

TEST_P(SubresourcesTest, ScaleGetReturnsTheDeploymentsScale) {  // R3.4
  const nlohmann::json deployment = CreateDeployment("default", "web");
  nlohmann::json with_status = deployment;
  with_status["status"] = {{"replicas", 2}};
  Expect(200, "PUT", std::string(kDeployment) + "/status", with_status);

  const nlohmann::json scale = Expect(200, "GET", kScale);
  EXPECT_EQ(scale["apiVersion"], "autoscaling/v1");
  EXPECT_EQ(scale["kind"], "Scale");
  EXPECT_EQ(scale["metadata"]["name"], "web");
  EXPECT_EQ(scale["metadata"]["namespace"], "default");
  EXPECT_EQ(scale["metadata"]["uid"], deployment["metadata"]["uid"]);
  EXPECT_EQ(scale["metadata"]["creationTimestamp"], deployment["metadata"]["creationTimestamp"]);
  EXPECT_EQ(scale["metadata"]["resourceVersion"],
            Expect(200, "GET", kDeployment)["metadata"]["resourceVersion"]);
  EXPECT_EQ(scale["spec"]["replicas"], 3);
  EXPECT_EQ(scale["status"]["replicas"], 2);
  EXPECT_EQ(scale["status"]["selector"], "app=web");
}

TEST_P(SubresourcesTest, ScalePutChangesOnlyReplicasAndBumpsGeneration) {  // R3.4
  CreateDeployment("default", "web");
  const nlohmann::json scale = Expect(200, "PUT", kScale, ScaleBody(5));
  EXPECT_EQ(scale["kind"], "Scale");
  EXPECT_EQ(scale["spec"]["replicas"], 5);
  const nlohmann::json deployment = Expect(200, "GET", kDeployment);
  EXPECT_EQ(deployment["spec"]["replicas"], 5);
  EXPECT_EQ(deployment["metadata"]["generation"], 2);
  EXPECT_EQ(deployment["spec"]["selector"]["matchLabels"]["app"], "web");
  EXPECT_EQ(scale["metadata"]["resourceVersion"], deployment["metadata"]["resourceVersion"]);
  bool scale_entry = false;
  for (const nlohmann::json& entry : deployment["metadata"]["managedFields"]) {
    if (entry.value("subresource", "") == "scale") scale_entry = true;
  }
  EXPECT_TRUE(scale_entry) << deployment["metadata"]["managedFields"].dump();
}

TEST_P(SubresourcesTest, ScalePutWithAStaleResourceVersionConflicts) {  // R3.4
  const nlohmann::json deployment = CreateDeployment("default", "web");
  const std::string stale = deployment["metadata"]["resourceVersion"];
  Expect(200, "PUT", kScale, ScaleBody(4, stale));
  EXPECT_EQ(Expect(409, "PUT", kScale, ScaleBody(6, stale))["message"],
            "Operation cannot be fulfilled on deployments.apps \"web\": the object has been "
            "modified; please apply your changes to the latest version and try again");
  EXPECT_EQ(Expect(200, "GET", kDeployment)["spec"]["replicas"], 4);
}

TEST_P(SubresourcesTest, ScaleRejectsNegativeReplicasAndMissingParents) {  // R3.4
  CreateDeployment("default", "web");
  const nlohmann::json invalid = Expect(422, "PUT", kScale, ScaleBody(-1));
  EXPECT_EQ(invalid["message"],
            "Scale.autoscaling \"web\" is invalid: spec.replicas: Invalid value: -1: must be "
            "greater than or equal to 0");
  EXPECT_EQ(
      Expect(404, "GET", "/apis/apps/v1/namespaces/default/deployments/none/scale")["message"],
      "deployments.apps \"none\" not found");
}

TEST_P(SubresourcesTest, ScaleWorksForReplicationControllersWithTheirMapSelector) {  // R3.4
  Expect(201, "POST", "/api/v1/namespaces/default/replicationcontrollers",
         {{"apiVersion", "v1"},
          {"kind", "ReplicationController"},
          {"metadata", {{"name", "rc"}}},
          {"spec", {{"replicas", 2}, {"selector", {{"tier", "db"}, {"app", "web"}}}}}});
  const std::string path = "/api/v1/namespaces/default/replicationcontrollers/rc/scale";
  const nlohmann::json scale = Expect(200, "GET", path);
  EXPECT_EQ(scale["status"]["selector"], "app=web,tier=db");
  EXPECT_EQ(scale["status"]["replicas"], 0);
  nlohmann::json body = scale;
  body["spec"]["replicas"] = 0;
  const nlohmann::json zero = Expect(200, "PUT", path, body);
  EXPECT_FALSE(zero["spec"].contains("replicas")) << "omitempty, as autoscaling/v1 writes it";
}

TEST_P(SubresourcesTest, BindingSetsTheNodeAndAnswersACreatedStatus) {
  CreatePod("default", "p", nullptr);
  const nlohmann::json status =
      Expect(201, "POST", std::string(kPodNamedP) + "/binding", Binding("p", "node-1"));
  EXPECT_EQ(status, nlohmann::json({{"kind", "Status"},
                                    {"apiVersion", "v1"},
                                    {"metadata", nlohmann::json::object()},
                                    {"status", "Success"},
                                    {"code", 201}}));
  const nlohmann::json pod = Expect(200, "GET", kPodNamedP);
  EXPECT_EQ(pod["spec"]["nodeName"], "node-1");
  EXPECT_EQ(pod["status"]["conditions"][0]["type"], "PodScheduled");
  EXPECT_EQ(pod["status"]["conditions"][0]["status"], "True");

  EXPECT_EQ(
      Expect(409, "POST", std::string(kPodNamedP) + "/binding", Binding("p", "node-2"))["message"],
      "Operation cannot be fulfilled on pods/binding \"p\": pod p is already assigned to "
      "node \"node-1\"");
}

TEST_P(SubresourcesTest, BindingChecksItsNameAndTarget) {
  CreatePod("default", "p", nullptr);
  EXPECT_EQ(
      Expect(400, "POST", std::string(kPodNamedP) + "/binding", Binding("q", "node-1"))["message"],
      "name in URL does not match name in Binding object");
  const nlohmann::json no_target =
      Expect(500, "POST", std::string(kPodNamedP) + "/binding", Binding("p", ""));
  EXPECT_EQ(no_target["message"], "target.name: Required value");
  EXPECT_FALSE(Expect(200, "GET", kPodNamedP)["spec"].contains("nodeName"));
}

TEST_P(SubresourcesTest, EvictionDeletesThePodHonouringItsGracePeriod) {
  nlohmann::json pod = CreatePod("default", "p", nullptr, "node-1", {}, 10);
  pod["status"] = {{"phase", "Running"}};
  Expect(200, "PUT", std::string(kPodNamedP) + "/status", pod);
  const nlohmann::json status =
      Expect(201, "POST", std::string(kPodNamedP) + "/eviction", Eviction("p"));
  EXPECT_EQ(status["status"], "Success");
  EXPECT_EQ(status["code"], 201);
  const nlohmann::json evicted = Expect(200, "GET", kPodNamedP);
  EXPECT_EQ(evicted["metadata"]["deletionGracePeriodSeconds"], 10);
  const nlohmann::json& condition = evicted["status"]["conditions"][0];
  EXPECT_EQ(condition["type"], "DisruptionTarget");
  EXPECT_EQ(condition["reason"], "EvictionByEvictionAPI");
  EXPECT_EQ(condition["message"], "Eviction API: evicting");
  clock_.Step(std::chrono::seconds(10));
  EXPECT_EQ(StatusOf(kPodNamedP), 404);
}

TEST_P(SubresourcesTest, EvictionUsesItsDeleteOptions) {
  CreatePod("default", "p", nullptr, "node-1");
  Expect(201, "POST", std::string(kPodNamedP) + "/eviction",
         Eviction("p", {{"gracePeriodSeconds", 0}}));
  EXPECT_EQ(StatusOf(kPodNamedP), 404);
  EXPECT_EQ(Expect(404, "POST", std::string(kPodNamedP) + "/eviction", Eviction("p"))["message"],
            "pods \"p\" not found");
}

TEST_P(SubresourcesTest, EvictionOfARunningPodUnderABudgetIsNotEmulated) {
  nlohmann::json pod = CreatePod("default", "p", nullptr, "node-1");
  pod["status"] = {{"phase", "Running"}};
  Expect(200, "PUT", std::string(kPodNamedP) + "/status", pod);
  Expect(201, "POST", "/apis/policy/v1/namespaces/default/poddisruptionbudgets",
         {{"apiVersion", "policy/v1"},
          {"kind", "PodDisruptionBudget"},
          {"metadata", {{"name", "pdb"}}},
          {"spec", {{"minAvailable", 1}, {"selector", {{"matchLabels", {{"app", "web"}}}}}}}});
  const nlohmann::json status =
      Expect(405, "POST", std::string(kPodNamedP) + "/eviction", Eviction("p"));
  EXPECT_EQ(status["message"],
            "evicting a pod that a PodDisruptionBudget selects is not emulated by kubefake");
  EXPECT_EQ(StatusOf(kPodNamedP), 200);
}

TEST_P(SubresourcesTest, CreateStyleSubresourcesAreForbiddenInATerminatingNamespace) {  // R4.9
  Expect(201, "POST", "/api/v1/namespaces",
         {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "team"}}}});
  CreatePod("team", "p", nullptr, "", {"example.com/hold"});
  Expect(200, "DELETE", "/api/v1/namespaces/team");
  nlohmann::json binding = Binding("p", "node-1");
  const nlohmann::json forbidden =
      Expect(403, "POST", "/api/v1/namespaces/team/pods/p/binding", binding);
  EXPECT_EQ(forbidden["message"],
            "pods \"p\" is forbidden: unable to create new content in namespace team because it "
            "is being terminated");
}

TEST_P(SubresourcesTest, ScaleMergePatchAsKubectlScaleSendsIt) {  // R3.4, R8.3
  const nlohmann::json deployment = CreateDeployment("default", "web");
  const Response response = Send("PATCH", kScale, R"({"spec":{"replicas":5}})", {},
                                 "application/merge-patch+json");
  ASSERT_EQ(response.status, 200) << response.body;
  const nlohmann::json scale = Json(response);
  EXPECT_EQ(scale["kind"], "Scale");
  EXPECT_EQ(scale["spec"]["replicas"], 5);
  const nlohmann::json scaled = Expect(200, "GET", kDeployment);
  EXPECT_EQ(scaled["spec"]["replicas"], 5);
  EXPECT_EQ(scaled["metadata"]["generation"], deployment["metadata"]["generation"].get<int>() + 1);
}

TEST_P(SubresourcesTest, ScaleJsonPatchAndItsPreconditions) {  // R3.4, R8.2
  CreateDeployment("default", "web");
  const Response patched =
      Send("PATCH", kScale, R"([{"op":"replace","path":"/spec/replicas","value":4}])", {},
           "application/json-patch+json");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Expect(200, "GET", kDeployment)["spec"]["replicas"], 4);
  const Response stale = Send("PATCH", kScale,
                              R"({"metadata":{"resourceVersion":"1"},"spec":{"replicas":9}})", {},
                              "application/merge-patch+json");
  EXPECT_EQ(stale.status, 409) << stale.body;
  const Response negative = Send("PATCH", kScale, R"({"spec":{"replicas":-1}})", {},
                                 "application/merge-patch+json");
  EXPECT_EQ(negative.status, 422) << negative.body;
  EXPECT_EQ(Expect(200, "GET", kDeployment)["spec"]["replicas"], 4);
}

TEST_P(SubresourcesTest, OtherSubresourcesAnswerThatTheyAreNotEmulated) {
  CreatePod("default", "p", nullptr);
  for (const std::string sub : {"exec", "attach", "portforward", "proxy"}) {
    const Response response = Send("GET", std::string(kPodNamedP) + "/" + sub);
    EXPECT_EQ(response.status, 405) << sub;
    EXPECT_EQ(Json(response)["message"],
              "the " + sub + " subresource of pods is not emulated by kubefake yet");
  }
  EXPECT_EQ(
      Send("PUT", std::string(kPodNamedP) + "/ephemeralcontainers", Expect(200, "GET", kPodNamedP))
          .status,
      405);
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(SubresourcesTest);

}  // namespace
}  // namespace kubefake::fakeserver
