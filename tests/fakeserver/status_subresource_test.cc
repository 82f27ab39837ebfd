// Engine tests for the status subresource (R3.3): GET and PUT on /status, and the main
// endpoint's separation from it.
#include "engine_test.h"

namespace kubefake::fakeserver {
namespace {

class StatusSubresourceTest : public EngineTest {
 protected:
  nlohmann::json CreateDeployment() {
    const nlohmann::json labels = {{"app", "web"}};
    const nlohmann::json pod_spec = {
        {"containers", nlohmann::json::array({{{"name", "c"}, {"image", "nginx"}}})}};
    const nlohmann::json spec = {{"replicas", 2},
                                 {"selector", {{"matchLabels", labels}}},
                                 {"template", {{"metadata", {{"labels", labels}}}, {"spec", pod_spec}}}};
    return Expect(201, "POST", kDeployments,
                  {{"metadata", {{"name", "web"}}}, {"spec", spec}, {"status", {{"replicas", 7}}}});
  }

  static int64_t Revision(const nlohmann::json& object) {
    return std::stoll(object["metadata"]["resourceVersion"].get<std::string>());
  }
};

TEST_P(StatusSubresourceTest, CreateDropsTheStatus) {  // R2.10
  EXPECT_FALSE(CreateDeployment().contains("status"));
}

TEST_P(StatusSubresourceTest, GetOnStatusReturnsTheWholeObject) {  // R3.3
  const nlohmann::json created = CreateDeployment();
  EXPECT_EQ(Expect(200, "GET", kDeploymentStatus), created);
}

TEST_P(StatusSubresourceTest, PutOnStatusTakesOnlyStatusAndKeepsTheSpec) {  // R3.3
  nlohmann::json object = CreateDeployment();
  object["spec"]["replicas"] = 5;
  object["status"] = {{"replicas", 2}, {"readyReplicas", 2}, {"observedGeneration", 1}};
  const nlohmann::json updated = Expect(200, "PUT", kDeploymentStatus, object);
  EXPECT_EQ(updated["status"], object["status"]);
  EXPECT_EQ(updated["spec"]["replicas"], 2);
  EXPECT_EQ(updated["metadata"]["generation"], 1);  // status writes never bump it
  EXPECT_GT(Revision(updated), Revision(object));
  EXPECT_EQ(Expect(200, "GET", kDeployment), updated);
}

TEST_P(StatusSubresourceTest, MainEndpointIgnoresStatusChanges) {  // R3.3
  nlohmann::json object = CreateDeployment();
  object["status"] = {{"replicas", 2}};
  object = Expect(200, "PUT", kDeploymentStatus, object);
  object["status"] = {{"replicas", 9}};
  object["spec"]["replicas"] = 3;
  const nlohmann::json updated = Expect(200, "PUT", kDeployment, object);
  EXPECT_EQ(updated["status"], (nlohmann::json{{"replicas", 2}}));
  EXPECT_EQ(updated["spec"]["replicas"], 3);
  EXPECT_EQ(updated["metadata"]["generation"], 2);
}

TEST_P(StatusSubresourceTest, StatusPutHonoursTheResourceVersionPrecondition) {  // R3.2, R3.3
  nlohmann::json object = CreateDeployment();
  nlohmann::json first = object;
  first["status"] = {{"replicas", 1}};
  Expect(200, "PUT", kDeploymentStatus, first);
  object["status"] = {{"replicas", 2}};
  EXPECT_EQ(Expect(409, "PUT", kDeploymentStatus, object)["reason"], "Conflict");
}

TEST_P(StatusSubresourceTest, StatusPutNeverCreates) {  // R3.3
  nlohmann::json body = {{"apiVersion", "apps/v1"},
                         {"kind", "Deployment"},
                         {"metadata", {{"name", "web"}}},
                         {"status", {{"replicas", 1}}}};
  const nlohmann::json status = Expect(404, "PUT", kDeploymentStatus, body);
  EXPECT_EQ(status["message"], "deployments.apps \"web\" not found");
}

TEST_P(StatusSubresourceTest, UnchangedStatusPutIsANoop) {  // R2.2
  const nlohmann::json object = CreateDeployment();
  const nlohmann::json updated = Expect(200, "PUT", kDeploymentStatus, object);
  EXPECT_EQ(updated["metadata"]["resourceVersion"], object["metadata"]["resourceVersion"]);
}

TEST_P(StatusSubresourceTest, StatusWritersOwnStatusFieldsUnderTheirOwnEntry) {  // R2.5
  nlohmann::json object = CreateDeployment();
  object["status"] = {{"replicas", 2}};
  Response response = Send("PUT", kDeploymentStatus, object, {{"fieldManager", "controller"}});
  ASSERT_EQ(response.status, 200) << response.body;
  const nlohmann::json managed = Json(response)["metadata"]["managedFields"];
  nlohmann::json status_entry;
  for (const nlohmann::json& entry : managed) {
    if (entry["manager"] == "controller") status_entry = entry;
  }
  ASSERT_FALSE(status_entry.is_null()) << managed;
  EXPECT_EQ(status_entry["subresource"], "status");
  EXPECT_EQ(status_entry["operation"], "Update");
  EXPECT_EQ(status_entry["fieldsV1"],
            (nlohmann::json{{"f:status", {{"f:replicas", nlohmann::json::object()}}}}));
}

TEST_P(StatusSubresourceTest, ClusterScopedStatusWorksToo) {  // R3.3
  nlohmann::json node =
      Expect(201, "POST", "/api/v1/nodes", {{"metadata", {{"name", "node-1"}}}});
  node["status"]["nodeInfo"]["kubeletVersion"] = "v1.33.1";
  const nlohmann::json updated = Expect(200, "PUT", "/api/v1/nodes/node-1/status", node);
  EXPECT_EQ(updated["status"]["nodeInfo"]["kubeletVersion"], "v1.33.1");
}

TEST_P(StatusSubresourceTest, OtherSubresourcesSayTheyAreNotEmulated) {
  CreateDeployment();
  const nlohmann::json status = Expect(405, "GET", "/api/v1/namespaces/default/pods/web/log");
  EXPECT_EQ(status["message"], "the log subresource of pods is not emulated by kubefake yet");
  EXPECT_EQ(Expect(405, "DELETE", kDeploymentStatus)["reason"], "MethodNotAllowed");
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(StatusSubresourceTest);

}  // namespace
}  // namespace kubefake::fakeserver
