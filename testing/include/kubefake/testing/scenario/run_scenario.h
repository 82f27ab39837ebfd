// RunScenario: plays a scenario file against a controller under test in a gtest, on a fresh
// fake (in-process FakeClientset, or TestServer over loopback HTTP) seeded with the scenario's
// objects. Thread-compatible.
//
//   RunScenarioOptions options;
//   options.start_controller = [&](FakeClientset& fake) -> Result<void> {
//     controller = std::make_unique<WidgetController>(fake.Config(), fake.SharedClock());
//     return controller->Start();
//   };
//   options.stop_controller = [&] { controller.reset(); };
//   EXPECT_THAT(RunScenario(KUBEFAKE_FIXTURES_DIR "/scenarios/widget.yaml", options),
//               ScenarioPassed());  // scenario_matchers.h
#pragma once

#include <filesystem>
#include <functional>

#include "kubefake/api/result.h"
#include "kubefake/testing/fake_clientset.h"
#include "kubefake/testing/scenario/scenario.h"
#include "kubefake/testing/scenario/scenario_player.h"
#include "kubefake/testing/scenario/scenario_report.h"

namespace kubefake::testkit {

struct RunScenarioOptions {
  // Serve the engine over loopback HTTP (TestServer): the controller's config then talks HTTP.
  bool over_http = false;
  // Starts the controller under test once the scenario's objects are seeded, before the first
  // step. It gets the fake: Config() for its clients, Clock() / SharedClock() for its informers
  // and work queues (the clock waitFor advances). An error is reported as the scenario's error.
  std::function<Result<void>(FakeClientset& fake)> start_controller;
  // Stops it after the last step played, before the fake is destroyed.
  std::function<void()> stop_controller;
  // How to play (progress callback, quiet interval, wall-clock guard); `clock` is set to the
  // fake's clock.
  PlayOptions play;
};

// Reads the scenario (ReadScenario), builds the fake on a FakeClock starting at the scenario's
// clock.start, seeds it, starts the controller, plays the steps and stops the controller.
// expect.actions counts from the end of seeding, so the controller's first requests count. A
// file, seeding or start failure is the report's error.
ScenarioReport RunScenario(const std::filesystem::path& path, RunScenarioOptions options = {});
ScenarioReport RunScenario(const Scenario& scenario, RunScenarioOptions options = {});

}  // namespace kubefake::testkit
