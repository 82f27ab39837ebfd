// WidgetController: the example controller. Shared informers on Widgets, Deployments and
// Services feed a rate-limited work queue of Widget keys ("namespace/name"); workers run the
// Reconciler on each and requeue it with client-go's default controller backoff when a pass
// fails (a Conflict, a lost race). It is written only with kubefake's client library, so it
// runs against a real cluster as against the fake. Time comes from the injected Clock.
// Thread-safe; Run is called once.
//
//   auto controller = WidgetController::New(config, clock).value();
//   std::jthread runner([&](std::stop_token stop) { (void)controller->Run(stop, deadline); });
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <stop_token>
#include <string>

#include "kubefake/api/clock.h"
#include "kubefake/api/result.h"
#include "kubefake/client/cache/reflector.h"
#include "kubefake/client/config.h"

namespace example {

struct WidgetControllerOptions {
  std::string ns{};  // the namespace to watch; "" for every namespace
  int workers = 2;
  // The field manager of its writes and the Events' reporting controller.
  std::string name = "widget-controller";
  // Tunes the informers' reflectors (watch timeouts, relist backoff).
  kubefake::client::cache::ReflectorOptions reflector{};
  // Told each failed reconcile (`demo/w: <error>`) before the key is requeued; may be empty.
  std::function<void(const std::string& message)> log{};
};

class WidgetController {
 public:
  // Makes the clients from `config`. Errors: the clients' (a host that does not parse, bad
  // TLS files).
  static kubefake::Result<std::unique_ptr<WidgetController>> New(
      const kubefake::client::Config& config, std::shared_ptr<kubefake::api::Clock> clock,
      WidgetControllerOptions options = {});
  ~WidgetController();
  WidgetController(const WidgetController&) = delete;
  WidgetController& operator=(const WidgetController&) = delete;

  // Starts the informers, waits for their caches (until `sync_deadline`, real time), then
  // reconciles until `stop` is requested; returns once the workers and informers have stopped.
  // Errors: Timeout when the caches do not sync in time (the Widget CRD missing, say).
  kubefake::Result<void> Run(std::stop_token stop,
                             std::chrono::steady_clock::time_point sync_deadline);

  // True once the Widget, Deployment and Service informers have synced (Run has started them);
  // false if `deadline` (real time) passes first.
  bool WaitForCacheSync(std::chrono::steady_clock::time_point deadline) const;

  // How many times `key` has been requeued since its last successful reconcile.
  int NumRequeues(const std::string& key) const;

 private:
  struct State;
  explicit WidgetController(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

}  // namespace example
