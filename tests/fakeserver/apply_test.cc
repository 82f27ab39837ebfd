// Engine tests for server-side apply (R8.7-R8.10, R5.4, R3.3, R3.8, R3.10, R2.2): create by
// apply, ownership, conflicts, force, removal, list types, /status, managedFields shapes and
// the request checks, on ConfigMaps, Deployments and a custom resource.
#include <chrono>
#include <string>

#include "crd_test.h"

namespace kubefake::fakeserver {
namespace {

constexpr char kApplyPatch[] = "application/apply-patch+yaml";

class ApplyTest : public CrdTest {
 protected:
  // Applies `config` (JSON, or YAML text) as `manager`.
  Response Apply(const std::string& path, const nlohmann::json& config, const std::string& manager,
                 Query query = {}) {
    if (!manager.empty()) query.emplace("fieldManager", manager);
    return Send("PATCH", path, config.is_string() ? config : nlohmann::json(config.dump()),
                std::move(query), kApplyPatch);
  }

  nlohmann::json ExpectApply(int status, const std::string& path, const nlohmann::json& config,
                             const std::string& manager, Query query = {}) {
    const Response response = Apply(path, config, manager, std::move(query));
    EXPECT_EQ(response.status, status) << path << ": " << response.body;
    return Json(response);
  }

  static nlohmann::json ConfigMap(nlohmann::json data) {
    return {{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", {{"name", "c"}}},
            {"data", std::move(data)}};
  }

  // The FieldsV1 of ConfigMap data keys `keys` (the map itself included).
  static nlohmann::json DataFields(std::initializer_list<const char*> keys) {
    nlohmann::json data = {{".", nlohmann::json::object()}};
    for (const char* key : keys) data[std::string("f:") + key] = nlohmann::json::object();
    return {{"f:data", data}};
  }

  static nlohmann::json Container(const std::string& name, const std::string& image) {
    return {{"name", name}, {"image", image}};
  }

  // A Deployment configuration with `containers`.
  static nlohmann::json Deployment(nlohmann::json containers, int replicas = 1) {
    const nlohmann::json labels = {{"app", "web"}};
    return {{"apiVersion", "apps/v1"},
            {"kind", "Deployment"},
            {"metadata", {{"name", "web"}}},
            {"spec",
             {{"replicas", replicas},
              {"selector", {{"matchLabels", labels}}},
              {"template",
               {{"metadata", {{"labels", labels}}},
                {"spec", {{"containers", std::move(containers)}}}}}}}};
  }

  // The managedFields entry of `manager` with `operation`, or null.
  static nlohmann::json Entry(const nlohmann::json& object, const std::string& manager,
                              const std::string& operation = "Apply") {
    for (const nlohmann::json& entry : object["metadata"]["managedFields"]) {
      if (entry["manager"] == manager && entry["operation"] == operation) return entry;
    }
    return nullptr;
  }

  static std::string Rv(const nlohmann::json& object) {
    return object["metadata"]["resourceVersion"].get<std::string>();
  }

  static std::vector<std::string> ContainerNames(const nlohmann::json& deployment) {
    std::vector<std::string> names;
    for (const nlohmann::json& c : deployment["spec"]["template"]["spec"]["containers"]) {
      names.push_back(c["name"]);
    }
    return names;
  }
};

TEST_P(ApplyTest, ApplyCreatesAMissingObject) {  // R8.7, R8.10
  const nlohmann::json created = ExpectApply(201, kConfigMap, ConfigMap({{"k", "v"}}), "mgr");
  EXPECT_EQ(created["data"], (nlohmann::json{{"k", "v"}}));
  EXPECT_EQ(created["metadata"]["namespace"], "default");
  ASSERT_EQ(created["metadata"]["managedFields"].size(), 1u);
  const nlohmann::json& entry = created["metadata"]["managedFields"][0];
  EXPECT_EQ(entry["manager"], "mgr");
  EXPECT_EQ(entry["operation"], "Apply");
  EXPECT_EQ(entry["apiVersion"], "v1");
  EXPECT_EQ(entry["fieldsType"], "FieldsV1");
  EXPECT_EQ(entry["fieldsV1"], DataFields({"k"}));
  EXPECT_TRUE(entry.contains("time"));
  EXPECT_EQ(Expect(200, "GET", kConfigMap), created);
}

TEST_P(ApplyTest, AYamlConfigurationIsAccepted) {  // R8.7
  const std::string yaml =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: \"yes\"\n";
  EXPECT_EQ(ExpectApply(201, kConfigMap, yaml, "mgr")["data"]["k"], "yes");
}

TEST_P(ApplyTest, ReapplyingTheSameConfigurationIsANoOp) {  // R2.2, R8.10
  const nlohmann::json first = ExpectApply(201, kConfigMap, ConfigMap({{"k", "v"}}), "mgr");
  clock_.Step(std::chrono::minutes(5));
  const nlohmann::json second = ExpectApply(200, kConfigMap, ConfigMap({{"k", "v"}}), "mgr");
  EXPECT_EQ(Rv(second), Rv(first));
  EXPECT_EQ(second["metadata"]["managedFields"], first["metadata"]["managedFields"]);
}

TEST_P(ApplyTest, TimeChangesOnlyWhenTheAppliedFieldsDo) {  // R8.10
  const nlohmann::json first = ExpectApply(201, kConfigMap, ConfigMap({{"k", "v"}}), "mgr");
  clock_.Step(std::chrono::minutes(5));
  const nlohmann::json changed_value = ExpectApply(200, kConfigMap, ConfigMap({{"k", "w"}}), "mgr");
  EXPECT_NE(Rv(changed_value), Rv(first));
  EXPECT_EQ(Entry(changed_value, "mgr")["time"], Entry(first, "mgr")["time"]);
  clock_.Step(std::chrono::minutes(5));
  const nlohmann::json new_field =
      ExpectApply(200, kConfigMap, ConfigMap({{"k", "w"}, {"n", "1"}}), "mgr");
  EXPECT_NE(Entry(new_field, "mgr")["time"], Entry(first, "mgr")["time"]);
}

TEST_P(ApplyTest, TwoManagersApplyingTheSameValueShareTheField) {  // R8.9
  ExpectApply(201, kConfigMap, ConfigMap({{"k", "v"}}), "a");
  const nlohmann::json shared = ExpectApply(200, kConfigMap, ConfigMap({{"k", "v"}}), "b");
  EXPECT_EQ(Entry(shared, "a")["fieldsV1"], DataFields({"k"}));
  EXPECT_EQ(Entry(shared, "b")["fieldsV1"], DataFields({"k"}));
}

TEST_P(ApplyTest, ADifferentValueForAnotherManagersFieldConflicts) {  // R8.9, R5.4
  ExpectApply(201, kConfigMap, ConfigMap({{"k", "v"}}), "a");
  const nlohmann::json status = ExpectApply(409, kConfigMap, ConfigMap({{"k", "w"}}), "b");
  EXPECT_EQ(status["reason"], "Conflict");
  EXPECT_EQ(status["message"], "Apply failed with 1 conflict: conflict with \"a\": .data.k");
  EXPECT_EQ(status["details"], (nlohmann::json{{"causes",
                                                {{{"reason", "FieldManagerConflict"},
                                                  {"message", "conflict with \"a\""},
                                                  {"field", ".data.k"}}}}}));
  EXPECT_EQ(Expect(200, "GET", kConfigMap)["data"]["k"], "v");
}

TEST_P(ApplyTest, ConflictsAreListedPerManager) {  // R5.4
  ExpectApply(201, kConfigMap, ConfigMap({{"k", "v"}, {"n", "1"}}), "a");
  Expect(200, "PUT", kConfigMap,
         {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", "c"}}},
          {"data", {{"k", "v"}, {"n", "1"}, {"u", "x"}}}});
  const nlohmann::json status =
      ExpectApply(409, kConfigMap, ConfigMap({{"k", "w"}, {"n", "2"}, {"u", "y"}}), "b");
  EXPECT_EQ(status["message"],
            "Apply failed with 3 conflicts: conflicts with \"a\":\n- .data.k\n- .data.n\n"
            "conflicts with \"engine-test\" using v1:\n- .data.u");
  ASSERT_EQ(status["details"]["causes"].size(), 3u);
  EXPECT_EQ(status["details"]["causes"][2]["message"], "conflict with \"engine-test\" using v1");
}

TEST_P(ApplyTest, ForceTakesOwnershipFromTheOtherManager) {  // R8.9
  ExpectApply(201, kConfigMap, ConfigMap({{"k", "v"}, {"n", "1"}}), "a");
  const nlohmann::json forced =
      ExpectApply(200, kConfigMap, ConfigMap({{"k", "w"}}), "b", {{"force", "true"}});
  EXPECT_EQ(forced["data"], (nlohmann::json{{"k", "w"}, {"n", "1"}}));
  EXPECT_EQ(Entry(forced, "a")["fieldsV1"], DataFields({"n"}));
  EXPECT_EQ(Entry(forced, "b")["fieldsV1"], DataFields({"k"}));
}

TEST_P(ApplyTest, AFieldDroppedFromTheConfigurationIsRemoved) {  // R8.8
  ExpectApply(201, kConfigMap, ConfigMap({{"k", "v"}, {"n", "1"}}), "a");
  const nlohmann::json applied = ExpectApply(200, kConfigMap, ConfigMap({{"k", "v"}}), "a");
  EXPECT_EQ(applied["data"], (nlohmann::json{{"k", "v"}}));
}

TEST_P(ApplyTest, ADroppedFieldAnotherManagerOwnsIsKept) {  // R8.8
  ExpectApply(201, kConfigMap, ConfigMap({{"k", "v"}, {"n", "1"}}), "a");
  ExpectApply(200, kConfigMap, ConfigMap({{"n", "1"}}), "b");
  const nlohmann::json applied = ExpectApply(200, kConfigMap, ConfigMap({{"k", "v"}}), "a");
  EXPECT_EQ(applied["data"], (nlohmann::json{{"k", "v"}, {"n", "1"}}));
  EXPECT_EQ(Entry(applied, "b")["fieldsV1"], DataFields({"n"}));
}

TEST_P(ApplyTest, DroppingEveryLabelRemovesTheLabelsMap) {  // R8.8
  nlohmann::json config = ConfigMap({{"k", "v"}});
  config["metadata"]["labels"] = {{"app", "web"}};
  const nlohmann::json created = ExpectApply(201, kConfigMap, config, "a");
  EXPECT_EQ(
      Entry(created, "a")["fieldsV1"]["f:metadata"],
      (nlohmann::json{
          {"f:labels", {{".", nlohmann::json::object()}, {"f:app", nlohmann::json::object()}}}}));
  const nlohmann::json applied = ExpectApply(200, kConfigMap, ConfigMap({{"k", "v"}}), "a");
  EXPECT_FALSE(applied["metadata"].contains("labels")) << applied;
}

TEST_P(ApplyTest, KeyedListsMergeItemsByKey) {  // R8.8: containers by name
  ExpectApply(201, kDeployment, Deployment({Container("web", "nginx:1")}), "user");
  // A controller applies a partial object with its own manager: one more container.
  nlohmann::json partial = {
      {"apiVersion", "apps/v1"},
      {"kind", "Deployment"},
      {"metadata", {{"name", "web"}}},
      {"spec", {{"template", {{"spec", {{"containers", {Container("sidecar", "envoy:1")}}}}}}}}};
  const nlohmann::json merged = ExpectApply(200, kDeployment, partial, "injector");
  EXPECT_EQ(ContainerNames(merged), (std::vector<std::string>{"web", "sidecar"}));
  EXPECT_EQ(Entry(merged, "injector")["fieldsV1"]["f:spec"]["f:template"]["f:spec"],
            (nlohmann::json{{"f:containers",
                             {{"k:{\"name\":\"sidecar\"}",
                               {{".", nlohmann::json::object()},
                                {"f:image", nlohmann::json::object()},
                                {"f:name", nlohmann::json::object()}}}}}}));
  // The user's next apply changes its container and keeps the sidecar it does not own.
  const nlohmann::json reapplied =
      ExpectApply(200, kDeployment, Deployment({Container("web", "nginx:2")}), "user");
  EXPECT_EQ(ContainerNames(reapplied), (std::vector<std::string>{"web", "sidecar"}));
  EXPECT_EQ(reapplied["spec"]["template"]["spec"]["containers"][0]["image"], "nginx:2");
}

TEST_P(ApplyTest, AKeyedItemDroppedFromTheConfigurationIsRemoved) {  // R8.8
  ExpectApply(201, kDeployment,
              Deployment({Container("web", "nginx:1"), Container("log", "fluent:1")}), "user");
  const nlohmann::json applied =
      ExpectApply(200, kDeployment, Deployment({Container("web", "nginx:1")}), "user");
  EXPECT_EQ(ContainerNames(applied), (std::vector<std::string>{"web"}));
}

TEST_P(ApplyTest, AConflictInAKeyedItemNamesTheItemByKey) {  // R5.4
  ExpectApply(201, kDeployment, Deployment({Container("web", "nginx:1")}), "user");
  const nlohmann::json status =
      ExpectApply(409, kDeployment, Deployment({Container("web", "nginx:2")}), "other");
  EXPECT_EQ(status["message"],
            "Apply failed with 1 conflict: conflict with \"user\": "
            ".spec.template.spec.containers[name=\"web\"].image");
}

TEST_P(ApplyTest, SetListsMergeByValue) {  // R8.8: metadata.finalizers is a set
  nlohmann::json a = ConfigMap({{"k", "v"}});
  a["metadata"]["finalizers"] = {"example.com/a"};
  ExpectApply(201, kConfigMap, a, "a");
  nlohmann::json b = ConfigMap({{"k", "v"}});
  b["metadata"]["finalizers"] = {"example.com/b"};
  const nlohmann::json merged = ExpectApply(200, kConfigMap, b, "b");
  EXPECT_EQ(merged["metadata"]["finalizers"], (nlohmann::json{"example.com/a", "example.com/b"}));
  EXPECT_EQ(
      Entry(merged, "b")["fieldsV1"]["f:metadata"],
      (nlohmann::json{{"f:finalizers", {{"v:\"example.com/b\"", nlohmann::json::object()}}}}));
  // Dropping its value removes it alone.
  const nlohmann::json dropped = ExpectApply(200, kConfigMap, ConfigMap({{"k", "v"}}), "b");
  EXPECT_EQ(dropped["metadata"]["finalizers"], (nlohmann::json{"example.com/a"}));
}

TEST_P(ApplyTest, AtomicListsAreReplacedAndOwnedWhole) {  // R8.8: container args
  nlohmann::json web = Container("web", "nginx:1");
  web["args"] = {"-a", "-b"};
  ExpectApply(201, kDeployment, Deployment({web}), "user");
  web["args"] = {"-c"};
  const nlohmann::json status = ExpectApply(409, kDeployment, Deployment({web}), "other");
  EXPECT_EQ(status["details"]["causes"][0]["field"],
            ".spec.template.spec.containers[name=\"web\"].args");
  const nlohmann::json forced =
      ExpectApply(200, kDeployment, Deployment({web}), "other", {{"force", "true"}});
  EXPECT_EQ(forced["spec"]["template"]["spec"]["containers"][0]["args"], (nlohmann::json{"-c"}));
}

TEST_P(ApplyTest, ApplyOnStatusTakesStatusFieldsOnly) {  // R3.3, R8.8
  ExpectApply(201, kDeployment, Deployment({Container("web", "nginx:1")}), "user");
  nlohmann::json config = Deployment({Container("web", "nginx:9")}, 5);
  config["status"] = {{"replicas", 3}};
  const nlohmann::json applied = ExpectApply(200, kDeploymentStatus, config, "controller");
  EXPECT_EQ(applied["status"]["replicas"], 3);
  EXPECT_EQ(applied["spec"]["replicas"], 1);
  EXPECT_EQ(applied["spec"]["template"]["spec"]["containers"][0]["image"], "nginx:1");
  const nlohmann::json entry = Entry(applied, "controller");
  EXPECT_EQ(entry["subresource"], "status");
  EXPECT_EQ(entry["fieldsV1"],
            (nlohmann::json{{"f:status", {{"f:replicas", nlohmann::json::object()}}}}));
}

TEST_P(ApplyTest, StatusInAMainEndpointApplyIsIgnored) {  // R3.3
  nlohmann::json config = Deployment({Container("web", "nginx:1")});
  config["status"] = {{"replicas", 3}};
  const nlohmann::json created = ExpectApply(201, kDeployment, config, "user");
  EXPECT_FALSE(created.contains("status") && created["status"].contains("replicas"));
  EXPECT_FALSE(Entry(created, "user")["fieldsV1"].contains("f:status"));
}

TEST_P(ApplyTest, UpdateAndApplyEntriesSitSideBySide) {  // R8.10
  CreateConfigMap("default", "c");
  const nlohmann::json applied = ExpectApply(200, kConfigMap, ConfigMap({{"n", "1"}}), "kubectl");
  const nlohmann::json update = Entry(applied, "engine-test", "Update");
  ASSERT_FALSE(update.is_null()) << applied;
  EXPECT_EQ(update["apiVersion"], "v1");
  EXPECT_EQ(Entry(applied, "kubectl")["fieldsV1"], DataFields({"n"}));
  EXPECT_EQ(applied["data"], (nlohmann::json{{"k", "v"}, {"n", "1"}}));
}

TEST_P(ApplyTest, AnUpdateAfterApplyTakesTheFieldsItChanges) {  // R8.9
  ExpectApply(201, kConfigMap, ConfigMap({{"k", "v"}}), "a");
  const Response patched = Send("PATCH", kConfigMap, nlohmann::json(R"({"data":{"k":"w"}})"), {},
                                "application/merge-patch+json");
  ASSERT_EQ(patched.status, 200) << patched.body;
  const nlohmann::json object = Json(patched);
  // The applier keeps the data map itself, which the patch did not change.
  EXPECT_EQ(Entry(object, "a")["fieldsV1"], DataFields({}));
  EXPECT_EQ(Entry(object, "engine-test", "Update")["fieldsV1"],
            (nlohmann::json{{"f:data", {{"f:k", nlohmann::json::object()}}}}));
}

TEST_P(ApplyTest, AnUpdateSendingAnEmptyEntryClearsManagedFields) {  // R8.10
  nlohmann::json object = CreateConfigMap("default", "c");
  object["metadata"]["managedFields"] = nlohmann::json::array({nlohmann::json::object()});
  object["data"]["k"] = "w";
  const nlohmann::json reset = Expect(200, "PUT", kConfigMap, object);
  EXPECT_FALSE(reset["metadata"].contains("managedFields")) << reset;
  // An update that omits managedFields keeps them.
  const nlohmann::json kept = CreateConfigMap("default", "d");
  nlohmann::json update = kept;
  update["metadata"].erase("managedFields");
  update["data"]["k"] = "w";
  EXPECT_EQ(Expect(200, "PUT", "/api/v1/namespaces/default/configmaps/d",
                   update)["metadata"]["managedFields"][0]["manager"],
            "engine-test");
}

TEST_P(ApplyTest, FieldsOfAnObjectWithoutManagedFieldsGoToBeforeFirstApply) {  // R8.10
  nlohmann::json object = CreateConfigMap("default", "c");
  object["metadata"]["managedFields"] = nlohmann::json::array();
  Expect(200, "PUT", kConfigMap, object);
  const nlohmann::json applied = ExpectApply(200, kConfigMap, ConfigMap({{"n", "1"}}), "kubectl");
  const nlohmann::json before = Entry(applied, "before-first-apply", "Update");
  ASSERT_FALSE(before.is_null()) << applied;
  EXPECT_EQ(before["fieldsV1"],
            (nlohmann::json{
                {"f:data", {{".", nlohmann::json::object()}, {"f:k", nlohmann::json::object()}}},
                {"f:metadata", {{"f:labels", nlohmann::json::object()}}}}));
  const nlohmann::json status = ExpectApply(409, kConfigMap, ConfigMap({{"k", "w"}}), "kubectl");
  EXPECT_EQ(status["message"],
            "Apply failed with 1 conflict: conflict with \"before-first-apply\" using v1: .data.k");
}

TEST_P(ApplyTest, UpdateEntriesBeyondTenMergeIntoAncientChanges) {  // R8.10
  CreateConfigMap("default", "c");                                  // engine-test owns data.k
  for (int i = 0; i < 11; ++i) {
    clock_.Step(std::chrono::seconds(1));
    const nlohmann::json patch = {{"data", {{"own" + std::to_string(i), "x"}}}};
    const Response patched =
        Send("PATCH", kConfigMap, nlohmann::json(patch.dump()),
             {{"fieldManager", "m" + std::to_string(i)}}, "application/merge-patch+json");
    ASSERT_EQ(patched.status, 200) << patched.body;
  }
  // 12 Update entries: the three oldest (engine-test, m0, m1) become ancient-changes.
  const nlohmann::json object = Expect(200, "GET", kConfigMap);
  int updates = 0;
  for (const nlohmann::json& entry : object["metadata"]["managedFields"]) {
    if (entry["operation"] == "Update") ++updates;
  }
  EXPECT_EQ(updates, 10);
  const nlohmann::json ancient = Entry(object, "ancient-changes", "Update");
  ASSERT_FALSE(ancient.is_null()) << object["metadata"]["managedFields"];
  for (const char* key : {"f:k", "f:own0", "f:own1"}) {
    EXPECT_TRUE(ancient["fieldsV1"]["f:data"].contains(key)) << key << ": " << ancient;
  }
  EXPECT_FALSE(ancient["fieldsV1"]["f:data"].contains("f:own2")) << ancient;
  EXPECT_TRUE(Entry(object, "m0", "Update").is_null());
  EXPECT_FALSE(Entry(object, "m2", "Update").is_null());
}

TEST_P(ApplyTest, KubectlServerSideApplyAndForceConflicts) {  // R8.7, R8.9
  // kubectl apply --server-side sends JSON with fieldManager=kubectl, fieldValidation=Strict
  // and force=false; --force-conflicts sends force=true.
  const Query kubectl = {
      {"fieldManager", "kubectl"}, {"fieldValidation", "Strict"}, {"force", "false"}};
  ExpectApply(201, kDeployment, Deployment({Container("web", "nginx:1")}, 2), "", kubectl);
  const nlohmann::json scale = {{"apiVersion", "apps/v1"},
                                {"kind", "Deployment"},
                                {"metadata", {{"name", "web"}}},
                                {"spec", {{"replicas", 3}}}};
  ExpectApply(200, kDeployment, scale, "hpa", {{"force", "true"}});
  const nlohmann::json status =
      ExpectApply(409, kDeployment, Deployment({Container("web", "nginx:1")}, 2), "", kubectl);
  EXPECT_EQ(status["message"],
            "Apply failed with 1 conflict: conflict with \"hpa\": .spec.replicas");
  Query forced = kubectl;
  forced.find("force")->second = "true";
  const nlohmann::json won =
      ExpectApply(200, kDeployment, Deployment({Container("web", "nginx:1")}, 2), "", forced);
  EXPECT_EQ(won["spec"]["replicas"], 2);
  EXPECT_TRUE(Entry(won, "hpa").is_null()) << won["metadata"]["managedFields"];
}

TEST_P(ApplyTest, ApplyWithoutFieldManagerIsInvalid) {  // R8.7
  const nlohmann::json status = ExpectApply(422, kConfigMap, ConfigMap({{"k", "v"}}), "");
  EXPECT_EQ(status["message"],
            "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required "
            "for apply patch");
}

TEST_P(ApplyTest, ManagedFieldsInTheConfigurationAreRejected) {  // R8.7
  nlohmann::json config = ConfigMap({{"k", "v"}});
  config["metadata"]["managedFields"] = {{{"manager", "x"}}};
  EXPECT_EQ(ExpectApply(400, kConfigMap, config, "mgr")["message"],
            "metadata.managedFields must be nil");
}

TEST_P(ApplyTest, AnotherKindOrVersionIsRejected) {  // R8.7
  nlohmann::json secret = ConfigMap({{"k", "v"}});
  secret["kind"] = "Secret";
  EXPECT_EQ(ExpectApply(400, kConfigMap, secret, "mgr")["message"],
            "invalid object type: /v1, Kind=Secret");
  nlohmann::json deployment = Deployment({Container("web", "nginx:1")});
  deployment["apiVersion"] = "apps/v1beta2";
  EXPECT_EQ(ExpectApply(400, kDeployment, deployment, "mgr")["message"],
            "Incorrect version specified in apply patch. Specified patch version: apps/v1beta2, "
            "expected: apps/v1");
}

TEST_P(ApplyTest, AnUndecodableBodyIsABadRequest) {  // R8.7
  const nlohmann::json status = ExpectApply(400, kConfigMap, std::string("a: [1"), "mgr");
  EXPECT_EQ(status["reason"], "BadRequest");
  EXPECT_TRUE(status["message"].get<std::string>().starts_with(
      "error decoding patch: error converting YAML to JSON: yaml: "))
      << status["message"];
  EXPECT_EQ(ExpectApply(400, kConfigMap, std::string("[1]"), "mgr")["message"],
            "error decoding patch: error unmarshaling JSON: while decoding JSON: json: cannot "
            "unmarshal array into Go value of type map[string]interface {}");
}

TEST_P(ApplyTest, ANameOtherThanTheUrlsIsRejected) {  // R8.7, R2.7
  nlohmann::json config = ConfigMap({{"k", "v"}});
  config["metadata"]["name"] = "d";
  EXPECT_EQ(ExpectApply(400, kConfigMap, config, "mgr")["message"],
            "the name of the object (d) does not match the name on the URL (c)");
}

TEST_P(ApplyTest, DryRunAnswersTheResultAndStoresNothing) {  // R3.8
  const nlohmann::json created =
      ExpectApply(201, kConfigMap, ConfigMap({{"k", "v"}}), "mgr", {{"dryRun", "All"}});
  EXPECT_EQ(created["data"]["k"], "v");
  Expect(404, "GET", kConfigMap);
  ExpectApply(201, kConfigMap, ConfigMap({{"k", "v"}}), "mgr");
  const nlohmann::json dry =
      ExpectApply(200, kConfigMap, ConfigMap({{"k", "w"}}), "mgr", {{"dryRun", "All"}});
  EXPECT_EQ(dry["data"]["k"], "w");
  EXPECT_EQ(Expect(200, "GET", kConfigMap)["data"]["k"], "v");
}

TEST_P(ApplyTest, AResourceVersionInTheConfigurationIsAPrecondition) {  // R8.7
  const nlohmann::json created = ExpectApply(201, kConfigMap, ConfigMap({{"k", "v"}}), "mgr");
  nlohmann::json config = ConfigMap({{"k", "w"}});
  config["metadata"]["resourceVersion"] = "1";
  EXPECT_EQ(ExpectApply(409, kConfigMap, config, "mgr")["reason"], "Conflict");
  config["metadata"]["resourceVersion"] = Rv(created);
  EXPECT_EQ(ExpectApply(200, kConfigMap, config, "mgr")["data"]["k"], "w");
}

TEST_P(ApplyTest, ARepeatedKeyFailsOnlyWithStrictValidation) {  // R3.10
  const std::string yaml =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: a\n  k: b\n";
  const std::string problem =
      "error converting YAML to JSON: yaml: unmarshal errors:\n  line 7: key \"k\" already set "
      "in map";
  EXPECT_EQ(ExpectApply(400, kConfigMap, yaml, "mgr", {{"fieldValidation", "Strict"}})["message"],
            "error strict decoding patch: " + problem);
  Expect(404, "GET", kConfigMap);
  // Warn (the default) succeeds; its warning text spans lines, which the apiserver's warning
  // recorder refuses, so no Warning header is sent.
  const Response warned = Apply(kConfigMap, yaml, "mgr");
  EXPECT_EQ(warned.status, 201) << warned.body;
  EXPECT_FALSE(warned.headers.Get("Warning").has_value());
  EXPECT_EQ(Json(warned)["data"]["k"], "b");
  const Response ignored = Apply(kConfigMap, yaml, "mgr", {{"fieldValidation", "Ignore"}});
  EXPECT_EQ(ignored.status, 200) << ignored.body;
  EXPECT_FALSE(ignored.headers.Get("Warning").has_value());
}

TEST_P(ApplyTest, AnUnknownFieldFailsWhateverTheFieldValidation) {  // R3.10
  nlohmann::json config = ConfigMap({{"k", "v"}});
  config["spec"] = {{"foo", 1}};
  for (const char* validation : {"Ignore", "Warn", "Strict"}) {
    const Response response = Apply(kConfigMap, config, "mgr", {{"fieldValidation", validation}});
    EXPECT_EQ(response.status, 500) << validation;
    EXPECT_EQ(Json(response)["message"],
              "failed to create typed patch object (/v1, Kind=ConfigMap): .spec: field not "
              "declared in schema");
  }
}

TEST_P(ApplyTest, CustomResourceListsWithoutAListTypeAreAtomic) {  // R8.8
  CreateWidgetCrd();
  const std::string widget = std::string(kWidgets) + "/w";
  ExpectApply(201, widget, Widget("w", {{"size", 1}, {"tags", {"a"}}}), "a");
  const nlohmann::json status =
      ExpectApply(409, widget, Widget("w", {{"size", 1}, {"tags", {"b"}}}), "b");
  EXPECT_EQ(status["message"], "Apply failed with 1 conflict: conflict with \"a\": .spec.tags");
  const nlohmann::json shared = ExpectApply(200, widget, Widget("w", {{"size", 1}}), "b");
  EXPECT_EQ(Entry(shared, "b")["fieldsV1"],
            (nlohmann::json{{"f:spec", {{"f:size", nlohmann::json::object()}}}}));
}

TEST_P(ApplyTest, StrategicMergePatchIsStillRefusedForCustomResources) {  // R8.1
  CreateWidgetCrd();
  ExpectApply(201, std::string(kWidgets) + "/w", Widget("w", {{"size", 1}}), "a");
  EXPECT_EQ(Send("PATCH", std::string(kWidgets) + "/w", nlohmann::json(R"({"spec":{"size":2}})"),
                 {}, "application/strategic-merge-patch+json")
                .status,
            415);
}

}  // namespace

KUBEFAKE_INSTANTIATE_ENGINE_TEST(ApplyTest);

}  // namespace kubefake::fakeserver
