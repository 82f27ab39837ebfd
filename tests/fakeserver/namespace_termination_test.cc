// Engine tests for namespace termination (R4.9): the namespace controller deletes the content,
// reports what blocks it in status.conditions, and finalizes through /finalize.
#include "lifecycle_test.h"

namespace kubefake::fakeserver {
namespace {

constexpr char kTeam[] = "/api/v1/namespaces/team";

class NamespaceTerminationTest : public LifecycleTest {
 protected:
  void SetUp() override {
    Expect(201, "POST", "/api/v1/namespaces",
           {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "team"}}}});
  }

  static nlohmann::json Condition(const nlohmann::json& ns, const std::string& type) {
    for (const nlohmann::json& condition : ns["status"]["conditions"]) {
      if (condition["type"] == type) return condition;
    }
    ADD_FAILURE() << "no condition " << type << " in " << ns["status"].dump();
    return nlohmann::json::object();
  }
};

TEST_P(NamespaceTerminationTest, DeletingANamespaceRemovesItsContentThenItself) {  // R4.9
  CreateOwnedConfigMap("team", "a", {});
  CreatePod("team", "p", nullptr);
  const nlohmann::json deployment = CreateDeployment("team", "web");
  CreateReplicaSet("team", "web-1", deployment);

  const nlohmann::json terminating = Expect(200, "DELETE", kTeam);
  EXPECT_EQ(terminating["status"]["phase"], "Terminating");
  EXPECT_EQ(terminating["spec"]["finalizers"], nlohmann::json({"kubernetes"}));
  EXPECT_FALSE(terminating["metadata"].contains("deletionGracePeriodSeconds"));

  EXPECT_EQ(StatusOf(kTeam), 404);
  EXPECT_EQ(StatusOf(ConfigMapPath("team", "a")), 404);
  EXPECT_EQ(StatusOf(PodPath("team", "p")), 404);
  EXPECT_EQ(StatusOf("/apis/apps/v1/namespaces/team/deployments/web"), 404);
  EXPECT_EQ(StatusOf("/apis/apps/v1/namespaces/team/replicasets/web-1"), 404);
}

TEST_P(NamespaceTerminationTest, ContentWithAFinalizerKeepsItTerminatingWithConditions) {  // R4.9
  CreateOwnedConfigMap("team", "held", {}, {"example.com/hold"});
  CreateOwnedConfigMap("team", "free", {});
  Expect(200, "DELETE", kTeam);

  const nlohmann::json ns = Expect(200, "GET", kTeam);
  EXPECT_EQ(ns["status"]["phase"], "Terminating");
  EXPECT_EQ(ns["spec"]["finalizers"], nlohmann::json({"kubernetes"}));
  ASSERT_EQ(ns["status"]["conditions"].size(), 5u);
  const nlohmann::json remaining = Condition(ns, "NamespaceContentRemaining");
  EXPECT_EQ(remaining["status"], "True");
  EXPECT_EQ(remaining["reason"], "SomeResourcesRemain");
  EXPECT_EQ(remaining["message"],
            "Some resources are remaining: configmaps. has 1 resource instances");
  const nlohmann::json finalizers = Condition(ns, "NamespaceFinalizersRemaining");
  EXPECT_EQ(finalizers["status"], "True");
  EXPECT_EQ(finalizers["reason"], "SomeFinalizersRemain");
  EXPECT_EQ(finalizers["message"],
            "Some content in the namespace has finalizers remaining: example.com/hold in 1 "
            "resource instances");
  const nlohmann::json content = Condition(ns, "NamespaceDeletionContentFailure");
  EXPECT_EQ(content["status"], "False");
  EXPECT_EQ(content["reason"], "ContentDeleted");
  EXPECT_EQ(content["message"], "All content successfully deleted, may be waiting on finalization");
  EXPECT_EQ(Condition(ns, "NamespaceDeletionDiscoveryFailure")["reason"], "ResourcesDiscovered");
  EXPECT_EQ(Condition(ns, "NamespaceDeletionGroupVersionParsingFailure")["reason"],
            "ParsedGroupVersions");
  EXPECT_EQ(StatusOf(ConfigMapPath("team", "free")), 404);

  EXPECT_EQ(Expect(403, "POST", "/api/v1/namespaces/team/configmaps",
                   {{"metadata", {{"name", "late"}}}})["reason"],
            "Forbidden");

  nlohmann::json held = Expect(200, "GET", ConfigMapPath("team", "held"));
  EXPECT_TRUE(held["metadata"].contains("deletionTimestamp"));
  held["metadata"]["finalizers"] = nlohmann::json::array();
  Expect(200, "PUT", ConfigMapPath("team", "held"), held);
  EXPECT_EQ(StatusOf(kTeam), 404);
}

TEST_P(NamespaceTerminationTest, BoundPodsKeepItUntilTheirGracePeriodEnds) {  // R4.7, R4.9
  CreatePod("team", "p", nullptr, "node-1", {}, 30);
  Expect(200, "DELETE", kTeam);
  const nlohmann::json ns = Expect(200, "GET", kTeam);
  EXPECT_EQ(Condition(ns, "NamespaceContentRemaining")["message"],
            "Some resources are remaining: pods. has 1 resource instances");
  EXPECT_EQ(Condition(ns, "NamespaceFinalizersRemaining")["status"], "False");
  clock_.Step(std::chrono::seconds(30));
  EXPECT_EQ(StatusOf(PodPath("team", "p")), 404);
  EXPECT_EQ(StatusOf(kTeam), 404);
}

TEST_P(NamespaceTerminationTest, SettleFinishesTheDeletionWhenControllersRunOnlyThere) {
  Restart(/*settle_after_writes=*/false);
  SetUp();
  CreateOwnedConfigMap("team", "a", {});
  Expect(200, "DELETE", kTeam);
  EXPECT_EQ(Expect(200, "GET", kTeam)["status"]["phase"], "Terminating");
  EXPECT_EQ(StatusOf(ConfigMapPath("team", "a")), 200);
  server_->Settle();
  EXPECT_EQ(StatusOf(ConfigMapPath("team", "a")), 404);
  EXPECT_EQ(StatusOf(kTeam), 404);
}

TEST_P(NamespaceTerminationTest, FinalizeRemovesSpecFinalizersAndTheNamespaceGoes) {  // R4.9
  Restart(/*settle_after_writes=*/false);
  SetUp();
  nlohmann::json ns = Expect(200, "DELETE", kTeam);
  // The main endpoint keeps spec.finalizers.
  ns["spec"]["finalizers"] = nlohmann::json::array();
  ns = Expect(200, "PUT", kTeam, ns);
  EXPECT_EQ(ns["spec"]["finalizers"], nlohmann::json({"kubernetes"}));

  ns["spec"]["finalizers"] = nlohmann::json::array();
  const nlohmann::json finalized = Expect(200, "PUT", std::string(kTeam) + "/finalize", ns);
  EXPECT_EQ(finalized["kind"], "Namespace");
  EXPECT_EQ(StatusOf(kTeam), 404);
}

TEST_P(NamespaceTerminationTest, AWatcherSeesTheNamespaceTerminateThenGo) {  // R4.9, R7
  const std::string rv = Expect(200, "GET", kTeam)["metadata"]["resourceVersion"];
  std::unique_ptr<ResponseStream> watch = WatchFrom("/api/v1/namespaces", rv);
  Expect(200, "DELETE", kTeam);
  std::optional<nlohmann::json> event = NextEvent(*watch);
  ASSERT_TRUE(event);
  EXPECT_EQ((*event)["type"], "MODIFIED");
  EXPECT_EQ((*event)["object"]["status"]["phase"], "Terminating");
  for (event = NextEvent(*watch); event && (*event)["type"] == "MODIFIED";
       event = NextEvent(*watch)) {
  }
  ASSERT_TRUE(event);
  EXPECT_EQ((*event)["type"], "DELETED");
  EXPECT_EQ((*event)["object"]["metadata"]["name"], "team");
}

TEST_P(NamespaceTerminationTest, MetadataFinalizersAndSpecFinalizersBothHoldIt) {  // R4.6, R4.9
  Restart(/*settle_after_writes=*/false);
  Expect(201, "POST", "/api/v1/namespaces",
         {{"apiVersion", "v1"},
          {"kind", "Namespace"},
          {"metadata", {{"name", "team"}, {"finalizers", {"example.com/ns"}}}}});
  nlohmann::json ns = Expect(200, "DELETE", kTeam);
  ns["metadata"]["finalizers"] = nlohmann::json::array();
  ns = Expect(200, "PUT", kTeam, ns);
  EXPECT_EQ(StatusOf(kTeam), 200) << "spec.finalizers still holds it";

  ns["metadata"]["finalizers"] = {"example.com/ns"};
  EXPECT_EQ(Send("PUT", kTeam, ns).status, 422) << "no new finalizers once deleting (R2.9)";
  server_->Settle();
  EXPECT_EQ(StatusOf(kTeam), 404) << "finalized by the controller, nothing else holds it";
}

TEST_P(NamespaceTerminationTest, AMetadataFinalizerOutlastsTheController) {  // R4.6, R4.9
  Expect(201, "POST", "/api/v1/namespaces",
         {{"apiVersion", "v1"},
          {"kind", "Namespace"},
          {"metadata", {{"name", "other"}, {"finalizers", {"example.com/ns"}}}}});
  Expect(200, "DELETE", "/api/v1/namespaces/other");
  nlohmann::json ns = Expect(200, "GET", "/api/v1/namespaces/other");
  EXPECT_EQ(ns["spec"]["finalizers"], nlohmann::json::array());
  ns["metadata"]["finalizers"] = nlohmann::json::array();
  Expect(200, "PUT", "/api/v1/namespaces/other", ns);
  EXPECT_EQ(StatusOf("/api/v1/namespaces/other"), 404);
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(NamespaceTerminationTest);

}  // namespace
}  // namespace kubefake::fakeserver
