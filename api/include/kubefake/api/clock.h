// Clock: the one source of time for the server, informers, work queues and backoff, so tests
// can move time by hand (testkit::FakeClock). Library code never reads the system clock directly.
// Implementations are thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

namespace kubefake::api {

// A pending callback from Clock::AfterFunc. Destroying or stopping it cancels the callback if
// it has not started.
class Timer {
 public:
  virtual ~Timer() = default;
  // Returns true if this call cancelled the callback, false if it already ran or was stopped.
  virtual bool Stop() = 0;
};

class Clock {
 public:
  virtual ~Clock() = default;

  virtual std::chrono::system_clock::time_point Now() const = 0;
  // Runs `callback` once, on a thread of the clock's choosing, after `delay` has passed on this
  // clock. The callback may stop or destroy its own Timer and may call AfterFunc.
  virtual std::unique_ptr<Timer> AfterFunc(std::chrono::nanoseconds delay,
                                           std::function<void()> callback) = 0;
};

// The process's wall clock. AfterFunc runs callbacks one at a time, in deadline order (ties in
// registration order), on one background thread the clock starts on first use and owns.
// Delays are measured on the steady clock, so a wall-clock step does not move a timer.
// Destroying the clock waits for a running callback, then drops the pending ones unrun; a
// callback must not destroy its clock. Timers may outlive the clock (Stop then returns false).
// Thread-safe.
class RealClock final : public Clock {
 public:
  RealClock();
  ~RealClock() override;
  RealClock(const RealClock&) = delete;
  RealClock& operator=(const RealClock&) = delete;

  std::chrono::system_clock::time_point Now() const override;
  std::unique_ptr<Timer> AfterFunc(std::chrono::nanoseconds delay,
                                   std::function<void()> callback) override;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace kubefake::api
