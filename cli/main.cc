// kubefake: the command line tool. Subcommands: version, serve, replay (record and conformance
// come with their issues).
#include <CLI/CLI.hpp>
#include <iostream>

#include "kubefake/api/version.h"
#include "replay_command.h"
#include "serve_command.h"

int main(int argc, char** argv) {
  CLI::App app("kubefake: a fake Kubernetes API server with real semantics, for tests.",
               "kubefake");
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("kubefake ") + kubefake::api::kKubefakeVersion +
                                        " (Kubernetes API " + kubefake::api::kKubernetesVersion +
                                        ")");
  app.add_subcommand("version",
                     "Print kubefake's version and the Kubernetes API version it emulates.")
      ->callback([] {
        std::cout << "kubefake " << kubefake::api::kKubefakeVersion << " (Kubernetes API "
                  << kubefake::api::kKubernetesVersion << ")\n";
      });
  kubefake::cli::AddServeCommand(app);
  kubefake::cli::AddReplayCommand(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
