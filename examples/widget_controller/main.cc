// widget-controller: runs the example Widget controller against the cluster of a kubeconfig
// (a real one, or `kubefake serve`'s) until SIGTERM or SIGINT.
//   widget-controller --kubeconfig PATH [--namespace NS] [--workers N]
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "kubefake/api/clock.h"
#include "kubefake/client/kubeconfig.h"
#include "widget_controller.h"

int main(int argc, char** argv) {
  CLI::App app{"Reconciles example.com/v1 Widgets into a Deployment and a Service each."};
  std::string kubeconfig;
  example::WidgetControllerOptions options;
  int sync_timeout_seconds = 60;
  app.add_option("--kubeconfig", kubeconfig, "Path to the kubeconfig file")->required();
  app.add_option("--namespace", options.ns, "Only this namespace (default: every namespace)");
  app.add_option("--workers", options.workers, "Concurrent reconciles")->check(CLI::PositiveNumber);
  app.add_option("--sync-timeout", sync_timeout_seconds,
                 "Seconds to wait for the informers' caches");
  CLI11_PARSE(app, argc, argv);

  // Every thread started from here on inherits the blocked signals; this one waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto config = kubefake::client::BuildConfigFromFlags("", kubeconfig);
  if (!config) {
    std::cerr << "error: " << config.error().message() << "\n";
    return 1;
  }
  options.log = [](const std::string& message) {
    std::cerr << "reconcile failed, requeued: " << message << "\n";
  };
  auto controller = example::WidgetController::New(
      *config, std::make_shared<kubefake::api::RealClock>(), std::move(options));
  if (!controller) {
    std::cerr << "error: " << controller.error().message() << "\n";
    return 1;
  }
  kubefake::Result<void> result;
  std::jthread runner([&](std::stop_token stop) {
    result = (*controller)
                 ->Run(stop, std::chrono::steady_clock::now() +
                                 std::chrono::seconds(sync_timeout_seconds));
    if (!result) kill(getpid(), SIGTERM);  // wakes the signal wait below
  });
  int received = 0;
  sigwait(&signals, &received);
  runner.request_stop();
  runner.join();
  if (!result) {
    std::cerr << "error: " << result.error().message() << "\n";
    return 1;
  }
  return 0;
}
