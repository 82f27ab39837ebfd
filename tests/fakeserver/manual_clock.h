// ManualClock: an api::Clock whose time moves only when a test calls Advance; due callbacks
// run on the caller's thread in deadline order. A small test double for the engine tests until
// testkit::FakeClock exists. Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "kubefake/api/clock.h"

namespace kubefake::fakeserver {

class ManualClock final : public api::Clock {
 public:
  ManualClock() : state_(std::make_shared<State>()) {}

  std::chrono::system_clock::time_point Now() const override {
    std::lock_guard lock(state_->mutex);
    return state_->now;
  }

  std::unique_ptr<api::Timer> AfterFunc(std::chrono::nanoseconds delay,
                                        std::function<void()> callback) override {
    std::lock_guard lock(state_->mutex);
    const uint64_t id = state_->next_id++;
    const auto deadline =
        state_->now + std::chrono::duration_cast<std::chrono::system_clock::duration>(delay);
    state_->pending.emplace(std::make_pair(deadline, id), std::move(callback));
    return std::make_unique<ManualTimer>(state_, deadline, id);
  }

  // How many callbacks are waiting (lets a test see that another thread is now asleep).
  size_t PendingTimers() const {
    std::lock_guard lock(state_->mutex);
    return state_->pending.size();
  }

  // Moves time forward by `delta`, running every callback that falls due, in order.
  void Advance(std::chrono::nanoseconds delta) {
    std::unique_lock lock(state_->mutex);
    const auto target =
        state_->now + std::chrono::duration_cast<std::chrono::system_clock::duration>(delta);
    while (!state_->pending.empty() && state_->pending.begin()->first.first <= target) {
      auto node = state_->pending.extract(state_->pending.begin());
      state_->now = node.key().first;
      lock.unlock();
      node.mapped()();
      lock.lock();
    }
    state_->now = target;
  }

 private:
  using Key = std::pair<std::chrono::system_clock::time_point, uint64_t>;
  struct State {
    std::mutex mutex;
    std::chrono::system_clock::time_point now{std::chrono::seconds(1'790'000'000)};
    uint64_t next_id = 0;
    std::map<Key, std::function<void()>> pending;
  };

  class ManualTimer final : public api::Timer {
   public:
    ManualTimer(std::shared_ptr<State> state, std::chrono::system_clock::time_point deadline,
                uint64_t id)
        : state_(std::move(state)), key_(deadline, id) {}
    ~ManualTimer() override { Stop(); }
    bool Stop() override {
      std::function<void()> dropped;
      std::lock_guard lock(state_->mutex);
      auto it = state_->pending.find(key_);
      if (it == state_->pending.end()) return false;
      dropped = std::move(it->second);
      state_->pending.erase(it);
      return true;
    }

   private:
    std::shared_ptr<State> state_;
    Key key_;
  };

  std::shared_ptr<State> state_;
};

}  // namespace kubefake::fakeserver
