// `kubefake replay`: the engine (on a FakeClock when the scenario sets clock.start or advances
// the clock, else the real clock), the scenario's fixtures, HttpServer on a free port, a
// kubeconfig, then PlayScenario with real-time waits (the controller runs on its own clock),
// printing each step as it finishes.
#include "replay_command.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "kubefake/api/go_duration.h"
#include "kubefake/fakeserver/action_recorder.h"
#include "kubefake/fakeserver/api_server.h"
#include "kubefake/fakeserver/http_server.h"
#include "kubefake/testing/fake_clock.h"
#include "kubefake/testing/fixtures.h"
#include "kubefake/testing/kubeconfig_file.h"
#include "kubefake/testing/scenario/scenario_player.h"
#include "kubefake/testing/scenario/scenario_reader.h"

namespace kubefake::cli {
namespace {

struct ReplayOptions {
  std::string scenario;
  std::string kubeconfig_out;
  std::string address = "127.0.0.1";
  int port = 0;
  std::string wait_for_client = "30s";
  uint64_t seed = 1;
};

constexpr int kPassed = 0;
constexpr int kFailed = 1;
constexpr int kBadScenario = 2;

[[noreturn]] void Exit(int code, const std::string& message) {
  std::cerr << "kubefake replay: " << message << "\n";
  std::exit(code);
}

// Blocks until a request arrives after the first `seen` actions, or `timeout` passes.
bool WaitForClient(fakeserver::ActionRecorder& actions, size_t seen,
                   std::chrono::nanoseconds timeout) {
  return actions.WaitForSize(seen + 1, std::chrono::ceil<std::chrono::milliseconds>(timeout));
}

[[noreturn]] void Replay(const ReplayOptions& options) {
  Result<testkit::Scenario> scenario = testkit::ReadScenario(options.scenario);
  if (!scenario) Exit(kBadScenario, scenario.error().message());
  Result<std::chrono::nanoseconds> wait = api::ParseGoDuration(options.wait_for_client);
  if (!wait) Exit(kBadScenario, "--wait-for-client: " + wait.error().message());

  std::unique_ptr<testkit::FakeClock> clock;
  if (scenario->clock_start || scenario->AdvancesClock()) {
    clock = std::make_unique<testkit::FakeClock>(
        scenario->clock_start.value_or(testkit::FakeClock::kDefaultStart));
  }
  fakeserver::ApiServerOptions server_options;
  server_options.clock = clock.get();
  server_options.random_seed = options.seed;
  server_options.record_actions = true;
  fakeserver::ApiServer server(std::move(server_options));
  if (Result<void> seeded = testkit::LoadFixtures(server, scenario->fixtures); !seeded) {
    Exit(kBadScenario, seeded.error().message());
  }

  fakeserver::HttpServerOptions http_options;
  http_options.address = options.address;
  http_options.port = options.port;
  fakeserver::HttpServer http(server, std::move(http_options));
  if (Result<void> started = http.Start(); !started) Exit(kFailed, started.error().message());
  if (Result<void> written =
          testkit::WriteKubeconfig(options.kubeconfig_out, {.server = http.url()});
      !written) {
    Exit(kFailed, written.error().message());
  }
  std::cout << "kubefake replay: " << scenario->file << " (" << scenario->steps.size()
            << " steps) served at " << http.url() << "; kubeconfig: " << options.kubeconfig_out
            << std::endl;
  if (!scenario->description.empty()) std::cout << scenario->description << std::endl;

  const size_t seeded_actions = server.actions().Size();
  if (wait->count() > 0) {
    std::cout << "waiting up to " << options.wait_for_client << " for a client to connect"
              << std::endl;
    if (!WaitForClient(server.actions(), seeded_actions, *wait)) {
      std::cout << "FAIL " << scenario->file << ": no client connected within "
                << options.wait_for_client << std::endl;
      http.Stop();
      std::exit(kFailed);
    }
  }

  testkit::PlayOptions play;
  play.clock = clock.get();
  play.virtual_time = false;
  play.count_actions_from = seeded_actions;
  play.on_step = [](const testkit::StepReport& step) { std::cout << step.String() << std::endl; };
  const testkit::ScenarioReport report = testkit::PlayScenario(server, *scenario, play);
  std::cout << report.Summary() << std::endl;
  http.Stop();
  std::exit(report.Passed() ? kPassed : kFailed);
}

}  // namespace

void AddReplayCommand(CLI::App& app) {
  auto options = std::make_shared<ReplayOptions>();
  CLI::App* replay = app.add_subcommand(
      "replay",
      "Serve a scenario's objects, wait for a client (the controller under test) to connect, "
      "play the scenario's steps and report each. Exit status: 0 all steps passed, 1 a step "
      "failed or no client connected, 2 the scenario file is bad.");
  replay->add_option("scenario", options->scenario, "The scenario file (see fixtures/README.md).")
      ->required();
  replay
      ->add_option("--kubeconfig-out", options->kubeconfig_out,
                   "Where to write a kubeconfig for the server.")
      ->required();
  replay->add_option("--address", options->address, "The IP address to listen on.")
      ->capture_default_str();
  replay->add_option("--port", options->port, "The port to listen on; 0 picks a free port.")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  replay
      ->add_option("--wait-for-client", options->wait_for_client,
                   "How long to wait for the first request of a client before playing (Go "
                   "duration); 0 plays at once.")
      ->capture_default_str();
  replay->add_option("--seed", options->seed, "Seed for uids and generated names (0 = random).")
      ->capture_default_str();
  replay->callback([options] { Replay(*options); });
}

}  // namespace kubefake::cli
