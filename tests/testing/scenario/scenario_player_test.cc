// PlayScenario on a FakeClientset's engine: each step kind acts through the API, expectations
// fail with readable messages naming the step and its line, and waitFor runs on virtual time.
#include "kubefake/testing/scenario/scenario_player.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "delayed_reply_controller.h"
#include "kubefake/client/dynamic_client.h"
#include "kubefake/fakeserver/action_recorder.h"
#include "kubefake/testing/fake_clientset.h"
#include "kubefake/testing/matchers.h"
#include "kubefake/testing/scenario/scenario_matchers.h"
#include "kubefake/testing/scenario/scenario_reader.h"
#include "../test_resources.h"

namespace kubefake::testkit {
namespace {

using testing::HasSubstr;
using testing::Not;

constexpr char kDeployment[] = R"({apiVersion: apps/v1, kind: Deployment,
  metadata: {name: web, namespace: demo},
  spec: {replicas: 1, selector: {matchLabels: {app: web}},
         template: {metadata: {labels: {app: web}},
                    spec: {containers: [{name: app, image: nginx}]}}}})";

class ScenarioPlayerTest : public testing::Test {
 protected:
  void SetUp() override {
    auto fake =
        FakeClientset::New({.fixtures = {KUBEFAKE_FIXTURES_DIR "/default/namespaces.yaml"}});
    ASSERT_THAT(fake, IsOk());
    fake_ = std::move(*fake);
  }

  // Plays the steps (YAML list items) of a scenario named "s.yaml".
  ScenarioReport Play(const std::string& steps) {
    Result<Scenario> scenario = ParseScenario(
        "apiVersion: kubefake.dev/v1alpha1\nkind: Scenario\nsteps:\n" + steps, "s.yaml");
    EXPECT_TRUE(scenario) << scenario.error().message();
    if (!scenario) return {};
    return PlayScenario(fake_->Server(), *scenario, {.clock = &fake_->Clock()});
  }

  client::DynamicResource ConfigMaps() {
    return fake_->Dynamic().Resource(kConfigMaps).Namespace("demo");
  }

  std::unique_ptr<FakeClientset> fake_;
};

TEST_F(ScenarioPlayerTest, RequestStepsActThroughTheApi) {
  ScenarioReport report = Play(std::string(R"(
- create: {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: demo}, data: {a: "1"}}
- update: {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: demo}, data: {a: "2"}}
- patch: {apiVersion: v1, kind: ConfigMap, namespace: demo, name: c, type: merge, patch: {data: {b: "3"}}}
- patch: {apiVersion: v1, kind: ConfigMap, namespace: demo, name: c, type: json,
          patch: [{op: add, path: /data/c, value: "4"}]}
- apply: {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: demo}, data: {d: "5"}}
  fieldManager: me
- create: )") + kDeployment + R"(
- patch: {apiVersion: apps/v1, kind: Deployment, namespace: demo, name: web, type: strategic,
          patch: {spec: {template: {spec: {containers: [{name: app, image: nginx:2}]}}}}}
- updateStatus: {apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: demo}, status: {replicas: 7}}
- patch: {apiVersion: apps/v1, kind: Deployment, namespace: demo, name: web, subresource: status,
          type: merge, patch: {status: {readyReplicas: 6}, spec: {replicas: 9}}}
- create: {apiVersion: v1, kind: ConfigMap, metadata: {name: gone, namespace: demo}}
- delete: {apiVersion: v1, kind: ConfigMap, namespace: demo, name: gone}
)");
  EXPECT_THAT(report, ScenarioPassed());
  EXPECT_THAT(ConfigMaps().Get("c"), MatchesYaml(R"(data: {a: "2", b: "3", c: "4", d: "5"})"));
  auto deployment = fake_->Dynamic().Resource(kDeployments).Namespace("demo").Get("web");
  // The status patch (R3.3) changed the status only: spec on /status is discarded.
  EXPECT_THAT(deployment, MatchesYaml("status: {replicas: 7, readyReplicas: 6}"));
  EXPECT_THAT(deployment, Not(MatchesYaml("spec: {replicas: 9}")));
  EXPECT_THAT(deployment, MatchesYaml("spec: {template: {spec: {containers: [{name: app, image: "
                                      "'nginx:2'}]}}}"));
  EXPECT_THAT(ConfigMaps().Get("gone"), ErrorIs(api::Reason::kNotFound));
  // The scenario's requests carry its user and field manager.
  auto pattern = fakeserver::ActionPattern::For("create", "configmaps");
  ASSERT_TRUE(pattern);
  const auto creates = fake_->Server().actions().List(*pattern);
  ASSERT_FALSE(creates.empty());
  EXPECT_EQ(creates.back().user, "kubefake-scenario");
  auto managers = (*ConfigMaps().Get("c"))["metadata"]["managedFields"];
  std::set<std::string> names;
  for (const auto& entry : managers) names.insert(entry["manager"]);
  EXPECT_EQ(names, (std::set<std::string>{"kubefake-scenario", "me"}));
}

TEST_F(ScenarioPlayerTest, AFailedRequestFailsTheStepWithTheServersStatus) {
  ScenarioReport report = Play(R"(
- create: {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: demo}}
- name: twice
  create: {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: demo}}
- advanceClock: 1s
)");
  EXPECT_THAT(report, Not(ScenarioPassed()));
  ASSERT_EQ(report.steps.size(), 2u) << "playing stops at the failed step";
  EXPECT_EQ(report.steps[1].String(),
            "FAIL step 2 (twice) at s.yaml:6\n"
            "    the server answered AlreadyExists (409): configmaps \"c\" already exists");
  EXPECT_THAT(report.String(), HasSubstr("FAIL s.yaml: step 2 (twice) of 3 failed"));
}

TEST_F(ScenarioPlayerTest, ExpectErrorPassesOnlyOnThatReason) {
  ScenarioReport report = Play(R"(
- create: {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: demo}}
- create: {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: demo}}
  expectError: AlreadyExists
- delete: {apiVersion: v1, kind: ConfigMap, namespace: demo, name: c}
  expectError: NotFound
)");
  ASSERT_THAT(report, Not(ScenarioPassed()));
  ASSERT_EQ(report.steps.size(), 3u);
  EXPECT_TRUE(report.steps[1].passed());
  EXPECT_EQ(report.steps[2].message, "expected the server to answer NotFound, but it succeeded");
}

TEST_F(ScenarioPlayerTest, ExpectObjectsSaysWhatDiffers) {
  ASSERT_THAT(ConfigMaps().Create(R"({"apiVersion": "v1", "kind": "ConfigMap",
      "metadata": {"name": "c"}, "data": {"mode": "a"}})"_json),
              IsOk());
  ScenarioReport report = Play(R"(
- name: mode b
  expect:
    objects:
    - {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: demo}, data: {mode: b}}
    - {apiVersion: v1, kind: ConfigMap, metadata: {name: other, namespace: demo}}
    absent:
    - {apiVersion: v1, kind: ConfigMap, namespace: demo, name: c}
)");
  ASSERT_EQ(report.steps.size(), 1u);
  EXPECT_EQ(report.steps[0].String(),
            "FAIL step 1 (mode b) at s.yaml:5\n"
            "    ConfigMap demo/c whose data.mode is \"a\", not \"b\"\n"
            "      expected (partial): "
            "{\"apiVersion\":\"v1\",\"data\":{\"mode\":\"b\"},\"kind\":\"ConfigMap\","
            "\"metadata\":{\"name\":\"c\",\"namespace\":\"demo\"}}\n"
            "    ConfigMap demo/other does not exist\n"
            "      expected (partial): "
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"other\","
            "\"namespace\":\"demo\"}}\n"
            "    expected absent: ConfigMap demo/c still exists");
}

TEST_F(ScenarioPlayerTest, ExpectActionsCountsOtherCallersUnlessTheScenarioIsNamed) {
  ScenarioReport report = Play(R"(
- create: {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: demo}}
- expect:
    actions:
    - {verb: create, resource: configmaps, count: 0}
    - {verb: create, resource: configmaps, user: kubefake-scenario, count: 1}
)");
  EXPECT_THAT(report, ScenarioPassed());
}

TEST_F(ScenarioPlayerTest, ExpectActionsCountsOnlyWhatHappenedSinceTheScenarioBegan) {
  // A client of the fake creates one before the scenario begins.
  ASSERT_THAT(
      ConfigMaps().Create(
          {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "before"}}}}),
      IsOk());
  ScenarioReport report = Play(R"(
- create: {apiVersion: v1, kind: ConfigMap, metadata: {name: first, namespace: demo}}
- create: {apiVersion: v1, kind: ConfigMap, metadata: {name: second, namespace: demo}}
- expect:
    actions:
    - {verb: create, resource: configmaps, namespace: demo, user: kubefake-scenario, max: 1}
)");
  ASSERT_EQ(report.steps.size(), 3u);
  EXPECT_EQ(report.steps[2].message,
            "expected at most 1 actions matching {\"max\":1,\"namespace\":\"demo\","
            "\"resource\":\"configmaps\",\"user\":\"kubefake-scenario\",\"verb\":\"create\"}, "
            "found 2\n"
            "  create configmaps demo by kubefake-scenario -> 201\n"
            "  create configmaps demo by kubefake-scenario -> 201");
}

TEST_F(ScenarioPlayerTest, FaultsApplyToTheControllersRequestsUntilCleared) {
  ASSERT_THAT(Play(R"(
- fault: {verb: get, resource: configmaps, namespace: demo, fail: {code: 500, reason: InternalError, message: boom}, times: 1}
)"),
              ScenarioPassed());
  EXPECT_THAT(ConfigMaps().Get("any"), ErrorIs(api::Reason::kInternalError));
  EXPECT_THAT(ConfigMaps().Get("any"), ErrorIs(api::Reason::kNotFound));  // times: 1

  ASSERT_THAT(Play(R"(
- fault: {verb: list, resource: configmaps, throttle: {retryAfterSeconds: 0}}
- clearFaults: true
)"),
              ScenarioPassed());
  EXPECT_THAT(ConfigMaps().List(), IsOk());
}

TEST_F(ScenarioPlayerTest, AdvanceClockStepsTheFakeClock) {
  const auto start = fake_->Clock().Now();
  ASSERT_THAT(Play("- advanceClock: 1m30s\n"), ScenarioPassed());
  EXPECT_EQ(fake_->Clock().Now() - start, std::chrono::seconds(90));

  Result<Scenario> scenario = ParseScenario(
      "apiVersion: kubefake.dev/v1alpha1\nkind: Scenario\nsteps:\n- advanceClock: 1s\n", "s");
  ASSERT_TRUE(scenario);
  ScenarioReport report = PlayScenario(fake_->Server(), *scenario, {.clock = nullptr});
  ASSERT_EQ(report.steps.size(), 1u);
  EXPECT_EQ(report.steps[0].message,
            "advanceClock needs the engine to run on a FakeClock (PlayOptions::clock)");
}

TEST_F(ScenarioPlayerTest, WaitForAdvancesVirtualTimeToTheControllersTimer) {
  DelayedReplyController controller(fake_->Clock(), std::chrono::seconds(20));
  ASSERT_THAT(controller.Start(fake_->Config()), IsOk());
  const auto start = fake_->Clock().Now();
  ScenarioReport report = Play(R"(
- create: {apiVersion: v1, kind: ConfigMap, metadata: {name: request, namespace: demo}}
- waitFor:
    object: {apiVersion: v1, kind: ConfigMap, metadata: {name: reply, namespace: demo}}
    timeout: 1m
)");
  EXPECT_THAT(report, ScenarioPassed());
  // The reply came when the clock reached the controller's 20 s timer, not before.
  EXPECT_GE(fake_->Clock().Now() - start, std::chrono::seconds(20));
  EXPECT_LT(fake_->Clock().Now() - start, std::chrono::seconds(60));
}

TEST_F(ScenarioPlayerTest, WaitForFailsAtTheVirtualTimeout) {
  DelayedReplyController controller(fake_->Clock(), std::chrono::seconds(20));
  ASSERT_THAT(controller.Start(fake_->Config()), IsOk());
  const auto start = fake_->Clock().Now();
  ScenarioReport report = Play(R"(
- create: {apiVersion: v1, kind: ConfigMap, metadata: {name: request, namespace: demo}}
- name: too impatient
  waitFor:
    object: {apiVersion: v1, kind: ConfigMap, metadata: {name: reply, namespace: demo}}
    timeout: 10s
)");
  ASSERT_EQ(report.steps.size(), 2u);
  EXPECT_EQ(report.steps[1].String(),
            "FAIL step 2 (too impatient) at s.yaml:6\n"
            "    timed out after 10s on the fake clock: ConfigMap demo/reply does not exist");
  EXPECT_EQ(fake_->Clock().Now() - start, std::chrono::seconds(10));
}

TEST_F(ScenarioPlayerTest, WaitForAbsentLetsAPodsGracePeriodPass) {
  ScenarioReport report = Play(R"(
- create: {apiVersion: v1, kind: Pod, metadata: {name: p, namespace: demo},
           spec: {nodeName: node-1, terminationGracePeriodSeconds: 5, containers: [{name: c, image: busybox}]}}
- delete: {apiVersion: v1, kind: Pod, namespace: demo, name: p}
- expect:
    objects: [{apiVersion: v1, kind: Pod, metadata: {name: p, namespace: demo, deletionGracePeriodSeconds: 5}}]
- waitFor:
    absent: {apiVersion: v1, kind: Pod, namespace: demo, name: p}
)");
  EXPECT_THAT(report, ScenarioPassed());
}

TEST_F(ScenarioPlayerTest, WaitForWithoutVirtualTimeWaitsInRealTime) {
  Result<Scenario> scenario = ParseScenario(R"(apiVersion: kubefake.dev/v1alpha1
kind: Scenario
steps:
- waitFor:
    absent: {apiVersion: v1, kind: ConfigMap, namespace: demo, name: c}
    timeout: 50ms
)",
                                            "s");
  ASSERT_TRUE(scenario);
  ASSERT_THAT(ConfigMaps().Create(
                  {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "c"}}}}),
              IsOk());
  const auto start = fake_->Clock().Now();
  ScenarioReport report =
      PlayScenario(fake_->Server(), *scenario, {.clock = &fake_->Clock(), .virtual_time = false});
  ASSERT_EQ(report.steps.size(), 1u);
  EXPECT_EQ(report.steps[0].message, "timed out after 0.05s: ConfigMap demo/c still exists");
  EXPECT_EQ(fake_->Clock().Now(), start) << "real-time waits leave the fake clock alone";
}

}  // namespace
}  // namespace kubefake::testkit
