#include "kubefake/api/clock.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

namespace kubefake::api {
namespace {

// Shared by the clock and its timers, so a Timer that outlives its RealClock stays safe to
// stop. Deadlines are on the steady clock: a wall-clock step does not move a pending timer.
struct TimerQueue {
  using Deadline = std::chrono::steady_clock::time_point;

  std::mutex mu;
  std::condition_variable changed;
  // Pending callbacks by id, and their (deadline, id) order; ids break deadline ties in
  // registration order.
  std::map<uint64_t, std::function<void()>> callbacks;
  std::set<std::pair<Deadline, uint64_t>> queue;
  std::map<uint64_t, Deadline> deadlines;
  uint64_t next_id = 1;
  bool shutting_down = false;
  std::thread worker;  // started by the first AfterFunc

  // Removes a pending callback. Returns false if it already ran, started or was removed.
  bool CancelLocked(uint64_t id) {
    auto it = deadlines.find(id);
    if (it == deadlines.end()) return false;
    queue.erase({it->second, id});
    deadlines.erase(it);
    callbacks.erase(id);
    return true;
  }

  void Run() {
    std::unique_lock lock(mu);
    while (!shutting_down) {
      if (queue.empty()) {
        changed.wait(lock);
        continue;
      }
      const auto [deadline, id] = *queue.begin();
      if (std::chrono::steady_clock::now() < deadline) {
        changed.wait_until(lock, deadline);
        continue;
      }
      queue.erase(queue.begin());
      deadlines.erase(id);
      auto node = callbacks.extract(id);
      lock.unlock();
      node.mapped()();
      node.mapped() = nullptr;  // destroy captures outside the lock, before relocking
      lock.lock();
    }
  }
};

class RealTimer final : public Timer {
 public:
  RealTimer(std::shared_ptr<TimerQueue> state, uint64_t id) : state_(std::move(state)), id_(id) {}
  ~RealTimer() override { Stop(); }

  bool Stop() override {
    std::lock_guard lock(state_->mu);
    return state_->CancelLocked(id_);
  }

 private:
  std::shared_ptr<TimerQueue> state_;
  uint64_t id_;
};

}  // namespace

struct RealClock::State : TimerQueue {};

RealClock::RealClock() : state_(std::make_shared<State>()) {}

RealClock::~RealClock() {
  std::thread worker;
  {
    std::lock_guard lock(state_->mu);
    state_->shutting_down = true;
    state_->queue.clear();
    state_->deadlines.clear();
    worker = std::move(state_->worker);
  }
  state_->changed.notify_all();
  if (worker.joinable()) worker.join();
  // Dropped callbacks are destroyed here, on the destroying thread, outside the lock.
  std::map<uint64_t, std::function<void()>> dropped;
  {
    std::lock_guard lock(state_->mu);
    dropped.swap(state_->callbacks);
  }
}

std::chrono::system_clock::time_point RealClock::Now() const {
  return std::chrono::system_clock::now();
}

std::unique_ptr<Timer> RealClock::AfterFunc(std::chrono::nanoseconds delay,
                                            std::function<void()> callback) {
  const TimerQueue::Deadline deadline =
      std::chrono::steady_clock::now() +
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::max(delay, std::chrono::nanoseconds::zero()));
  uint64_t id;
  {
    std::lock_guard lock(state_->mu);
    id = state_->next_id++;
    state_->callbacks.emplace(id, std::move(callback));
    state_->deadlines.emplace(id, deadline);
    state_->queue.emplace(deadline, id);
    if (!state_->worker.joinable()) {
      state_->worker = std::thread([state = state_.get()] { state->Run(); });
    }
  }
  state_->changed.notify_all();
  return std::make_unique<RealTimer>(std::shared_ptr<TimerQueue>(state_), id);
}

}  // namespace kubefake::api
