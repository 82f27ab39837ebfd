// `kubefake serve`: the fake apiserver over HTTP(S), loaded with YAML fixtures, with a
// kubeconfig written for it.
#pragma once

namespace CLI {
class App;
}

namespace kubefake::cli {

// Adds the `serve` subcommand and its flags to `app`; running it serves until SIGINT or
// SIGTERM and exits the process with its status.
void AddServeCommand(CLI::App& app);

}  // namespace kubefake::cli
