// Engine tests for delete (R4.1-R4.5, R4.9, R3.8).
#include "engine_test.h"

namespace kubefake::fakeserver {
namespace {

using DeleteTest = EngineTest;

TEST_P(DeleteTest, DeletingAConfigMapAnswersASuccessStatus) {  // R4.4
  const nlohmann::json created = CreateConfigMap("default", "c");
  const nlohmann::json status = Expect(200, "DELETE", kConfigMap);
  EXPECT_EQ(status, (nlohmann::json{{"kind", "Status"},
                                    {"apiVersion", "v1"},
                                    {"metadata", nlohmann::json::object()},
                                    {"status", "Success"},
                                    {"details",
                                     {{"name", "c"},
                                      {"kind", "configmaps"},
                                      {"uid", created["metadata"]["uid"]}}}}));
  Expect(404, "GET", kConfigMap);
}

TEST_P(DeleteTest, DeletingAPodAnswersTheObject) {  // R4.4
  Expect(201, "POST", "/api/v1/namespaces/default/pods",
         {{"metadata", {{"name", "p"}}}, {"spec", {{"containers", {{{"name", "a"}}}}}}});
  const nlohmann::json pod = Expect(200, "DELETE", "/api/v1/namespaces/default/pods/p");
  EXPECT_EQ(pod["kind"], "Pod");
  EXPECT_EQ(pod["metadata"]["name"], "p");
}

TEST_P(DeleteTest, DeletingAMissingObjectIsNotFound) {
  EXPECT_EQ(Expect(404, "DELETE", kConfigMap)["message"], "configmaps \"c\" not found");
}

TEST_P(DeleteTest, FinalizersKeepTheObjectWithADeletionTimestamp) {  // R4.3
  Expect(201, "POST", "/apis/apps/v1/namespaces/default/deployments",
         {{"metadata", {{"name", "web"}, {"finalizers", {"example.com/hold"}}}},
          {"spec", {{"replicas", 1}}}});
  const nlohmann::json deleting =
      Expect(200, "DELETE", "/apis/apps/v1/namespaces/default/deployments/web");
  EXPECT_EQ(deleting["metadata"]["deletionTimestamp"],
            api::Time::FromTimePoint(clock_.Now()).String());
  EXPECT_EQ(deleting["metadata"]["deletionGracePeriodSeconds"], 0);
  EXPECT_EQ(deleting["metadata"]["generation"], 2) << "bumped once when deletion starts";
  const nlohmann::json again =
      Expect(200, "DELETE", "/apis/apps/v1/namespaces/default/deployments/web");
  EXPECT_EQ(again["metadata"]["resourceVersion"], deleting["metadata"]["resourceVersion"])
      << "a second DELETE changes nothing (R4.3 step 5)";
  EXPECT_EQ(Expect(200, "GET", "/apis/apps/v1/namespaces/default/deployments/web")["metadata"]
                ["deletionTimestamp"],
            deleting["metadata"]["deletionTimestamp"]);
}

TEST_P(DeleteTest, UidPreconditionMismatchIsAConflictNamingTheKind) {  // R4.2
  const nlohmann::json created = CreateConfigMap("default", "c");
  Request request;
  request.method = "DELETE";
  request.path = kConfigMap;
  request.body = R"({"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"x"}})";
  const Response response = door_->Send(request);
  EXPECT_EQ(response.status, 409);
  const nlohmann::json status = Json(response);
  EXPECT_EQ(status["message"],
            "Operation cannot be fulfilled on ConfigMap \"c\": the UID in the precondition (x) "
            "does not match the UID in record (" +
                created["metadata"]["uid"].get<std::string>() +
                "). The object might have been deleted and then recreated");
  EXPECT_EQ(status["details"]["kind"], "ConfigMap");
  Expect(200, "GET", kConfigMap);
}

TEST_P(DeleteTest, OrphanPropagationAddsTheOrphanFinalizer) {  // R4.5
  CreateConfigMap("default", "c");
  const nlohmann::json deleting =
      Expect(200, "DELETE", kConfigMap, nullptr, {{"propagationPolicy", "Orphan"}});
  EXPECT_EQ(deleting["metadata"]["finalizers"], nlohmann::json::array({"orphan"}));
  EXPECT_TRUE(deleting["metadata"].contains("deletionTimestamp"));
}

TEST_P(DeleteTest, ForegroundPropagationAddsTheForegroundFinalizer) {  // R4.5
  CreateConfigMap("default", "c");
  const nlohmann::json deleting =
      Expect(200, "DELETE", kConfigMap, nullptr, {{"propagationPolicy", "Foreground"}});
  EXPECT_EQ(deleting["metadata"]["finalizers"], nlohmann::json::array({"foregroundDeletion"}));
}

TEST_P(DeleteTest, DryRunDeleteKeepsTheObject) {  // R3.8
  CreateConfigMap("default", "c");
  Expect(200, "DELETE", kConfigMap, nullptr, {{"dryRun", "All"}});
  Expect(200, "GET", kConfigMap);
}

TEST_P(DeleteTest, SystemNamespacesCannotBeDeleted) {  // R4.9
  EXPECT_EQ(Expect(403, "DELETE", "/api/v1/namespaces/default")["message"],
            "namespaces \"default\" is forbidden: this namespace may not be deleted");
}

TEST_P(DeleteTest, DeletingANamespaceMakesItTerminatingAndBlocksCreates) {  // R4.9
  Expect(201, "POST", "/api/v1/namespaces", {{"metadata", {{"name", "team"}}}});
  // Content with a finalizer keeps the namespace Terminating.
  Expect(201, "POST", "/api/v1/namespaces/team/configmaps",
         {{"metadata", {{"name", "held"}, {"finalizers", {"example.com/hold"}}}}});
  const nlohmann::json ns = Expect(200, "DELETE", "/api/v1/namespaces/team");
  EXPECT_EQ(ns["status"]["phase"], "Terminating");
  EXPECT_TRUE(ns["metadata"].contains("deletionTimestamp"));

  const nlohmann::json forbidden = Expect(403, "POST", "/api/v1/namespaces/team/configmaps",
                                          {{"metadata", {{"name", "c"}}}});
  EXPECT_EQ(forbidden["message"],
            "configmaps \"c\" is forbidden: unable to create new content in namespace team "
            "because it is being terminated");
  EXPECT_EQ(forbidden["details"]["causes"][0]["reason"], "NamespaceTerminating");

  EXPECT_EQ(Expect(409, "DELETE", "/api/v1/namespaces/team")["message"],
            "Operation cannot be fulfilled on namespaces \"team\": The system is ensuring all "
            "content is removed from this namespace.  Upon completion, this namespace will "
            "automatically be purged by the system.");
}

TEST_P(DeleteTest, InvalidPropagationPolicyIsRejected) {  // R3.17
  CreateConfigMap("default", "c");
  const nlohmann::json status =
      Expect(422, "DELETE", kConfigMap, nullptr, {{"propagationPolicy", "foo"}});
  EXPECT_EQ(status["reason"], "Invalid");
  Expect(200, "GET", kConfigMap);
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(DeleteTest);

}  // namespace
}  // namespace kubefake::fakeserver
