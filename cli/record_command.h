// `kubefake record`: watches a server (a real cluster or kubefake) through a kubeconfig and
// writes what happens as a replayable scenario (testkit::ScenarioRecorder).
#pragma once

namespace CLI {
class App;
}

namespace kubefake::cli {

// Adds the `record` subcommand and its flags to `app`; running it records until SIGINT,
// SIGTERM or --duration, writes the scenario and exits the process with its status.
void AddRecordCommand(CLI::App& app);

}  // namespace kubefake::cli
