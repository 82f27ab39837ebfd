// `kubefake conformance client`: CLI11 flags, the checks with a progress line each, the summary,
// JUnit XML on request, and the exit status.
#include "conformance_client_command.h"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "kubefake/testing/conformance/client_checks.h"
#include "kubefake/testing/conformance/report.h"

namespace kubefake::cli {
namespace {

namespace conformance = testkit::conformance;

struct ConformanceClientOptions {
  std::string junit;
  std::string focus;
  int timeout_seconds = 30;
  std::vector<std::string> command;
};

[[noreturn]] void RunConformanceClient(const ConformanceClientOptions& options) {
  conformance::Report report(&std::cout);
  const Result<void> ran =
      conformance::RunClientChecks({.command = options.command,
                                    .focus = options.focus,
                                    .timeout = std::chrono::seconds(options.timeout_seconds)},
                                   report);
  if (!ran) {
    std::cerr << "kubefake conformance client: " << ran.error().message() << "\n";
    std::exit(2);
  }
  std::cout << report.Summary() << std::endl;
  if (!options.junit.empty()) {
    if (auto written = report.WriteJUnit(options.junit, "kubefake conformance client"); !written) {
      std::cerr << "kubefake conformance client: " << written.error().message() << "\n";
      std::exit(2);
    }
  }
  std::exit(report.Ok() ? 0 : 1);
}

}  // namespace

void AddConformanceClientCommand(CLI::App& conformance) {
  auto options = std::make_shared<ConformanceClientOptions>();
  CLI::App* client = conformance.add_subcommand(
      "client",
      "Serve kubefake to a client program and check that it survives what real apiservers do: "
      "closed watches, 410 Expired, expired list pages, 429 Retry-After, 500s, conflicts and "
      "stalls.");
  client->add_option("--junit", options->junit, "Also write the results as JUnit XML here.");
  client->add_option("--focus", options->focus,
                     "Run only the situations whose id or name matches this regular expression "
                     "(ids: watch-resume, watch-expired, list-expired, retry-after, "
                     "server-errors, update-conflict, server-stall).");
  client
      ->add_option("--timeout", options->timeout_seconds,
                   "Seconds each wait of a situation may take (the client's sync, its next "
                   "request, its cache converging).")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  client
      ->add_option("command", options->command,
                   "The client under test and its arguments, after `--`. It gets KUBECONFIG, "
                   "KUBEFAKE_CONFORMANCE_NAMESPACE and KUBEFAKE_CONFORMANCE_RESOURCE.")
      ->required();
  client->callback([options] { RunConformanceClient(*options); });
}

}  // namespace kubefake::cli
