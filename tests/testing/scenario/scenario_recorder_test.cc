// ScenarioRecorder against FakeClientset (in process) and TestServer (HTTP): the initial state
// becomes objects without server-set fields (R2), watch events become create / update /
// updateStatus / delete steps, graceful and cascading deletions are one delete (R4.3, R4.7,
// R4.9), the namespace and resource filters hold, custom resources bring their CRD, and
// expect_final ends the scenario with a check that a replay left what the recorded server held.
#include "kubefake/testing/scenario/scenario_recorder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kubefake/api/error.h"
#include "kubefake/api/yaml_codec.h"
#include "kubefake/testing/either_door.h"
#include "kubefake/testing/fake_clientset.h"
#include "kubefake/testing/matchers.h"
#include "kubefake/testing/scenario/run_scenario.h"
#include "kubefake/testing/scenario/scenario_matchers.h"
#include "kubefake/testing/scenario/scenario_reader.h"
#include "../test_resources.h"

namespace kubefake::testkit {
namespace {

using testing::Contains;
using testing::ElementsAre;
using testing::Not;

const api::GroupVersionResource kPods{"", "v1", "pods"};
const api::GroupVersionResource kNamespaces{"", "v1", "namespaces"};
const api::GroupVersionResource kCrds{"apiextensions.k8s.io", "v1", "customresourcedefinitions"};
const api::GroupVersionResource kGadgets{"example.com", "v1", "gadgets"};

const nlohmann::json kDemo = R"({"apiVersion": "v1", "kind": "Namespace",
                                 "metadata": {"name": "demo"}})"_json;
const nlohmann::json kStaging = R"({"apiVersion": "v1", "kind": "Namespace",
                                    "metadata": {"name": "staging"}})"_json;
const nlohmann::json kWebDeployment = R"({
  "apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "web", "namespace": "demo", "labels": {"app": "web"}},
  "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
           "template": {"metadata": {"labels": {"app": "web"}},
                        "spec": {"containers": [{"name": "app", "image": "nginx"}]}}}
})"_json;
const nlohmann::json kGadgetCrd = R"({
  "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
  "metadata": {"name": "gadgets.example.com"},
  "spec": {"group": "example.com", "scope": "Namespaced",
           "names": {"plural": "gadgets", "singular": "gadget", "kind": "Gadget"},
           "versions": [{"name": "v1", "served": true, "storage": true,
                         "subresources": {"status": {}},
                         "schema": {"openAPIV3Schema": {"type": "object",
                                    "x-kubernetes-preserve-unknown-fields": true}}}]}
})"_json;

nlohmann::json ConfigMap(const std::string& ns, const std::string& name) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"namespace", ns}}},
          {"data", {{"color", "blue"}}}};
}

nlohmann::json Gadget(const std::string& name) {
  return {{"apiVersion", "example.com/v1"},
          {"kind", "Gadget"},
          {"metadata", {{"name", name}, {"namespace", "demo"}}},
          {"spec", {{"size", 2}}}};
}

std::vector<std::string> StepNames(const nlohmann::json& scenario) {
  std::vector<std::string> names;
  for (const nlohmann::json& step : scenario["steps"]) names.push_back(step["name"]);
  return names;
}

class ScenarioRecorderTest : public testing::TestWithParam<ClientsetDoor> {
 protected:
  void Seed(std::vector<nlohmann::json> objects) {
    auto fake = GetParam().make({.objects = std::move(objects)});
    ASSERT_THAT(fake, IsOk());
    fake_ = std::move(*fake);
  }
  void Record(ScenarioRecorderOptions options) {
    auto recorder = ScenarioRecorder::Start(fake_->Config(), std::move(options));
    ASSERT_THAT(recorder, IsOk());
    recorder_ = std::move(*recorder);
  }
  // Waits for `count` steps, then stops recording and returns the scenario.
  nlohmann::json StepsRecorded(size_t count) {
    EXPECT_TRUE(
        recorder_->WaitForSteps(count, std::chrono::steady_clock::now() + std::chrono::seconds(10)))
        << "recorded: " << recorder_->Scenario().dump();
    recorder_->Stop();
    return recorder_->Scenario();
  }
  // Waits until a step named `name` is recorded.
  bool WaitForStep(const std::string& name) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (size_t count = 1; recorder_->WaitForSteps(count, deadline); ++count) {
      if (testing::Value(StepNames(recorder_->Scenario()), Contains(name))) return true;
    }
    return false;
  }
  client::DynamicResource Resource(const api::GroupVersionResource& gvr,
                                   const std::string& ns = "") {
    return fake_->Dynamic().Resource(gvr).Namespace(ns);
  }

  std::unique_ptr<FakeClientset> fake_;
  std::unique_ptr<ScenarioRecorder> recorder_;
};

TEST_P(ScenarioRecorderTest, InitialStateBecomesObjectsWithoutServerSetFields) {
  Seed({kDemo, kWebDeployment, ConfigMap("demo", "settings")});
  Record({.name = "initial", .resources = {"namespaces", "deployments.apps", "configmaps"}});
  recorder_->Stop();
  const nlohmann::json scenario = recorder_->Scenario();

  EXPECT_EQ(scenario["apiVersion"], "kubefake.dev/v1alpha1");
  EXPECT_EQ(scenario["kind"], "Scenario");
  EXPECT_EQ(scenario["metadata"]["name"], "initial");
  EXPECT_EQ(scenario["steps"], nlohmann::json::array());
  // The namespace first; default and kube-system are in every fresh server and left out.
  const nlohmann::json& objects = scenario["objects"];
  ASSERT_EQ(objects.size(), 3u) << objects.dump();
  EXPECT_THAT(objects[0], HasName("demo"));
  EXPECT_THAT(objects, Contains(MatchesYaml("{kind: ConfigMap, metadata: {name: settings}, "
                                            "data: {color: blue}}")));
  for (const nlohmann::json& object : objects) {
    for (const char* field :
         {"uid", "resourceVersion", "creationTimestamp", "managedFields", "generation"}) {
      EXPECT_FALSE(object["metadata"].contains(field)) << field << " in " << object.dump();
    }
  }
  EXPECT_THAT(objects, Contains(MatchesYaml("{kind: Deployment, spec: {replicas: 2}}")));
}

TEST_P(ScenarioRecorderTest, OwnersComeBeforeDependentsAndLoseTheirUids) {
  Seed({kDemo, kWebDeployment});
  auto web = Resource(kDeployments, "demo").Get("web");
  ASSERT_THAT(web, IsOk());
  nlohmann::json owned = ConfigMap("demo", "a-owned");
  owned["metadata"]["ownerReferences"] = {{{"apiVersion", "apps/v1"},
                                           {"kind", "Deployment"},
                                           {"name", "web"},
                                           {"uid", (*web)["metadata"]["uid"]}}};
  ASSERT_THAT(Resource(kConfigMaps, "demo").Create(owned), IsOk());
  Record({.resources = {"configmaps", "deployments.apps", "namespaces"}});
  recorder_->Stop();
  const nlohmann::json objects = recorder_->Scenario()["objects"];

  std::vector<std::string> names;
  for (const nlohmann::json& object : objects) names.push_back(object["metadata"]["name"]);
  // configmaps sort before deployments, but the owner goes first.
  EXPECT_THAT(names, ElementsAre("demo", "web", "a-owned"));
  EXPECT_EQ(objects[2]["metadata"]["ownerReferences"],
            R"([{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}])"_json);
}

TEST_P(ScenarioRecorderTest, RecordedObjectsLoadIntoAFreshServer) {
  auto fake = GetParam().make({.fixtures = {KUBEFAKE_FIXTURES_DIR "/default"}});
  ASSERT_THAT(fake, IsOk());
  fake_ = std::move(*fake);
  Record({});
  recorder_->Stop();
  const nlohmann::json objects = recorder_->Scenario()["objects"];

  std::vector<nlohmann::json> loaded(objects.begin(), objects.end());
  auto replayed = FakeClientset::New({.objects = loaded});
  ASSERT_THAT(replayed, IsOk());
  auto pods = (*replayed)->Dynamic().Resource(kPods).Namespace("demo").List();
  ASSERT_THAT(pods, IsOk());
  ASSERT_EQ((*pods)["items"].size(), 2u);
  // Owner references point at the replayed owners again (LoadFixtures fills the uids).
  auto replica_set = (*replayed)
                         ->Dynamic()
                         .Resource({"apps", "v1", "replicasets"})
                         .Namespace("demo")
                         .Get("web-7c9d8b6f5d");
  ASSERT_THAT(replica_set, IsOk());
  EXPECT_EQ((*pods)["items"][0]["metadata"]["ownerReferences"][0]["uid"],
            (*replica_set)["metadata"]["uid"]);
}

TEST_P(ScenarioRecorderTest, CreateUpdateAndDeleteBecomeStepsInOrder) {
  Seed({kDemo});
  Record({.resources = {"configmaps", "namespaces"}});
  auto configmaps = Resource(kConfigMaps, "demo");
  ASSERT_THAT(configmaps.Create(ConfigMap("demo", "settings")), IsOk());
  nlohmann::json changed = *configmaps.Get("settings");
  changed["data"]["color"] = "green";
  ASSERT_THAT(configmaps.Update(changed), IsOk());
  ASSERT_THAT(configmaps.Delete("settings"), IsOk());

  const nlohmann::json scenario = StepsRecorded(3);
  EXPECT_THAT(StepNames(scenario),
              ElementsAre("create configmaps demo/settings", "update configmaps demo/settings",
                          "delete configmaps demo/settings"));
  const nlohmann::json& steps = scenario["steps"];
  EXPECT_THAT(steps[0]["create"], MatchesYaml("{metadata: {name: settings, namespace: demo}, "
                                              "data: {color: blue}}"));
  EXPECT_FALSE(steps[1]["update"]["metadata"].contains("resourceVersion"));
  EXPECT_THAT(steps[1]["update"], MatchesYaml("data: {color: green}"));
  EXPECT_EQ(steps[2]["delete"], R"({"apiVersion": "v1", "kind": "ConfigMap",
                                    "namespace": "demo", "name": "settings"})"_json);
}

TEST_P(ScenarioRecorderTest, StatusChangesAreUpdateStatusStepsAndCreatesLeaveStatusOut) {
  Seed({kDemo, kWebDeployment});
  Record({.resources = {"deployments.apps"}});
  auto deployments = Resource(kDeployments, "demo");
  nlohmann::json status = *deployments.Get("web");
  status["status"] = {{"replicas", 2}, {"readyReplicas", 1}};
  ASSERT_THAT(deployments.UpdateStatus(status), IsOk());
  nlohmann::json api = kWebDeployment;
  api["metadata"]["name"] = "api";
  ASSERT_THAT(deployments.Create(api), IsOk());

  const nlohmann::json scenario = StepsRecorded(2);
  EXPECT_THAT(StepNames(scenario), ElementsAre("updateStatus deployments.apps demo/web",
                                               "create deployments.apps demo/api"));
  EXPECT_THAT(scenario["steps"][0]["updateStatus"],
              MatchesYaml("status: {replicas: 2, readyReplicas: 1}"));
  EXPECT_FALSE(scenario["steps"][1]["create"].contains("status"));
}

TEST_P(ScenarioRecorderTest, GracefulPodDeletionIsOneDeleteStep) {  // R4.7
  Seed({kDemo});
  Record({.resources = {"pods"}});
  const nlohmann::json pod = R"({
    "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "demo"},
    "spec": {"nodeName": "worker", "terminationGracePeriodSeconds": 5,
             "containers": [{"name": "app", "image": "nginx"}]}})"_json;
  auto pods = Resource(kPods, "demo");
  ASSERT_THAT(pods.Create(pod), IsOk());
  ASSERT_THAT(pods.Delete("p"), IsOk());
  ASSERT_THAT(pods.Get("p"), IsOk());  // still there: deletionTimestamp set, grace running
  fake_->Clock().Step(std::chrono::seconds(6));
  fake_->Server().Settle();
  ASSERT_THAT(pods.Get("p"), ErrorIs(api::Reason::kNotFound));
  // A later event on the same watch: the DELETED event arrived before it.
  nlohmann::json marker = pod;
  marker["metadata"]["name"] = "q";
  ASSERT_THAT(pods.Create(marker), IsOk());

  ASSERT_TRUE(WaitForStep("create pods demo/q"));
  recorder_->Stop();
  // The server sets a new pod's status (phase Pending), so each create has its updateStatus.
  EXPECT_THAT(StepNames(recorder_->Scenario()),
              ElementsAre("create pods demo/p", "updateStatus pods demo/p", "delete pods demo/p",
                          "create pods demo/q", "updateStatus pods demo/q"));
}

TEST_P(ScenarioRecorderTest, NamespaceDeletionIsOneDeleteWithoutItsContent) {  // R4.9
  Seed({kDemo, kStaging, ConfigMap("demo", "settings")});
  Record({.resources = {"namespaces", "configmaps"}});
  ASSERT_THAT(Resource(kNamespaces).Delete("demo"), IsOk());
  fake_->Server().Settle();
  ASSERT_THAT(Resource(kNamespaces).Get("demo"), ErrorIs(api::Reason::kNotFound));
  // The configmap's DELETED event comes before this one on the configmaps watch.
  ASSERT_THAT(Resource(kConfigMaps, "staging").Create(ConfigMap("staging", "marker")), IsOk());

  ASSERT_TRUE(WaitForStep("create configmaps staging/marker"));
  ASSERT_TRUE(WaitForStep("delete namespaces demo"));  // on the other watch
  recorder_->Stop();
  EXPECT_THAT(StepNames(recorder_->Scenario()),
              ElementsAre("delete namespaces demo", "create configmaps staging/marker"));
}

TEST_P(ScenarioRecorderTest, CustomResourcesAreRecordedLikeBuiltInOnes) {
  Seed({kDemo, kGadgetCrd, Gadget("first")});
  Record({.namespace_ = "demo"});
  EXPECT_THAT(recorder_->Resources(), Contains("gadgets.example.com"));
  EXPECT_THAT(recorder_->Scenario()["objects"],
              Contains(MatchesYaml("{kind: Gadget, metadata: {name: first}, spec: {size: 2}}")));
  nlohmann::json gadget = Gadget("second");
  ASSERT_THAT(Resource(kGadgets, "demo").Create(gadget), IsOk());
  gadget = *Resource(kGadgets, "demo").Get("second");
  gadget["status"] = {{"ready", true}};
  ASSERT_THAT(Resource(kGadgets, "demo").UpdateStatus(gadget), IsOk());

  const nlohmann::json scenario = StepsRecorded(2);
  EXPECT_THAT(StepNames(scenario), ElementsAre("create gadgets.example.com demo/second",
                                               "updateStatus gadgets.example.com demo/second"));
  EXPECT_THAT(scenario["steps"][1]["updateStatus"], MatchesYaml("status: {ready: true}"));
}

TEST_P(ScenarioRecorderTest, RecordedCustomResourcesBringTheirCrdWhenCrdsAreNotWatched) {
  Seed({kDemo, kGadgetCrd, Gadget("first")});
  Record({.namespace_ = "demo"});
  EXPECT_THAT(recorder_->Resources(),
              Not(Contains("customresourcedefinitions.apiextensions.k8s.io")));
  recorder_->Stop();
  const nlohmann::json objects = recorder_->Scenario()["objects"];
  ASSERT_EQ(objects.size(), 3u) << objects.dump();
  EXPECT_THAT(objects[0], HasName("demo"));
  EXPECT_THAT(objects[1], MatchesYaml("{kind: CustomResourceDefinition, metadata: {name: "
                                      "gadgets.example.com}, spec: {group: example.com}}"));
  EXPECT_FALSE(objects[1].contains("status")) << "the replaying server establishes it";
  EXPECT_THAT(objects[2], HasName("first"));
}

// A recorded scenario as a file would hold it, read back for playing.
Result<Scenario> AsScenario(const nlohmann::json& recorded) {
  return ParseScenario(api::JsonToYaml(recorded), "recorded.yaml");
}

TEST_P(ScenarioRecorderTest, ExpectFinalChecksThatAReplayLeavesWhatTheServerHeld) {
  Seed({kDemo, kWebDeployment});
  Record({.resources = {"namespaces", "configmaps", "deployments.apps"}, .expect_final = true});
  auto configmaps = Resource(kConfigMaps, "demo");
  ASSERT_THAT(configmaps.Create(ConfigMap("demo", "settings")), IsOk());
  ASSERT_THAT(configmaps.Patch("settings", client::PatchType::kMerge,
                               R"({"metadata": {"labels": {"tier": "web"}}})"),
              IsOk());
  ASSERT_THAT(configmaps.Create(ConfigMap("demo", "scratch")), IsOk());
  ASSERT_THAT(configmaps.Delete("scratch"), IsOk());
  ASSERT_THAT(Resource(kDeployments, "demo")
                  .Patch("web", client::PatchType::kMerge, R"({"spec": {"replicas": 5}})"),
              IsOk());

  const nlohmann::json recorded = StepsRecorded(5);
  const nlohmann::json& last = recorded["steps"].back();
  EXPECT_EQ(last["name"], "the recorded final state");
  const nlohmann::json& expected = last["expect"]["objects"];
  ASSERT_EQ(expected.size(), 3u) << "demo, web and settings; scratch is gone: " << expected.dump();
  EXPECT_THAT(expected, Contains(MatchesYaml("{kind: Deployment, metadata: {name: web}, "
                                             "spec: {replicas: 5}}")));
  EXPECT_THAT(expected, Contains(MatchesYaml("{kind: ConfigMap, metadata: {name: settings, "
                                             "labels: {tier: web}}, data: {color: blue}}")));
  for (const nlohmann::json& object : expected) {
    EXPECT_FALSE(object.contains("status")) << object.dump();
    EXPECT_FALSE(object["metadata"].contains("uid")) << object.dump();
  }

  Result<Scenario> replay = AsScenario(recorded);
  ASSERT_THAT(replay, IsOk());
  EXPECT_THAT(RunScenario(*replay), ScenarioPassed());
  // Without the scale step, the replay ends with 2 replicas and the final expect fails.
  nlohmann::json unscaled = recorded;
  nlohmann::json& steps = unscaled["steps"];
  steps.erase(std::ranges::find_if(steps, [](const nlohmann::json& step) {
    return step["name"] == "update deployments.apps demo/web";
  }));
  Result<Scenario> partial = AsScenario(unscaled);
  ASSERT_THAT(partial, IsOk());
  const ScenarioReport report = RunScenario(*partial);
  EXPECT_THAT(report, Not(ScenarioPassed()));
  EXPECT_THAT(report.String(), testing::HasSubstr("Deployment demo/web whose spec.replicas is 2, "
                                                  "not 5"));
}

TEST_P(ScenarioRecorderTest, ACrdCreatedWhileRecordingHasItsResourcesRecordedToo) {
  Seed({kDemo});
  Record({});
  EXPECT_THAT(recorder_->Resources(), Not(Contains("widgets.example.com")));
  nlohmann::json widgets = kGadgetCrd;
  widgets["metadata"]["name"] = "widgets.example.com";
  widgets["spec"]["names"] = {{"plural", "widgets"}, {"singular", "widget"}, {"kind", "Widget"}};
  ASSERT_THAT(Resource(kCrds).Create(widgets), IsOk());
  nlohmann::json widget = Gadget("w");
  widget["kind"] = "Widget";
  ASSERT_THAT(Resource({"example.com", "v1", "widgets"}, "demo").Create(widget), IsOk());

  ASSERT_TRUE(WaitForStep("create widgets.example.com demo/w"));
  recorder_->Stop();
  const std::vector<std::string> names = StepNames(recorder_->Scenario());
  EXPECT_EQ(names.front(),
            "create customresourcedefinitions.apiextensions.k8s.io widgets.example.com");
  EXPECT_EQ(names.back(), "create widgets.example.com demo/w");
}

TEST_P(ScenarioRecorderTest, NamespaceFilterRecordsOnlyThatNamespace) {
  Seed({kDemo, kStaging});
  Record({.namespace_ = "demo"});
  const std::vector<std::string> resources = recorder_->Resources();
  EXPECT_THAT(resources, Contains("namespaces"));
  EXPECT_THAT(resources, Not(Contains("nodes")));
  EXPECT_THAT(resources, Not(Contains("events")));
  EXPECT_THAT(resources, Not(Contains("leases.coordination.k8s.io")));
  EXPECT_THAT(recorder_->Scenario()["objects"], ElementsAre(HasName("demo")));
  // Same watch: the staging event, were it recorded, would come first.
  ASSERT_THAT(Resource(kConfigMaps, "staging").Create(ConfigMap("staging", "other")), IsOk());
  ASSERT_THAT(Resource(kConfigMaps, "demo").Create(ConfigMap("demo", "mine")), IsOk());
  EXPECT_THAT(StepNames(StepsRecorded(1)), ElementsAre("create configmaps demo/mine"));
}

TEST_P(ScenarioRecorderTest, ResourceFilterWatchesOnlyTheNamedResources) {
  Seed({kDemo});
  Record({.resources = {"configmaps", "deployments.apps"}});
  EXPECT_THAT(recorder_->Resources(), ElementsAre("configmaps", "deployments.apps"));
  EXPECT_EQ(recorder_->Scenario().count("objects"), 0u);  // namespaces are not recorded

  auto unknown = ScenarioRecorder::Start(fake_->Config(), {.resources = {"nothings"}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message(), "the server doesn't have a resource type \"nothings\"");
  auto unwatchable = ScenarioRecorder::Start(fake_->Config(), {.resources = {"bindings"}});
  EXPECT_THAT(unwatchable, ErrorIs(api::Reason::kBadRequest));
}

TEST_P(ScenarioRecorderTest, WrittenScenarioReadsBackAsTheSameDocument) {
  Seed({kDemo, kWebDeployment});
  Record({.resources = {"namespaces", "deployments.apps"}});
  ASSERT_THAT(Resource(kDeployments, "demo").Delete("web"), IsOk());
  const nlohmann::json scenario = StepsRecorded(1);
  const std::filesystem::path path =
      std::filesystem::path(testing::TempDir()) /
      (std::string(GetParam().name) + "-" + std::to_string(::getpid()) + "-recorded.yaml");
  ASSERT_THAT(WriteScenario(path, scenario), IsOk());
  std::ifstream in(path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_THAT(api::YamlToJson(text), testing::Optional(scenario));
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));
  std::filesystem::remove(path);
}

INSTANTIATE_TEST_SUITE_P(Doors, ScenarioRecorderTest, testing::ValuesIn(ClientsetDoors()),
                         DoorName);

}  // namespace
}  // namespace kubefake::testkit
