// Tests for RealClock: the wall clock and AfterFunc on the clock's own thread. No test sleeps:
// each waits for a callback with a deadline, and cancellation is checked against a later
// sentinel timer that the clock must run after the cancelled one would have run.
#include "kubefake/api/clock.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace kubefake::api {
namespace {

using namespace std::chrono_literals;

// Generous: only reached when a callback never runs, which is the failure being tested.
constexpr auto kDeadline = 10s;

// Counts callbacks and lets a test wait until a number of them ran.
class CallbackLog {
 public:
  std::function<void()> Record(int id) {
    return [this, id] {
      std::lock_guard lock(mu_);
      order_.push_back(id);
      changed_.notify_all();
    };
  }
  bool WaitFor(size_t count) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, kDeadline, [&] { return order_.size() >= count; });
  }
  std::vector<int> order() {
    std::lock_guard lock(mu_);
    return order_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<int> order_;
};

TEST(RealClockTest, NowReadsTheSystemClock) {
  RealClock clock;
  const auto before = std::chrono::system_clock::now();
  const auto now = clock.Now();
  const auto after = std::chrono::system_clock::now();
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
}

TEST(RealClockTest, AfterFuncRunsTheCallbackOnTheClocksThread) {
  RealClock clock;
  std::promise<std::thread::id> ran;
  std::unique_ptr<Timer> timer =
      clock.AfterFunc(0ns, [&] { ran.set_value(std::this_thread::get_id()); });
  std::future<std::thread::id> thread = ran.get_future();
  ASSERT_EQ(thread.wait_for(kDeadline), std::future_status::ready);
  EXPECT_NE(thread.get(), std::this_thread::get_id());
}

TEST(RealClockTest, AfterFuncWaitsForTheDelay) {
  RealClock clock;
  std::promise<std::chrono::steady_clock::time_point> ran;
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<Timer> timer =
      clock.AfterFunc(20ms, [&] { ran.set_value(std::chrono::steady_clock::now()); });
  std::future<std::chrono::steady_clock::time_point> at = ran.get_future();
  ASSERT_EQ(at.wait_for(kDeadline), std::future_status::ready);
  EXPECT_GE(at.get() - start, 20ms);
}

TEST(RealClockTest, NegativeDelayRunsAsSoonAsPossible) {
  RealClock clock;
  CallbackLog log;
  std::unique_ptr<Timer> timer = clock.AfterFunc(-5s, log.Record(1));
  EXPECT_TRUE(log.WaitFor(1));
}

TEST(RealClockTest, EqualDeadlinesRunInRegistrationOrder) {
  RealClock clock;
  CallbackLog log;
  std::vector<std::unique_ptr<Timer>> timers;
  // Deadlines taken one after the other never decrease, and ties keep registration order.
  for (int i = 0; i < 5; ++i) timers.push_back(clock.AfterFunc(0ns, log.Record(i)));
  ASSERT_TRUE(log.WaitFor(5));
  EXPECT_EQ(log.order(), (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(RealClockTest, EarlierDeadlineRunsFirstWhateverTheRegistrationOrder) {
  RealClock clock;
  CallbackLog log;
  std::unique_ptr<Timer> late = clock.AfterFunc(300ms, log.Record(2));
  std::unique_ptr<Timer> early = clock.AfterFunc(0ns, log.Record(1));
  ASSERT_TRUE(log.WaitFor(2));
  EXPECT_EQ(log.order(), (std::vector<int>{1, 2}));
}

TEST(RealClockTest, StopBeforeTheDeadlineCancelsTheCallback) {
  CallbackLog log;
  std::unique_ptr<Timer> timer;
  {
    RealClock clock;
    timer = clock.AfterFunc(20ms, log.Record(1));
    EXPECT_TRUE(timer->Stop());
    EXPECT_FALSE(timer->Stop()) << "a second Stop cancels nothing";
    // The sentinel is due after the stopped timer; the clock runs callbacks in deadline
    // order, so had the first one survived it would be in the log before the sentinel.
    std::unique_ptr<Timer> sentinel = clock.AfterFunc(60ms, log.Record(2));
    ASSERT_TRUE(log.WaitFor(1));
  }
  EXPECT_EQ(log.order(), (std::vector<int>{2}));
}

TEST(RealClockTest, DestroyingTheTimerCancelsTheCallback) {
  RealClock clock;
  CallbackLog log;
  clock.AfterFunc(20ms, log.Record(1)).reset();
  std::unique_ptr<Timer> sentinel = clock.AfterFunc(60ms, log.Record(2));
  ASSERT_TRUE(log.WaitFor(1));
  EXPECT_EQ(log.order(), (std::vector<int>{2}));
}

TEST(RealClockTest, StopAfterTheCallbackRanReturnsFalse) {
  RealClock clock;
  CallbackLog log;
  std::unique_ptr<Timer> timer = clock.AfterFunc(0ns, log.Record(1));
  ASSERT_TRUE(log.WaitFor(1));
  EXPECT_FALSE(timer->Stop());
}

TEST(RealClockTest, DestroyingTheClockDropsPendingCallbacksAndTimersStaySafe) {
  auto runs = std::make_shared<std::atomic<int>>(0);
  std::unique_ptr<Timer> timer;
  {
    RealClock clock;
    timer = clock.AfterFunc(1h, [runs] { ++*runs; });
    // Start the worker and make sure it is running before the clock goes away.
    CallbackLog log;
    std::unique_ptr<Timer> started = clock.AfterFunc(0ns, log.Record(1));
    ASSERT_TRUE(log.WaitFor(1));
  }
  EXPECT_FALSE(timer->Stop()) << "the clock dropped it";
  EXPECT_EQ(*runs, 0);
}

TEST(RealClockTest, CallbackMayScheduleAnotherTimer) {
  RealClock clock;
  CallbackLog log;
  // Written on the clock's thread before the second callback can run (one worker), and read
  // here only after that callback ran.
  std::unique_ptr<Timer> second;
  std::unique_ptr<Timer> first =
      clock.AfterFunc(0ns, [&] { second = clock.AfterFunc(0ns, log.Record(2)); });
  ASSERT_TRUE(log.WaitFor(1));
  EXPECT_EQ(log.order(), (std::vector<int>{2}));
}

TEST(RealClockTest, ManyThreadsMayScheduleAndStopConcurrently) {
  RealClock clock;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 100;
  std::mutex mu;
  std::condition_variable done;
  int ran = 0;
  std::atomic<int> stopped{0};
  std::vector<std::vector<std::unique_ptr<Timer>>> kept(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Even timers are due now and must run; odd ones are far off and get stopped.
        std::unique_ptr<Timer> timer = clock.AfterFunc(i % 2 == 0 ? 0ns : 1h, [&] {
          std::lock_guard lock(mu);
          ++ran;
          done.notify_all();
        });
        if (i % 2 == 1 && timer->Stop()) ++stopped;
        kept[t].push_back(std::move(timer));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::unique_lock lock(mu);
  ASSERT_TRUE(done.wait_for(lock, kDeadline, [&] { return ran >= kThreads * kPerThread / 2; }));
  EXPECT_EQ(ran, kThreads * kPerThread / 2);
  EXPECT_EQ(stopped, kThreads * kPerThread / 2);
}

}  // namespace
}  // namespace kubefake::api
