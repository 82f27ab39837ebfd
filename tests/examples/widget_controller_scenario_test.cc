// The example controller under the scenarios of examples/widget_controller/scenarios/, played by
// testkit::RunScenario on both doors: the controller starts between seeding and the first step
// on the fake's config and FakeClock, so its requeue backoffs pass on virtual time while a
// waitFor waits (fixtures/README.md, "Waiting and time").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "kubefake/api/error.h"
#include "kubefake/testing/matchers.h"
#include "kubefake/testing/scenario/run_scenario.h"
#include "kubefake/testing/scenario/scenario_matchers.h"
#include "widget_controller.h"

namespace example {
namespace {

using kubefake::testkit::FakeClientset;
using kubefake::testkit::RunScenario;
using kubefake::testkit::RunScenarioOptions;
using kubefake::testkit::ScenarioPassed;

struct Door {
  const char* name;
  bool over_http;
};

class WidgetControllerScenarioTest : public testing::TestWithParam<Door> {
 protected:
  // Options that run the controller on its own thread once the scenario's objects are seeded,
  // and return once its informers have synced; the controller stops after the last step,
  // noting how often the scenarios' Widget staging/w was still to be retried.
  RunScenarioOptions Options() {
    RunScenarioOptions options;
    options.over_http = GetParam().over_http;
    options.start_controller = [this](FakeClientset& fake) -> kubefake::Result<void> {
      auto controller = WidgetController::New(fake.Config(), fake.SharedClock());
      if (!controller) return kubefake::Fail(controller.error());
      controller_ = std::move(*controller);
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
      runner_ = std::jthread([this, deadline](std::stop_token stop) {
        run_result_ = controller_->Run(stop, deadline);
      });
      if (!controller_->WaitForCacheSync(deadline)) {
        return kubefake::Fail(
            kubefake::api::NewTimeoutError("the widget controller's caches did not sync", 0));
      }
      return {};
    };
    // The controller goes before the fake: its idle keep-alive connections would hold up the
    // TestServer's shutdown.
    options.stop_controller = [this] {
      runner_ = {};
      requeues_at_stop_ = controller_->NumRequeues("staging/w");
      controller_.reset();
    };
    return options;
  }

  void TearDown() override { EXPECT_THAT(run_result_, kubefake::testkit::IsOk()); }

  std::unique_ptr<WidgetController> controller_;
  kubefake::Result<void> run_result_;
  std::jthread runner_;
  int requeues_at_stop_ = -1;
};

TEST_P(WidgetControllerScenarioTest, WidgetGetsADeploymentScaledReadiedAndDeleted) {
  EXPECT_THAT(RunScenario(WIDGET_SCENARIOS_DIR "/widget-gets-a-deployment.yaml", Options()),
              ScenarioPassed());
}

// Two Conflicts on the status update requeue the Widget for 5 ms, then 10 ms of the FakeClock;
// the scenario's 1s waitFor passes only because the player moves that clock while it waits.
TEST_P(WidgetControllerScenarioTest, StatusConflictsAreRetriedOnVirtualTime) {
  EXPECT_THAT(RunScenario(WIDGET_SCENARIOS_DIR "/widget-status-conflicts.yaml", Options()),
              ScenarioPassed());
  EXPECT_EQ(requeues_at_stop_, 0) << "forgotten once the status landed";
}

INSTANTIATE_TEST_SUITE_P(Doors, WidgetControllerScenarioTest,
                         testing::Values(Door{"FakeClientset", false}, Door{"TestServer", true}),
                         [](const testing::TestParamInfo<Door>& info) { return info.param.name; });

}  // namespace
}  // namespace example
