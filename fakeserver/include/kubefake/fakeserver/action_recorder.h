// ActionRecorder: the engine's log of the requests it served, for tests that assert what a
// controller did (client-go's fake clientset Actions(), but on both doors). Every request that
// reaches ApiServer::Handle while recording is on is appended after it is answered, the
// engine's own controllers' requests (garbage collector, namespace controller) included.
// Thread-safe.
//
// Recording is off by default: it copies each request's body and answer code into the log,
// which a benchmark or a long-running `kubefake serve` does not want. Turn it on with
// ApiServerOptions::record_actions or SetRecording.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <vector>

#include "kubefake/fakeserver/action.h"

namespace kubefake::fakeserver {

class ActionRecorder {
 public:
  explicit ActionRecorder(bool recording) : recording_(recording) {}

  void SetRecording(bool on);
  bool recording() const;

  // The recorded actions that match `pattern`, oldest first (a copy).
  std::vector<Action> List(const ActionPattern& pattern = {}) const;
  // How many actions have been recorded since the recorder was made or last cleared.
  size_t Size() const;
  // Blocks until Size() >= `count` or `timeout` passes; true when reached. A player waiting
  // for a controller to act (a scenario's waitFor) wakes on its next request this way.
  bool WaitForSize(size_t count, std::chrono::milliseconds timeout) const;
  // Forgets every recorded action.
  void Clear();

  // For the engine: appends `action` if recording is on.
  void Record(Action action);

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable recorded_;
  std::atomic<bool> recording_;
  std::vector<Action> actions_;
};

}  // namespace kubefake::fakeserver
