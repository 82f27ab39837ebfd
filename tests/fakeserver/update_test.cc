// Engine tests for update (R2.2, R2.4, R2.9, R3.2, R3.3, R3.8, R3.9, R4.6) and get (R6.2).
#include "engine_test.h"

namespace kubefake::fakeserver {
namespace {

class UpdateTest : public EngineTest {
 protected:
  nlohmann::json CreateDeployment(const nlohmann::json& spec) {
    return Expect(201, "POST", "/apis/apps/v1/namespaces/default/deployments",
                  {{"metadata", {{"name", "web"}}}, {"spec", spec}});
  }
};

TEST_P(UpdateTest, GetReturnsTheStoredObject) {
  const nlohmann::json created = CreateConfigMap("default", "c");
  EXPECT_EQ(Expect(200, "GET", kConfigMap), created);
}

TEST_P(UpdateTest, GetOfAMissingObjectIsNotFound) {  // R5.3
  const nlohmann::json status = Expect(404, "GET", kConfigMap);
  EXPECT_EQ(status["message"], "configmaps \"c\" not found");
  EXPECT_EQ(status["details"], (nlohmann::json{{"name", "c"}, {"kind", "configmaps"}}));
}

TEST_P(UpdateTest, GetAtAFutureResourceVersionIsATimeout) {  // R6.2, R5.14
  CreateConfigMap("default", "c");
  const nlohmann::json status = Expect(504, "GET", kConfigMap, nullptr,
                                       {{"resourceVersion", "999999"}});
  EXPECT_EQ(status["reason"], "Timeout");
  EXPECT_EQ(status["details"]["causes"][0]["reason"], "ResourceVersionTooLarge");
}

TEST_P(UpdateTest, HeadAnswersWithoutABody) {
  CreateConfigMap("default", "c");
  const Response response = Send("HEAD", kConfigMap);
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.body.empty());
}

TEST_P(UpdateTest, UpdateWithTheCurrentResourceVersionWritesANewRevision) {  // R3.2
  nlohmann::json object = CreateConfigMap("default", "c");
  object["data"]["k"] = "changed";
  const nlohmann::json updated = Expect(200, "PUT", kConfigMap, object);
  EXPECT_EQ(updated["data"]["k"], "changed");
  EXPECT_GT(std::stoll(updated["metadata"]["resourceVersion"].get<std::string>()),
            std::stoll(object["metadata"]["resourceVersion"].get<std::string>()));
}

TEST_P(UpdateTest, StaleResourceVersionIsAConflictWithTheRealMessage) {  // R3.2, R5.4
  nlohmann::json object = CreateConfigMap("default", "c");
  nlohmann::json first = object;
  first["data"]["k"] = "one";
  Expect(200, "PUT", kConfigMap, first);
  object["data"]["k"] = "two";
  const nlohmann::json status = Expect(409, "PUT", kConfigMap, object);
  EXPECT_EQ(status["reason"], "Conflict");
  EXPECT_EQ(status["message"],
            "Operation cannot be fulfilled on configmaps \"c\": the object has been modified; "
            "please apply your changes to the latest version and try again");
  EXPECT_EQ(Expect(200, "GET", kConfigMap)["data"]["k"], "one");
}

TEST_P(UpdateTest, EmptyResourceVersionUpdatesUnconditionally) {  // R3.2
  CreateConfigMap("default", "c");
  const nlohmann::json updated = Expect(
      200, "PUT", kConfigMap, {{"metadata", {{"name", "c"}}}, {"data", {{"k", "forced"}}}});
  EXPECT_EQ(updated["data"]["k"], "forced");
}

TEST_P(UpdateTest, ANoopUpdateKeepsTheResourceVersion) {  // R2.2
  const nlohmann::json object = CreateConfigMap("default", "c");
  const nlohmann::json updated = Expect(200, "PUT", kConfigMap, object);
  EXPECT_EQ(updated["metadata"]["resourceVersion"], object["metadata"]["resourceVersion"]);
  EXPECT_EQ(server_->storage().CurrentRevision(),
            std::stoll(object["metadata"]["resourceVersion"].get<std::string>()));
}

TEST_P(UpdateTest, SystemFieldsAreRestoredFromTheStoredObject) {  // R2.9
  nlohmann::json object = CreateConfigMap("default", "c");
  const nlohmann::json original = object;
  object["metadata"].erase("uid");
  object["metadata"]["creationTimestamp"] = "2001-01-01T00:00:00Z";
  object["data"]["k"] = "x";
  const nlohmann::json updated = Expect(200, "PUT", kConfigMap, object);
  EXPECT_EQ(updated["metadata"]["uid"], original["metadata"]["uid"]);
  EXPECT_EQ(updated["metadata"]["creationTimestamp"], original["metadata"]["creationTimestamp"]);
}

TEST_P(UpdateTest, AForeignUidIsAPreconditionConflict) {  // R3.9
  nlohmann::json object = CreateConfigMap("default", "c");
  object["metadata"]["uid"] = "00000000-0000-4000-8000-000000000000";
  const nlohmann::json status = Expect(409, "PUT", kConfigMap, object);
  EXPECT_NE(status["message"].get<std::string>().find(
                "Precondition failed: UID in precondition: 00000000-0000-4000-8000-000000000000"),
            std::string::npos);
}

TEST_P(UpdateTest, TheNameInTheBodyMustMatchTheUrl) {  // R2.7
  nlohmann::json object = CreateConfigMap("default", "c");
  object["metadata"]["name"] = "d";
  EXPECT_EQ(Expect(400, "PUT", kConfigMap, object)["message"],
            "the name of the object (d) does not match the name on the URL (c)");
}

TEST_P(UpdateTest, UpdatingAMissingObjectIsNotFound) {  // R3.2
  EXPECT_EQ(Expect(404, "PUT", kConfigMap, {{"metadata", {{"name", "c"}}}})["message"],
            "configmaps \"c\" not found");
}

TEST_P(UpdateTest, LeasesAreCreatedOnUpdate) {  // R3.2
  const nlohmann::json lease = Expect(
      201, "PUT", "/apis/coordination.k8s.io/v1/namespaces/default/leases/leader",
      {{"metadata", {{"name", "leader"}}}, {"spec", {{"holderIdentity", "me"}}}});
  EXPECT_EQ(lease["spec"]["holderIdentity"], "me");
  EXPECT_FALSE(lease["metadata"]["uid"].get<std::string>().empty());
}

TEST_P(UpdateTest, GenerationBumpsWhenTheSpecChangesOnly) {  // R2.4
  nlohmann::json deployment = CreateDeployment({{"replicas", 1}});
  deployment["metadata"]["labels"] = {{"a", "b"}};
  deployment = Expect(200, "PUT", kDeployment, deployment);
  EXPECT_EQ(deployment["metadata"]["generation"], 1) << "labels are metadata";
  deployment["spec"]["replicas"] = 3;
  deployment = Expect(200, "PUT", kDeployment, deployment);
  EXPECT_EQ(deployment["metadata"]["generation"], 2);
  deployment["metadata"]["annotations"] = {{"note", "x"}};
  deployment = Expect(200, "PUT", kDeployment, deployment);
  EXPECT_EQ(deployment["metadata"]["generation"], 3) << "Deployments also count annotations";
  deployment["metadata"]["generation"] = 10;
  deployment = Expect(200, "PUT", kDeployment, deployment);
  EXPECT_EQ(deployment["metadata"]["generation"], 3) << "clients cannot set generation";
}

TEST_P(UpdateTest, TheMainEndpointIgnoresStatus) {  // R3.3
  nlohmann::json deployment = CreateDeployment({{"replicas", 1}});
  deployment["status"] = {{"replicas", 7}};
  deployment = Expect(200, "PUT", kDeployment, deployment);
  EXPECT_FALSE(deployment.contains("status"));
}

TEST_P(UpdateTest, DryRunUpdateWritesNothing) {  // R3.8
  nlohmann::json object = CreateConfigMap("default", "c");
  const std::string revision = object["metadata"]["resourceVersion"];
  object["data"]["k"] = "dry";
  const nlohmann::json result = Expect(200, "PUT", kConfigMap, object, {{"dryRun", "All"}});
  EXPECT_EQ(result["data"]["k"], "dry");
  EXPECT_EQ(Expect(200, "GET", kConfigMap)["data"]["k"], "v");
  EXPECT_EQ(Expect(200, "GET", kConfigMap)["metadata"]["resourceVersion"], revision);
}

TEST_P(UpdateTest, InvalidDryRunValueIsRejected) {  // R3.1 step 2
  nlohmann::json object = CreateConfigMap("default", "c");
  const nlohmann::json status = Expect(422, "PUT", kConfigMap, object, {{"dryRun", "foo"}});
  EXPECT_TRUE(status["message"].get<std::string>().starts_with(
      "UpdateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value:"))
      << status["message"];
}

TEST_P(UpdateTest, SettingDeletionTimestampThroughUpdateIsRejected) {  // R2.9, R4.8
  nlohmann::json object = CreateConfigMap("default", "c");
  object["metadata"]["deletionTimestamp"] = "2030-01-01T00:00:00Z";
  const nlohmann::json status = Expect(422, "PUT", kConfigMap, object);
  EXPECT_EQ(status["details"]["causes"][0]["field"], "metadata.deletionTimestamp");
}

TEST_P(UpdateTest, UpdateTakesOverManagedFieldsItChanges) {  // R2.5
  nlohmann::json object = Expect(201, "POST", "/api/v1/namespaces/default/configmaps",
                                 {{"metadata", {{"name", "c"}}}, {"data", {{"a", "1"}, {"b", "2"}}}},
                                 {{"fieldManager", "creator"}});
  object["data"]["b"] = "3";
  object = Expect(200, "PUT", kConfigMap, object, {{"fieldManager", "editor"}});
  const nlohmann::json& managed = object["metadata"]["managedFields"];
  ASSERT_EQ(managed.size(), 2u);
  EXPECT_EQ(managed[0]["manager"], "creator");
  EXPECT_EQ(managed[0]["fieldsV1"], nlohmann::json::parse(R"({"f:data":{".":{},"f:a":{}}})"));
  EXPECT_EQ(managed[1]["manager"], "editor");
  EXPECT_EQ(managed[1]["fieldsV1"], nlohmann::json::parse(R"({"f:data":{"f:b":{}}})"));
}

TEST_P(UpdateTest, RemovingTheLastFinalizerOfADeletingObjectDeletesIt) {  // R4.6
  Expect(201, "POST", "/api/v1/namespaces/default/configmaps",
         {{"metadata", {{"name", "c"}, {"finalizers", {"example.com/hold"}}}}});
  nlohmann::json deleting = Expect(200, "DELETE", kConfigMap);
  ASSERT_TRUE(deleting["metadata"].contains("deletionTimestamp"));
  deleting["metadata"]["finalizers"] = nlohmann::json::array();
  const nlohmann::json response = Expect(200, "PUT", kConfigMap, deleting);
  EXPECT_EQ(response["metadata"]["name"], "c");
  Expect(404, "GET", kConfigMap);
}

TEST_P(UpdateTest, NoNewFinalizersWhileDeleting) {  // R2.9
  Expect(201, "POST", "/api/v1/namespaces/default/configmaps",
         {{"metadata", {{"name", "c"}, {"finalizers", {"example.com/hold"}}}}});
  nlohmann::json deleting = Expect(200, "DELETE", kConfigMap);
  deleting["metadata"]["finalizers"].push_back("example.com/more");
  const nlohmann::json status = Expect(422, "PUT", kConfigMap, deleting);
  EXPECT_NE(status["message"].get<std::string>().find(
                "no new finalizers can be added if the object is being deleted, found new "
                "finalizers []string{\"example.com/more\"}"),
            std::string::npos)
      << status["message"];
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(UpdateTest);

}  // namespace
}  // namespace kubefake::fakeserver
