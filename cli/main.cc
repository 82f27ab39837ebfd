// kubefake: the command line tool. Subcommands: version, serve, conformance client (replay,
// record and conformance server come with their issues).
#include <CLI/CLI.hpp>
#include <iostream>

#include "conformance_client_command.h"
#include "kubefake/api/version.h"
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
  kubefake::cli::AddConformanceClientCommand(*conformance);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
