// ElasticTaskQueue: the connection task queue of the HTTP front end (cpp-httplib's
// Server::new_task_queue). cpp-httplib serves each connection on one task from accept to close,
// and a watch keeps its connection for minutes, so a fixed pool of N threads would answer
// nothing once N watches are open. This queue hands a task to an idle thread when there is
// one, starts a thread per waiting task up to `max_threads` (tasks beyond it wait their turn),
// and lets threads that stay idle for `idle_timeout` exit. Thread-safe.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kubefake::fakeserver {

class ElasticTaskQueue final : public httplib::TaskQueue {
 public:
  ElasticTaskQueue(std::size_t max_threads, std::chrono::milliseconds idle_timeout);
  // Shuts down (runs what is queued, joins every thread).
  ~ElasticTaskQueue() override;

  void enqueue(std::function<void()> task) override;
  // Runs the queued tasks, then joins every thread. Later enqueues are dropped. Idempotent.
  void shutdown() override;

  // Threads alive now (running a task or idle).
  std::size_t threads() const;

 private:
  void Work();
  // Joins the threads that have retired; returns them so they are joined outside the lock.
  std::vector<std::thread> TakeRetiredLocked();

  const std::size_t max_threads_;
  const std::chrono::milliseconds idle_timeout_;
  mutable std::mutex mutex_;
  std::condition_variable work_available_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> running_;  // live threads, by position
  std::vector<std::thread> retired_;  // exited (or exiting) threads not yet joined
  std::size_t idle_ = 0;
  bool shut_down_ = false;
};

}  // namespace kubefake::fakeserver
