// `kubefake record`: a ScenarioRecorder on the kubeconfig's server until SIGINT, SIGTERM or the
// end of --duration, then the scenario written to --out.
#include "record_command.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kubefake/api/go_duration.h"
#include "kubefake/client/kubeconfig.h"
#include "kubefake/testing/scenario/scenario_recorder.h"
#include "termination_signals.h"

namespace kubefake::cli {
namespace {

struct RecordOptions {
  std::string kubeconfig;
  std::string context;
  std::string namespace_;
  std::vector<std::string> resources;
  std::string out;
  std::string duration;  // a Go duration; "": until SIGINT or SIGTERM
  std::string name = "recorded";
  bool expect_final = false;
};

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "kubefake record: " << message << "\n";
  std::exit(1);
}

Result<client::Config> LoadConfig(const RecordOptions& options) {
  client::LoadingRules rules = client::DefaultLoadingRules();
  if (!options.kubeconfig.empty()) rules = {.explicit_path = options.kubeconfig, .precedence = {}};
  Result<client::Kubeconfig> kubeconfig = client::LoadKubeconfig(rules);
  if (!kubeconfig) return Fail(kubeconfig.error());
  return client::ClientConfigFromKubeconfig(*kubeconfig, {.context = options.context});
}

// --duration as milliseconds; nullopt when not given. Dies unless it is a positive Go duration.
std::optional<std::chrono::milliseconds> ParseDuration(const std::string& text) {
  if (text.empty()) return std::nullopt;
  Result<std::chrono::nanoseconds> duration = api::ParseGoDuration(text);
  if (!duration) Die("--duration: " + duration.error().message());
  if (duration->count() <= 0) Die("--duration: must be positive, got \"" + text + "\"");
  return std::chrono::ceil<std::chrono::milliseconds>(*duration);
}

[[noreturn]] void Record(const RecordOptions& options) {
  const std::optional<std::chrono::milliseconds> duration = ParseDuration(options.duration);
  const sigset_t signals = BlockTerminationSignals();
  Result<client::Config> config = LoadConfig(options);
  if (!config) Die(config.error().message());
  Result<std::unique_ptr<testkit::ScenarioRecorder>> recorder =
      testkit::ScenarioRecorder::Start(*config, {.name = options.name,
                                                 .namespace_ = options.namespace_,
                                                 .resources = options.resources,
                                                 .expect_final = options.expect_final,
                                                 .on_step = [](const std::string& step) {
                                                   std::cout << ("kubefake record: " + step + "\n")
                                                             << std::flush;  // one write per line
                                                 }});
  if (!recorder) Die(recorder.error().message());

  const std::vector<std::string> resources = (*recorder)->Resources();
  std::cout << "kubefake record: recording " << resources.size() << " resources from "
            << config->host << " into " << options.out << "; stop with Ctrl-C" << std::endl;
  const std::optional<int> signal = WaitForTermination(signals, duration);
  (*recorder)->Stop();

  const nlohmann::json scenario = (*recorder)->Scenario();
  if (Result<void> written = testkit::WriteScenario(options.out, scenario); !written) {
    Die(written.error().message());
  }
  std::cout << "kubefake record: "
            << (signal ? std::string(TerminationSignalName(*signal)) : "--duration ended")
            << "; wrote " << scenario.value("objects", nlohmann::json::array()).size()
            << " objects and " << scenario["steps"].size() << " steps to " << options.out
            << std::endl;
  std::exit(0);
}

}  // namespace

void AddRecordCommand(CLI::App& app) {
  auto options = std::make_shared<RecordOptions>();
  CLI::App* record = app.add_subcommand(
      "record",
      "Watch a server through a kubeconfig and write what happens as a replayable scenario: "
      "the state at the start as objects, each change after it as a step.");
  record->add_option("--kubeconfig", options->kubeconfig,
                     "The kubeconfig to use. Default: $KUBECONFIG or ~/.kube/config.");
  record->add_option("--context", options->context,
                     "The kubeconfig context to use instead of its current-context.");
  record->add_option("-n,--namespace", options->namespace_,
                     "Record only this namespace (and the Namespace itself). Default: all "
                     "namespaces and cluster-scoped resources.");
  record
      ->add_option("--resources", options->resources,
                   "The resources to record, as kubectl names them (pods,deployments.apps,"
                   "widgets.example.com). Default: every resource that supports list and watch "
                   "except events and leases.")
      ->delimiter(',');
  record->add_option("--out", options->out, "The scenario file to write.")->required();
  record
      ->add_option("--duration", options->duration,
                   "Stop after this long, a Go duration (500ms, 30s, 5m, 1h30m). Default: until "
                   "SIGINT or SIGTERM.")
      ->type_name("DURATION");
  record->add_option("--name", options->name, "The scenario's metadata.name.")
      ->capture_default_str();
  record->add_flag("--expect-final", options->expect_final,
                   "End the scenario with an expect step holding the final state of the recorded "
                   "objects (metadata name, namespace and labels, spec, data), so that a replay "
                   "checks its steps left the same.");
  record->callback([options] { Record(*options); });
}

}  // namespace kubefake::cli
