// `kubefake replay`: serves the fake apiserver seeded with a scenario's objects, waits for the
// controller under test to connect, plays the scenario's steps and exits with the verdict, for a
// controller written in any language.
#pragma once

namespace CLI {
class App;
}

namespace kubefake::cli {

// Adds the `replay` subcommand and its flags to `app`; running it exits the process: 0 when
// every step passed, 1 when one failed (or no client connected in time), 2 for a scenario that
// cannot be read or seeded.
void AddReplayCommand(CLI::App& app);

}  // namespace kubefake::cli
