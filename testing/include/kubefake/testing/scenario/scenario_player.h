// ScenarioPlayer: plays a Scenario's steps against a fake apiserver engine, through its API, as
// user and field manager "kubefake-scenario" (so expectations on actions can tell the scenario's
// requests from the controller's), and reports each step. Seeding the scenario's objects is
// LoadFixtures(server, scenario.fixtures), done before (and a controller started in between).
//
// Waiting (waitFor): the condition is checked again after every request the engine serves
// (ActionRecorder::WaitForSize), so a waitFor ends as soon as the controller's write lands.
// With virtual_time (the engine and the controller share a FakeClock), the timeout is time on
// that clock: whenever the condition fails and the engine has served no request for
// `quiet_interval` of real time, the player moves the clock to the next pending timer
// (FakeClock::NextDeadline) if it falls within the timeout, else by one second, until the
// timeout is reached. A controller's requeue delays, backoffs and resyncs therefore elapse at
// once, in order, and a waitFor that cannot succeed fails after about 30 quiet intervals for a
// 30s timeout. `wall_guard` of real time bounds every wait anyway (a controller that never goes
// quiet). Without virtual_time the timeout is real time (a controller in another process has its
// own clock).
//
// expect.actions counts what the engine recorded since `count_actions_from`. The engine's action
// recording is switched on when playing starts. Thread-hostile: one
// scenario plays at a time on an engine; the controller may use the engine from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>

#include "kubefake/fakeserver/api_server.h"
#include "kubefake/testing/fake_clock.h"
#include "kubefake/testing/scenario/scenario.h"
#include "kubefake/testing/scenario/scenario_report.h"

namespace kubefake::testkit {

struct PlayOptions {
  // The engine's clock when it is a FakeClock (not owned; must outlive the play). advanceClock
  // steps it; without one an advanceClock step fails.
  FakeClock* clock = nullptr;
  // waitFor timeouts in virtual time on `clock`, advanced while the engine is quiet (above).
  bool virtual_time = true;
  std::chrono::milliseconds quiet_interval{50};
  std::chrono::seconds wall_guard{60};
  // Where expect.actions starts counting: an index into the engine's recorded actions, e.g. its
  // ActionRecorder::Size() right after seeding, so a controller's requests at its start count.
  // nullopt: from when PlayScenario starts.
  std::optional<size_t> count_actions_from{};
  // Called after each step with its report (a command line prints progress with it).
  std::function<void(const StepReport&)> on_step{};
};

// Plays `scenario.steps` in order on `server`, stopping at the first step that fails.
ScenarioReport PlayScenario(fakeserver::ApiServer& server, const Scenario& scenario,
                            const PlayOptions& options = {});

}  // namespace kubefake::testkit
