// DelayedReplyController: the smallest controller a scenario test needs. It watches ConfigMaps
// in namespace "demo" and, for each one named "request" that is added, creates the ConfigMap
// "reply" (data.for = the request's uid) once `delay` has passed on its clock, as a controller
// that requeues after a delay would. Thread-safe; the watch runs on a thread of its own.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "kubefake/api/clock.h"
#include "kubefake/api/result.h"
#include "kubefake/client/config.h"
#include "kubefake/client/dynamic_client.h"
#include "kubefake/client/watch.h"

namespace kubefake::testkit {

class DelayedReplyController {
 public:
  // `clock` is not owned and must outlive the controller.
  DelayedReplyController(api::Clock& clock, std::chrono::nanoseconds delay)
      : clock_(clock), delay_(delay) {}
  // Stops the watch, joins its thread and cancels pending replies.
  ~DelayedReplyController();

  // Opens the watch (so nothing created after Start returns is missed) and starts the thread.
  Result<void> Start(const client::Config& config);

 private:
  void Run();

  api::Clock& clock_;
  const std::chrono::nanoseconds delay_;
  std::unique_ptr<client::DynamicClient> client_;
  std::unique_ptr<client::Watcher> watcher_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<api::Timer>> timers_;
};

}  // namespace kubefake::testkit
