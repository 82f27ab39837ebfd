// FakeClock: pending callbacks in a map ordered by (deadline, registration id), shared with the
// timers so a Timer that outlives its clock stays safe to stop.
#include "kubefake/testing/fake_clock.h"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <utility>

namespace kubefake::testkit {

using TimePoint = std::chrono::system_clock::time_point;
using Key = std::pair<TimePoint, uint64_t>;

struct FakeClock::State {
  mutable std::mutex mutex;
  mutable std::condition_variable waiters_changed;
  TimePoint now;
  uint64_t next_id = 0;
  std::map<Key, std::function<void()>> pending;

  // Moves time to `target`, running each callback due by then in order, outside the lock.
  void AdvanceTo(TimePoint target) {
    std::unique_lock lock(mutex);
    while (!pending.empty() && pending.begin()->first.first <= target) {
      auto node = pending.extract(pending.begin());
      now = std::max(now, node.key().first);
      lock.unlock();
      node.mapped()();
      node.mapped() = nullptr;  // destroy captures outside the lock
      lock.lock();
    }
    now = target;
  }
};

class FakeClock::FakeTimer final : public api::Timer {
 public:
  FakeTimer(std::shared_ptr<State> state, Key key)
      : state_(std::move(state)), key_(key) {}
  ~FakeTimer() override { Stop(); }

  bool Stop() override {
    std::function<void()> dropped;  // destroyed after the lock is released
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

FakeClock::FakeClock(TimePoint start) : state_(std::make_shared<State>()) { state_->now = start; }

FakeClock::~FakeClock() {
  std::map<Key, std::function<void()>> dropped;
  std::lock_guard lock(state_->mutex);
  dropped.swap(state_->pending);
}

TimePoint FakeClock::Now() const {
  std::lock_guard lock(state_->mutex);
  return state_->now;
}

std::unique_ptr<api::Timer> FakeClock::AfterFunc(std::chrono::nanoseconds delay,
                                                 std::function<void()> callback) {
  std::lock_guard lock(state_->mutex);
  const Key key{state_->now + std::chrono::duration_cast<TimePoint::duration>(delay),
                state_->next_id++};
  state_->pending.emplace(key, std::move(callback));
  state_->waiters_changed.notify_all();
  return std::make_unique<FakeTimer>(state_, key);
}

void FakeClock::Step(std::chrono::nanoseconds delta) {
  TimePoint target;
  {
    std::lock_guard lock(state_->mutex);
    target = state_->now + std::chrono::duration_cast<TimePoint::duration>(delta);
  }
  state_->AdvanceTo(target);
}

void FakeClock::SetTime(TimePoint time) { state_->AdvanceTo(time); }

size_t FakeClock::Waiters() const {
  std::lock_guard lock(state_->mutex);
  return state_->pending.size();
}

bool FakeClock::HasWaiters() const { return Waiters() > 0; }

std::optional<TimePoint> FakeClock::NextDeadline() const {
  std::lock_guard lock(state_->mutex);
  if (state_->pending.empty()) return std::nullopt;
  return state_->pending.begin()->first.first;
}

bool FakeClock::WaitForWaiters(size_t count, std::chrono::nanoseconds timeout) const {
  std::unique_lock lock(state_->mutex);
  return state_->waiters_changed.wait_for(lock, timeout,
                                          [&] { return state_->pending.size() >= count; });
}

}  // namespace kubefake::testkit
