// ProcessorListener: one handler registration's unbounded notification buffer and the thread
// that drains it into the handler, client-go's processorListener. A slow handler only delays
// itself: the informer never blocks on it and nothing is dropped. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "kubefake/client/cache/resource_event_handler.h"

namespace kubefake::client::cache {

class ProcessorListener {
 public:
  struct Notification {
    enum class Kind { kAdd, kUpdate, kDelete };
    Kind kind = Kind::kAdd;
    ObjectPtr old_object;  // kUpdate only
    ObjectPtr object;
    bool flag = false;  // kAdd: is_in_initial_list; kDelete: final_state_unknown
  };

  ProcessorListener(ResourceEventHandler handler, std::chrono::nanoseconds resync_period);
  // Stops the thread after the handler call in progress; undelivered notifications are dropped.
  ~ProcessorListener();
  ProcessorListener(const ProcessorListener&) = delete;
  ProcessorListener& operator=(const ProcessorListener&) = delete;

  void Add(Notification notification);
  void Stop();

  // True once every initial-list add queued so far has been handled.
  bool InitialListHandled() const;
  // Blocks until InitialListHandled, `stop` is requested or `deadline` passes; returns it.
  bool WaitForInitialListHandled(std::stop_token stop,
                                 std::chrono::steady_clock::time_point deadline) const;

  std::chrono::nanoseconds resync_period() const { return resync_period_; }
  // Resync bookkeeping (client-go's shouldResync / determineNextResync), called by the
  // informer under its own lock.
  bool ResyncDue(std::chrono::system_clock::time_point now) const;
  void ScheduleNextResync(std::chrono::system_clock::time_point now);

 private:
  void Loop(std::stop_token stop);

  ResourceEventHandler handler_;
  std::chrono::nanoseconds resync_period_;
  std::chrono::system_clock::time_point next_resync_{};
  mutable std::mutex mutex_;
  std::condition_variable_any queued_;
  mutable std::condition_variable_any initial_handled_;
  std::deque<Notification> pending_;  // guarded by mutex_
  int initial_pending_ = 0;           // guarded by mutex_
  std::jthread thread_;
};

}  // namespace kubefake::client::cache
