// FakeClock: an api::Clock whose time moves only when the test says so, as client-go's
// k8s.io/utils/clock/testing FakeClock. Due callbacks run on the thread that moves time, in
// deadline order (ties in registration order), so a test decides exactly when a timer fires.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

#include "kubefake/api/clock.h"

namespace kubefake::testkit {

class FakeClock final : public api::Clock {
 public:
  // 2026-09-21T14:13:20Z: a fixed instant, so printed times and ages are reproducible.
  static constexpr std::chrono::system_clock::time_point kDefaultStart{
      std::chrono::seconds(1'790'000'000)};

  explicit FakeClock(std::chrono::system_clock::time_point start = kDefaultStart);
  // Pending callbacks are dropped unrun. Timers may outlive the clock (Stop then returns false).
  ~FakeClock() override;
  FakeClock(const FakeClock&) = delete;
  FakeClock& operator=(const FakeClock&) = delete;

  std::chrono::system_clock::time_point Now() const override;

  // Registers `callback` to run when a Step or SetTime reaches Now() + `delay`. A zero or
  // negative delay still waits for the next forward Step or SetTime (even a zero Step).
  std::unique_ptr<api::Timer> AfterFunc(std::chrono::nanoseconds delay,
                                        std::function<void()> callback) override;

  // Moves time forward by `delta` (client-go's Step). Each callback that falls due runs on the
  // calling thread with Now() at its deadline, so a callback that registers another timer
  // relative to Now() sees it fire in the same Step if that one falls due too. Callbacks run
  // without the clock's lock held and may call any method but Step and SetTime.
  // A negative `delta` moves time back as SetTime does.
  void Step(std::chrono::nanoseconds delta);

  // Sets the time. Moving forward runs due callbacks as Step does; moving back runs none and
  // leaves pending deadlines where they are.
  void SetTime(std::chrono::system_clock::time_point time);

  // How many callbacks are pending (client-go's Waiters / HasWaiters).
  size_t Waiters() const;
  bool HasWaiters() const;
  // When the earliest pending callback falls due; nullopt when none is pending.
  std::optional<std::chrono::system_clock::time_point> NextDeadline() const;

  // Blocks until at least `count` callbacks are pending, so a test knows another thread is now
  // asleep on this clock before it steps. Returns false if that did not happen within
  // `timeout` of real time.
  bool WaitForWaiters(size_t count,
                      std::chrono::nanoseconds timeout = std::chrono::seconds(10)) const;

 private:
  struct State;
  class FakeTimer;
  std::shared_ptr<State> state_;
};

}  // namespace kubefake::testkit
