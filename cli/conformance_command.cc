#include "conformance_command.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <memory>
#include <string>

#include "kubefake/api/go_duration.h"
#include "kubefake/api/version.h"
#include "kubefake/client/kubeconfig.h"
#include "kubefake/fakeserver/api_server.h"
#include "kubefake/fakeserver/http_server.h"
#include "kubefake/fakeserver/storage.h"
#include "kubefake/testing/conformance/server_checks.h"

namespace kubefake::cli {
namespace {

struct ConformanceServerOptions {
  std::string kubeconfig;
  std::string context;
  std::string focus;
  std::string skip;
  std::string junit;
  std::string timeout = "60s";
};

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "kubefake conformance server: " << message << "\n";
  std::exit(2);
}

// Runs the checks against `target` (described by `against`) and exits with the outcome.
[[noreturn]] void RunAndExit(const testkit::conformance::ServerTarget& target,
                             const std::string& against, const ConformanceServerOptions& options,
                             std::chrono::milliseconds timeout) {
  std::cout << "kubefake conformance server: checks of Kubernetes " << api::kKubernetesVersion
            << " API semantics against " << against << std::endl;
  testkit::conformance::Report report(&std::cout);
  Result<void> ran = testkit::conformance::RunServerChecks(
      target, testkit::conformance::ServerChecks(),
      {.focus = options.focus, .skip = options.skip, .timeout = timeout}, report);
  if (!ran) Die(ran.error().message());
  std::cout << report.Summary() << std::endl;
  if (!options.junit.empty()) {
    if (Result<void> written = report.WriteJUnit(options.junit, "kubefake conformance server");
        !written) {
      Die(written.error().message());
    }
  }
  std::exit(report.Ok() ? 0 : 1);
}

[[noreturn]] void RunConformanceServer(const ConformanceServerOptions& options) {
  const Result<std::chrono::nanoseconds> parsed = api::ParseGoDuration(options.timeout);
  if (!parsed || *parsed <= std::chrono::nanoseconds::zero()) {
    Die("--timeout: want a positive duration such as 500ms, 30s or 2m, got " + options.timeout);
  }
  const auto timeout = std::chrono::ceil<std::chrono::milliseconds>(*parsed);
  if (!options.kubeconfig.empty()) {
    Result<client::Kubeconfig> kubeconfig =
        client::LoadKubeconfig({.explicit_path = options.kubeconfig, .precedence = {}});
    if (!kubeconfig) Die(kubeconfig.error().message());
    Result<client::Config> config =
        client::ClientConfigFromKubeconfig(*kubeconfig, {.context = options.context});
    if (!config) Die(config.error().message());
    const std::string context =
        options.context.empty() ? kubeconfig->current_context : options.context;
    RunAndExit({.config = *config}, config->host + " (context " + context + ")", options, timeout);
  }
  if (!options.context.empty()) Die("--context needs --kubeconfig");
  fakeserver::ApiServer server;
  fakeserver::HttpServer http(server, {});
  if (Result<void> started = http.Start(); !started) Die(started.error().message());
  client::Config config;
  config.host = http.url();
  RunAndExit(
      {.config = config,
       .compact = [&server] { server.storage().Compact(std::numeric_limits<int64_t>::max()); }},
      "an embedded kubefake " + std::string(api::kKubefakeVersion) + " at " + http.url(), options,
      timeout);
}

}  // namespace

void AddConformanceServerCommand(CLI::App& conformance) {
  auto options = std::make_shared<ConformanceServerOptions>();
  CLI::App* server = conformance.add_subcommand(
      "server",
      "Check that an apiserver has the API semantics of a real one: a cluster through "
      "--kubeconfig, or else an embedded kubefake.");
  server->add_option("--kubeconfig", options->kubeconfig,
                     "The kubeconfig of the cluster to check (e.g. ~/.kube/config). Without it an "
                     "embedded kubefake is served and checked.");
  server->add_option("--context", options->context,
                     "The kubeconfig context to use instead of its current-context.");
  server->add_option("--focus", options->focus,
                     "Run only the checks whose \"<area>/<name>\" this regex matches.");
  server->add_option("--skip", options->skip,
                     "Leave out the checks whose \"<area>/<name>\" this regex matches.");
  server->add_option("--junit", options->junit, "Also write the results as JUnit XML here.");
  server->add_option("--timeout", options->timeout, "The deadline of each check: 500ms, 30s, 2m...")
      ->capture_default_str();
  server->callback([options] { RunConformanceServer(*options); });
}

}  // namespace kubefake::cli
