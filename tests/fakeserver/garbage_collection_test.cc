// Engine tests for cascading deletion and the garbage collector (R4.5): propagation policies,
// blockOwnerDeletion, default policies per resource, dangling owners and Settle.
#include <thread>
#include <vector>

#include "lifecycle_test.h"

namespace kubefake::fakeserver {
namespace {

constexpr char kReplicaSet[] = "/apis/apps/v1/namespaces/default/replicasets/web-1";

class GarbageCollectionTest : public LifecycleTest {
 protected:
  // Deployment web -> ReplicaSet web-1 -> pods web-1-a, web-1-b (unscheduled, so they go at
  // once), each reference with blockOwnerDeletion as the controllers set it.
  void CreateChain(nlohmann::json pod_finalizers = nlohmann::json::array()) {
    const nlohmann::json deployment = CreateDeployment("default", "web");
    const nlohmann::json replica_set = CreateReplicaSet("default", "web-1", deployment);
    CreatePod("default", "web-1-a", replica_set, "", pod_finalizers);
    CreatePod("default", "web-1-b", replica_set);
  }

  void ExpectChainGone() {
    EXPECT_EQ(StatusOf(kDeployment), 404);
    EXPECT_EQ(StatusOf(kReplicaSet), 404);
    EXPECT_EQ(StatusOf(PodPath("default", "web-1-a")), 404);
    EXPECT_EQ(StatusOf(PodPath("default", "web-1-b")), 404);
  }

  static bool HasFinalizer(const nlohmann::json& object, const std::string& finalizer) {
    for (const nlohmann::json& f :
         object["metadata"].value("finalizers", nlohmann::json::array())) {
      if (f == finalizer) return true;
    }
    return false;
  }
};

TEST_P(GarbageCollectionTest, BackgroundDeletesTheOwnerAtOnceAndTheChainAfterIt) {  // R4.5
  CreateChain();
  const nlohmann::json status =
      Expect(200, "DELETE", kDeployment, nullptr, {{"propagationPolicy", "Background"}});
  EXPECT_EQ(status["kind"], "Status");
  ExpectChainGone();
}

TEST_P(GarbageCollectionTest, DeploymentsDefaultToBackground) {  // R4.5
  CreateChain();
  Expect(200, "DELETE", kDeployment);
  ExpectChainGone();
}

TEST_P(GarbageCollectionTest, BackgroundWaitsForSettleWhenControllersDoNotRunAfterWrites) {
  Restart(/*settle_after_writes=*/false);
  CreateChain();
  Expect(200, "DELETE", kDeployment, nullptr, {{"propagationPolicy", "Background"}});
  EXPECT_EQ(StatusOf(kDeployment), 404);
  EXPECT_EQ(StatusOf(kReplicaSet), 200) << "nothing collects before Settle";
  server_->Settle();
  ExpectChainGone();
}

TEST_P(GarbageCollectionTest, ForegroundKeepsTheOwnerUntilBlockingDependentsAreGone) {  // R4.5
  CreateChain({"example.com/hold"});
  const nlohmann::json deleting =
      Expect(200, "DELETE", kDeployment, nullptr, {{"propagationPolicy", "Foreground"}});
  EXPECT_TRUE(HasFinalizer(deleting, "foregroundDeletion"));
  EXPECT_TRUE(deleting["metadata"].contains("deletionTimestamp"));

  // The held pod blocks its ReplicaSet, which blocks the Deployment.
  const nlohmann::json deployment = Expect(200, "GET", kDeployment);
  EXPECT_TRUE(HasFinalizer(deployment, "foregroundDeletion"));
  const nlohmann::json replica_set = Expect(200, "GET", kReplicaSet);
  EXPECT_TRUE(HasFinalizer(replica_set, "foregroundDeletion"))
      << "a dependent with dependents is deleted in the foreground too";
  const nlohmann::json held = Expect(200, "GET", PodPath("default", "web-1-a"));
  EXPECT_TRUE(held["metadata"].contains("deletionTimestamp"));
  EXPECT_EQ(StatusOf(PodPath("default", "web-1-b")), 404);

  nlohmann::json release = held;
  release["metadata"]["finalizers"] = nlohmann::json::array();
  Expect(200, "PUT", PodPath("default", "web-1-a"), release);
  ExpectChainGone();
}

TEST_P(GarbageCollectionTest, ForegroundShowsItsFinalizerUntilSettle) {  // R4.5
  Restart(/*settle_after_writes=*/false);
  CreateChain();
  Expect(200, "DELETE", kDeployment, nullptr, {{"propagationPolicy", "Foreground"}});
  EXPECT_TRUE(HasFinalizer(Expect(200, "GET", kDeployment), "foregroundDeletion"));
  EXPECT_FALSE(Expect(200, "GET", kReplicaSet)["metadata"].contains("deletionTimestamp"));
  server_->Settle();
  ExpectChainGone();
}

TEST_P(GarbageCollectionTest, DependentsWithoutBlockOwnerDeletionDoNotHoldTheOwner) {  // R4.5
  const nlohmann::json parent = CreateOwnedConfigMap("default", "parent", {});
  CreateOwnedConfigMap("default", "child", {OwnerRef(parent, /*block_owner_deletion=*/false)},
                       {"example.com/hold"});
  Expect(200, "DELETE", ConfigMapPath("default", "parent"), nullptr,
         {{"propagationPolicy", "Foreground"}});
  EXPECT_EQ(StatusOf(ConfigMapPath("default", "parent")), 404);
  const nlohmann::json child = Expect(200, "GET", ConfigMapPath("default", "child"));
  EXPECT_TRUE(child["metadata"].contains("deletionTimestamp")) << "deleted, held by its finalizer";
}

TEST_P(GarbageCollectionTest, BlockingConfigMapDependentHoldsItsOwner) {  // R4.5
  const nlohmann::json parent = CreateOwnedConfigMap("default", "parent", {});
  CreateOwnedConfigMap("default", "child", {OwnerRef(parent)}, {"example.com/hold"});
  Expect(200, "DELETE", ConfigMapPath("default", "parent"), nullptr,
         {{"propagationPolicy", "Foreground"}});
  EXPECT_TRUE(
      HasFinalizer(Expect(200, "GET", ConfigMapPath("default", "parent")), "foregroundDeletion"));
  nlohmann::json child = Expect(200, "GET", ConfigMapPath("default", "child"));
  child["metadata"]["finalizers"] = nlohmann::json::array();
  Expect(200, "PUT", ConfigMapPath("default", "child"), child);
  EXPECT_EQ(StatusOf(ConfigMapPath("default", "child")), 404);
  EXPECT_EQ(StatusOf(ConfigMapPath("default", "parent")), 404);
}

TEST_P(GarbageCollectionTest, OrphanRemovesTheOwnerReferenceFromDependents) {  // R4.5
  CreateChain();
  const nlohmann::json deleting =
      Expect(200, "DELETE", kDeployment, nullptr, {{"propagationPolicy", "Orphan"}});
  EXPECT_TRUE(HasFinalizer(deleting, "orphan"));
  EXPECT_EQ(StatusOf(kDeployment), 404);
  const nlohmann::json replica_set = Expect(200, "GET", kReplicaSet);
  EXPECT_FALSE(replica_set["metadata"].contains("ownerReferences"));
  EXPECT_EQ(StatusOf(PodPath("default", "web-1-a")), 200);
}

TEST_P(GarbageCollectionTest, OrphanShowsItsFinalizerUntilSettle) {  // R4.5
  Restart(/*settle_after_writes=*/false);
  const nlohmann::json parent = CreateOwnedConfigMap("default", "parent", {});
  CreateOwnedConfigMap("default", "child", {OwnerRef(parent)});
  Expect(200, "DELETE", ConfigMapPath("default", "parent"), nullptr,
         {{"orphanDependents", "true"}});
  EXPECT_TRUE(HasFinalizer(Expect(200, "GET", ConfigMapPath("default", "parent")), "orphan"));
  server_->Settle();
  EXPECT_EQ(StatusOf(ConfigMapPath("default", "parent")), 404);
  EXPECT_FALSE(Expect(200, "GET", ConfigMapPath("default", "child"))["metadata"].contains(
      "ownerReferences"));
}

TEST_P(GarbageCollectionTest, ReplicationControllersAndJobsDefaultToOrphan) {  // R4.5
  struct Owner {
    std::string collection, kind, api_version;
  };
  for (const Owner& owner :
       {Owner{"/api/v1/namespaces/default/replicationcontrollers", "ReplicationController", "v1"},
        Owner{"/apis/batch/v1/namespaces/default/jobs", "Job", "batch/v1"}}) {
    SCOPED_TRACE(owner.kind);
    const nlohmann::json created =
        Expect(201, "POST", owner.collection,
               {{"apiVersion", owner.api_version},
                {"kind", owner.kind},
                {"metadata", {{"name", "legacy"}}},
                {"spec",
                 {{"template", {{"spec", {{"containers", {{{"name", "c"}, {"image", "i"}}}}}}}}}}});
    CreatePod("default", "legacy-pod", created);
    Expect(200, "DELETE", owner.collection + "/legacy");
    EXPECT_EQ(StatusOf(owner.collection + "/legacy"), 404);
    const nlohmann::json pod = Expect(200, "GET", PodPath("default", "legacy-pod"));
    EXPECT_FALSE(pod["metadata"].contains("ownerReferences"));
    Expect(200, "DELETE", PodPath("default", "legacy-pod"));
  }
}

TEST_P(GarbageCollectionTest, ObjectsWhoseOwnerUidDoesNotExistAreCollected) {  // R4.5
  const nlohmann::json parent = CreateOwnedConfigMap("default", "parent", {});
  nlohmann::json stale = OwnerRef(parent);
  stale["uid"] = "00000000-0000-0000-0000-000000000000";
  CreateOwnedConfigMap("default", "wrong-uid", {stale});
  nlohmann::json ghost = stale;
  ghost["name"] = "ghost";
  CreateOwnedConfigMap("default", "no-owner", {ghost});
  EXPECT_EQ(StatusOf(ConfigMapPath("default", "wrong-uid")), 404);
  EXPECT_EQ(StatusOf(ConfigMapPath("default", "no-owner")), 404);
  EXPECT_EQ(StatusOf(ConfigMapPath("default", "parent")), 200);
}

TEST_P(GarbageCollectionTest, ALiveOwnerKeepsTheDependentWhichLosesItsDanglingReference) {
  const nlohmann::json parent = CreateOwnedConfigMap("default", "parent", {});
  nlohmann::json ghost = OwnerRef(parent, false);
  ghost["name"] = "ghost";
  ghost["uid"] = "00000000-0000-0000-0000-000000000000";
  ghost["controller"] = false;
  CreateOwnedConfigMap("default", "child", {OwnerRef(parent), ghost});
  const nlohmann::json child = Expect(200, "GET", ConfigMapPath("default", "child"));
  ASSERT_EQ(child["metadata"]["ownerReferences"].size(), 1u);
  EXPECT_EQ(child["metadata"]["ownerReferences"][0]["name"], "parent");
}

TEST_P(GarbageCollectionTest, OwnersOfAnUnservedKindAreLeftAlone) {
  nlohmann::json unknown = {{"apiVersion", "example.com/v1"},
                            {"kind", "Widget"},
                            {"name", "w"},
                            {"uid", "00000000-0000-0000-0000-000000000001"}};
  CreateOwnedConfigMap("default", "child", {unknown});
  EXPECT_EQ(StatusOf(ConfigMapPath("default", "child")), 200);
}

TEST_P(GarbageCollectionTest, ClusterScopedOwnersAreFoundFromNamespacedDependents) {
  const nlohmann::json ns =
      Expect(201, "POST", "/api/v1/namespaces",
             {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "owner-ns"}}}});
  CreateOwnedConfigMap("default", "child", {OwnerRef(ns)});
  EXPECT_EQ(StatusOf(ConfigMapPath("default", "child")), 200);
  Expect(200, "DELETE", "/api/v1/namespaces/owner-ns");
  EXPECT_EQ(StatusOf("/api/v1/namespaces/owner-ns"), 404);
  EXPECT_EQ(StatusOf(ConfigMapPath("default", "child")), 404);
}

TEST_P(GarbageCollectionTest, ConcurrentWritersLeaveNothingDangling) {  // R3.15, R4.5
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([this, w] {
      const std::string parent_name = "parent-" + std::to_string(w);
      const nlohmann::json parent = CreateOwnedConfigMap("default", parent_name, {});
      for (int c = 0; c < 10; ++c) {
        CreateOwnedConfigMap("default", parent_name + "-child-" + std::to_string(c),
                             {OwnerRef(parent)});
      }
      Expect(200, "DELETE", ConfigMapPath("default", parent_name));
    });
  }
  for (std::thread& writer : writers) writer.join();
  server_->Settle();
  const nlohmann::json list = Expect(200, "GET", "/api/v1/namespaces/default/configmaps");
  for (const nlohmann::json& item : list["items"]) {
    ADD_FAILURE() << "left behind: " << item["metadata"]["name"];
  }
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(GarbageCollectionTest);

}  // namespace
}  // namespace kubefake::fakeserver
