// An elastic thread pool for cpp-httplib's connection tasks (see elastic_task_queue.h).
#include "elastic_task_queue.h"

#include <algorithm>
#include <utility>

namespace kubefake::fakeserver {

ElasticTaskQueue::ElasticTaskQueue(std::size_t max_threads, std::chrono::milliseconds idle_timeout)
    : max_threads_(std::max<std::size_t>(max_threads, 1)), idle_timeout_(idle_timeout) {}

ElasticTaskQueue::~ElasticTaskQueue() { shutdown(); }

void ElasticTaskQueue::enqueue(std::function<void()> task) {
  std::vector<std::thread> retired;
  {
    std::lock_guard lock(mutex_);
    if (shut_down_) return;
    retired = TakeRetiredLocked();
    tasks_.push_back(std::move(task));
    if (idle_ >= tasks_.size() || running_.size() >= max_threads_) {
      work_available_.notify_one();
    } else {
      running_.emplace_back([this] { Work(); });
    }
  }
  for (std::thread& thread : retired) thread.join();
}

void ElasticTaskQueue::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    if (shut_down_ && running_.empty() && retired_.empty()) return;
    shut_down_ = true;
    work_available_.notify_all();
  }
  // Threads keep running queued tasks until none is left, then exit; join them all. A thread
  // that exits moves itself to retired_, so take both lists until both are empty.
  while (true) {
    {
      std::unique_lock lock(mutex_);
      threads = TakeRetiredLocked();
      if (threads.empty() && running_.empty()) return;
      if (threads.empty()) {
        // Wait for a running thread to retire.
        work_available_.wait(lock, [&] { return !retired_.empty() || running_.empty(); });
        continue;
      }
    }
    for (std::thread& thread : threads) thread.join();
  }
}

std::size_t ElasticTaskQueue::threads() const {
  std::lock_guard lock(mutex_);
  return running_.size();
}

void ElasticTaskQueue::Work() {
  std::unique_lock lock(mutex_);
  while (true) {
    if (!tasks_.empty()) {
      std::function<void()> task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      task = nullptr;  // release what the task holds before taking the lock again
      lock.lock();
      continue;
    }
    if (shut_down_) break;
    ++idle_;
    const bool woken = work_available_.wait_for(lock, idle_timeout_,
                                                [&] { return !tasks_.empty() || shut_down_; });
    --idle_;
    if (!woken) break;  // idle too long: retire
  }
  // Retire: move this thread's handle to retired_ for someone else to join.
  const auto self = std::ranges::find(running_, std::this_thread::get_id(), &std::thread::get_id);
  retired_.push_back(std::move(*self));
  running_.erase(self);
  work_available_.notify_all();
}

std::vector<std::thread> ElasticTaskQueue::TakeRetiredLocked() {
  return std::exchange(retired_, {});
}

}  // namespace kubefake::fakeserver
