// DelayingQueue<T>: client-go's workqueue.TypedDelayingInterface, a Queue<T> that can also
// add an item once a delay has passed on an api::Clock (a test's FakeClock moves it).
// Thread-safe.
//
// Differs from client-go: each waiting item holds one clock timer instead of sharing a
// waiting-loop goroutine with a 10 s heartbeat; items that fall due at the same instant are
// added in the order their delays were requested.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "kubefake/api/clock.h"
#include "kubefake/client/workqueue/queue.h"

namespace kubefake::client::workqueue {

template <typename T>
class DelayingQueue : public Queue<T> {
 public:
  // `clock` must outlive the queue.
  explicit DelayingQueue(api::Clock& clock)
      : clock_(clock), waiting_(std::make_shared<Waiting>()) {
    waiting_->queue = this;
  }

  // Cancels the items still waiting.
  ~DelayingQueue() override { StopWaiting(); }

  // Adds `item` once `delay` has passed on the clock; a zero or negative delay adds it now.
  // If the item already waits, the earlier of the two times wins. Ignored once shutting down.
  void AddAfter(T item, std::chrono::nanoseconds delay) {
    if (this->ShuttingDown()) return;
    if (delay <= std::chrono::nanoseconds::zero()) {
      this->Add(std::move(item));
      return;
    }
    const auto ready_at = clock_.Now() + std::chrono::duration_cast<Duration>(delay);
    std::unique_ptr<api::Timer> replaced;  // stopped after the lock is released
    std::lock_guard lock(waiting_->mutex);
    if (waiting_->queue == nullptr) return;
    auto it = waiting_->entries.find(item);
    if (it != waiting_->entries.end()) {
      if (it->second.ready_at <= ready_at) return;
      replaced = std::move(it->second.timer);
      waiting_->entries.erase(it);
    }
    const uint64_t id = waiting_->next_id++;
    std::unique_ptr<api::Timer> timer = clock_.AfterFunc(
        delay, [weak = std::weak_ptr<Waiting>(waiting_), item, id] { Fire(weak, item, id); });
    waiting_->entries.emplace(std::move(item), Entry{ready_at, id, std::move(timer)});
  }

  // Shuts the queue down (Queue::ShutDown) and drops the items still waiting.
  void ShutDown() override {
    Queue<T>::ShutDown();
    StopWaiting();
  }

  // Drops the items still waiting, then shuts down as Queue::ShutDownWithDrain does.
  void ShutDownWithDrain() override {
    StopWaiting();
    Queue<T>::ShutDownWithDrain();
  }

 private:
  using Duration = std::chrono::system_clock::duration;
  struct Entry {
    std::chrono::system_clock::time_point ready_at;
    uint64_t id;  // tells a fired timer from the one that replaced it
    std::unique_ptr<api::Timer> timer;
  };
  // Shared with the timers' callbacks, which may run while the queue is being destroyed.
  struct Waiting {
    std::mutex mutex;
    Queue<T>* queue = nullptr;  // guarded by mutex; null once waiting has stopped
    std::unordered_map<T, Entry> entries;  // guarded by mutex
    uint64_t next_id = 0;                  // guarded by mutex
  };

  // A timer fell due: adds its item unless it was replaced, stopped, or the queue has gone.
  // Adds under the lock, so the queue cannot be destroyed meanwhile.
  static void Fire(const std::weak_ptr<Waiting>& weak, const T& item, uint64_t id) {
    std::shared_ptr<Waiting> waiting = weak.lock();
    if (!waiting) return;
    std::unique_ptr<api::Timer> fired;  // destroyed after the lock is released
    std::lock_guard lock(waiting->mutex);
    auto it = waiting->entries.find(item);
    if (it == waiting->entries.end() || it->second.id != id || waiting->queue == nullptr) return;
    fired = std::move(it->second.timer);
    waiting->entries.erase(it);
    waiting->queue->Add(item);
  }

  void StopWaiting() {
    std::unordered_map<T, Entry> dropped;  // timers stopped after the lock is released
    std::lock_guard lock(waiting_->mutex);
    waiting_->queue = nullptr;
    dropped.swap(waiting_->entries);
  }

  api::Clock& clock_;
  std::shared_ptr<Waiting> waiting_;
};

}  // namespace kubefake::client::workqueue
