// kubefake: the command line tool. Subcommands: version, serve, replay, record and conformance
// (server and client).
#include <CLI/CLI.hpp>
#include <iostream>

#include "conformance_client_command.h"
#include "conformance_command.h"
#include "kubefake/api/version.h"
#include "record_command.h"
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
  CLI::App* conformance = app.add_subcommand(
      "conformance", "Check a server or a client against what real apiservers do.");
  conformance->require_subcommand(1);
  kubefake::cli::AddConformanceServerCommand(*conformance);
  kubefake::cli::AddConformanceClientCommand(*conformance);
  kubefake::cli::AddRecordCommand(app);
  kubefake::cli::AddReplayCommand(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
