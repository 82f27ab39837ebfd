// RunScenario: a FakeClientset or TestServer per run, seeded, with the controller's start and
// stop around PlayScenario.
#include "kubefake/testing/scenario/run_scenario.h"

#include <memory>
#include <utility>

#include "kubefake/fakeserver/action_recorder.h"
#include "kubefake/testing/fixtures.h"
#include "kubefake/testing/object_checks.h"
#include "kubefake/testing/scenario/scenario_reader.h"
#include "kubefake/testing/test_server.h"

namespace kubefake::testkit {
namespace {

Result<std::unique_ptr<FakeClientset>> MakeFake(const Scenario& scenario, bool over_http) {
  FakeClientsetOptions options;
  if (scenario.clock_start) options.start = *scenario.clock_start;
  if (!over_http) return FakeClientset::New(std::move(options));
  Result<std::unique_ptr<TestServer>> server = TestServer::New(std::move(options));
  if (!server) return Fail(server.error());
  return std::unique_ptr<FakeClientset>(std::move(*server));
}

}  // namespace

ScenarioReport RunScenario(const std::filesystem::path& path, RunScenarioOptions options) {
  Result<Scenario> scenario = ReadScenario(path);
  if (!scenario) return {path.string(), scenario.error().message(), {}, 0};
  return RunScenario(*scenario, std::move(options));
}

ScenarioReport RunScenario(const Scenario& scenario, RunScenarioOptions options) {
  ScenarioReport failed{scenario.file, "", {}, static_cast<int>(scenario.steps.size())};
  Result<std::unique_ptr<FakeClientset>> fake = MakeFake(scenario, options.over_http);
  if (!fake) {
    failed.error = "building the fake: " + DescribeError(fake.error());
    return failed;
  }
  if (Result<void> seeded = LoadFixtures((*fake)->Server(), scenario.fixtures); !seeded) {
    failed.error = "seeding: " + seeded.error().message();
    return failed;
  }
  fakeserver::ActionRecorder& actions = (*fake)->Server().actions();
  actions.SetRecording(true);
  options.play.count_actions_from = actions.Size();
  if (options.start_controller) {
    if (Result<void> started = options.start_controller(**fake); !started) {
      failed.error = "starting the controller: " + DescribeError(started.error());
      return failed;
    }
  }
  options.play.clock = &(*fake)->Clock();
  ScenarioReport report = PlayScenario((*fake)->Server(), scenario, options.play);
  if (options.stop_controller) options.stop_controller();
  return report;
}

}  // namespace kubefake::testkit
