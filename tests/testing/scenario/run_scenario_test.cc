// RunScenario over both doors: the example scenarios of fixtures/scenarios/ pass, a controller
// started between seeding and the steps is driven by the scenario, and failures come back in the
// report.
#include "kubefake/testing/scenario/run_scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "delayed_reply_controller.h"
#include "kubefake/testing/scenario/scenario_matchers.h"
#include "kubefake/testing/scenario/scenario_reader.h"

namespace kubefake::testkit {
namespace {

using testing::HasSubstr;
using testing::Not;

struct Door {
  const char* name;
  bool over_http;
};

class RunScenarioTest : public testing::TestWithParam<Door> {
 protected:
  RunScenarioOptions Options() {
    RunScenarioOptions options;
    options.over_http = GetParam().over_http;
    return options;
  }
  // Options that start a DelayedReplyController (reply after 15 s) on the fake.
  RunScenarioOptions WithController() {
    RunScenarioOptions options = Options();
    options.start_controller = [this](FakeClientset& fake) -> Result<void> {
      controller_ =
          std::make_unique<DelayedReplyController>(fake.Clock(), std::chrono::seconds(15));
      return controller_->Start(fake.Config());
    };
    options.stop_controller = [this] { controller_.reset(); };
    return options;
  }
  std::unique_ptr<DelayedReplyController> controller_;
};

TEST_P(RunScenarioTest, GarbageCollectionExamplePasses) {
  EXPECT_THAT(RunScenario(KUBEFAKE_FIXTURES_DIR "/scenarios/garbage-collection.yaml", Options()),
              ScenarioPassed());
}

TEST_P(RunScenarioTest, UpdateConflictFaultExamplePasses) {
  EXPECT_THAT(RunScenario(KUBEFAKE_FIXTURES_DIR "/scenarios/update-conflict-fault.yaml", Options()),
              ScenarioPassed());
}

constexpr char kRequestReply[] = R"(apiVersion: kubefake.dev/v1alpha1
kind: Scenario
clock: {start: "2026-03-01T00:00:00Z"}
fixtures: [namespaces.yaml]
steps:
- create: {apiVersion: v1, kind: ConfigMap, metadata: {name: request, namespace: demo}}
- waitFor:
    object: {apiVersion: v1, kind: ConfigMap, metadata: {name: reply, namespace: demo}}
- expect:
    actions:
    - {verb: create, resource: configmaps, namespace: demo, count: 1}
    - {verb: watch, resource: configmaps, namespace: demo, max: 1}
)";

Result<Scenario> RequestReply() {
  return ParseScenario(kRequestReply, KUBEFAKE_FIXTURES_DIR "/default/scenario.yaml");
}

TEST_P(RunScenarioTest, DrivesAControllerStartedBetweenSeedingAndSteps) {
  Result<Scenario> scenario = RequestReply();
  ASSERT_TRUE(scenario) << scenario.error().message();
  std::vector<std::string> progress;
  RunScenarioOptions options = WithController();
  options.play.on_step = [&](const StepReport& step) { progress.push_back(step.String()); };
  EXPECT_THAT(RunScenario(*scenario, options), ScenarioPassed());
  EXPECT_EQ(progress, (std::vector<std::string>{"ok   step 1", "ok   step 2", "ok   step 3"}));
  EXPECT_EQ(controller_, nullptr) << "stopped after the steps";
}

TEST_P(RunScenarioTest, AFailingExpectationComesBackInTheReport) {
  Result<Scenario> scenario = RequestReply();
  ASSERT_TRUE(scenario);
  std::get<ExpectStep>(scenario->steps[2].action).actions[0].count = 2;
  ScenarioReport report = RunScenario(*scenario, WithController());
  EXPECT_THAT(report, Not(ScenarioPassed()));
  EXPECT_THAT(report.String(),
              HasSubstr("FAIL step 3 at " KUBEFAKE_FIXTURES_DIR "/default/scenario.yaml:9\n"
                        "    expected exactly 2 actions matching"));
}

TEST_P(RunScenarioTest, ABadFileIsTheReportsError) {
  ScenarioReport report = RunScenario(KUBEFAKE_FIXTURES_DIR "/default/web.yaml", Options());
  EXPECT_THAT(report, Not(ScenarioPassed()));
  EXPECT_THAT(report.error,
              HasSubstr("web.yaml:1: a scenario file holds one YAML document, not 8"));
}

TEST_P(RunScenarioTest, AControllerThatDoesNotStartIsTheReportsError) {
  Result<Scenario> scenario = RequestReply();
  ASSERT_TRUE(scenario);
  RunScenarioOptions options = Options();
  options.start_controller = [](FakeClientset&) -> Result<void> {
    return Fail(api::NewBadRequest("no leader"));
  };
  ScenarioReport report = RunScenario(*scenario, options);
  EXPECT_EQ(report.error, "starting the controller: BadRequest (400): no leader");
  EXPECT_TRUE(report.steps.empty());
}

INSTANTIATE_TEST_SUITE_P(Doors, RunScenarioTest,
                         testing::Values(Door{"InProcess", false}, Door{"Http", true}),
                         [](const testing::TestParamInfo<Door>& info) { return info.param.name; });

}  // namespace
}  // namespace kubefake::testkit
