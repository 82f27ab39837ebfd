// Tests of testkit::FakeClock: time moves only when stepped, and due callbacks run in
// deadline order (ties in registration order) on the stepping thread.
#include "kubefake/testing/fake_clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kubefake::testkit {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(FakeClockTest, NowMovesOnlyWhenSteppedOrSet) {
  FakeClock clock;
  EXPECT_EQ(clock.Now(), FakeClock::kDefaultStart);
  clock.Step(seconds(90));
  EXPECT_EQ(clock.Now(), FakeClock::kDefaultStart + seconds(90));
  const auto later = FakeClock::kDefaultStart + std::chrono::hours(5);
  clock.SetTime(later);
  EXPECT_EQ(clock.Now(), later);

  FakeClock started_elsewhere(later);
  EXPECT_EQ(started_elsewhere.Now(), later);
}

TEST(FakeClockTest, NextDeadlineIsTheEarliestPendingCallbacks) {
  FakeClock clock;
  EXPECT_EQ(clock.NextDeadline(), std::nullopt);
  auto late = clock.AfterFunc(seconds(20), [] {});
  auto early = clock.AfterFunc(seconds(5), [] {});
  EXPECT_EQ(clock.NextDeadline(), FakeClock::kDefaultStart + seconds(5));
  early->Stop();
  EXPECT_EQ(clock.NextDeadline(), FakeClock::kDefaultStart + seconds(20));
  clock.Step(seconds(20));
  EXPECT_EQ(clock.NextDeadline(), std::nullopt);
}

TEST(FakeClockTest, StepRunsDueCallbacksInDeadlineOrderWithTiesInRegistrationOrder) {
  FakeClock clock;
  std::vector<std::string> fired;
  auto late = clock.AfterFunc(seconds(3), [&] { fired.push_back("late"); });
  auto tie_first = clock.AfterFunc(seconds(2), [&] { fired.push_back("tie-first"); });
  auto early = clock.AfterFunc(seconds(1), [&] { fired.push_back("early"); });
  auto tie_second = clock.AfterFunc(seconds(2), [&] { fired.push_back("tie-second"); });
  auto not_due = clock.AfterFunc(seconds(10), [&] { fired.push_back("not-due"); });

  clock.Step(milliseconds(999));
  EXPECT_TRUE(fired.empty());
  clock.Step(seconds(3));
  EXPECT_EQ(fired, (std::vector<std::string>{"early", "tie-first", "tie-second", "late"}));
  EXPECT_EQ(clock.Waiters(), 1u);
}

TEST(FakeClockTest, ACallbackSeesNowAtItsOwnDeadline) {
  FakeClock clock;
  std::vector<std::chrono::system_clock::time_point> seen;
  auto first = clock.AfterFunc(seconds(1), [&] { seen.push_back(clock.Now()); });
  auto second = clock.AfterFunc(seconds(4), [&] { seen.push_back(clock.Now()); });
  clock.Step(seconds(10));
  EXPECT_EQ(seen, (std::vector{FakeClock::kDefaultStart + seconds(1),
                               FakeClock::kDefaultStart + seconds(4)}));
  EXPECT_EQ(clock.Now(), FakeClock::kDefaultStart + seconds(10));
}

TEST(FakeClockTest, ATimerRegisteredByACallbackFiresInTheSameStepWhenItFallsDue) {
  FakeClock clock;
  int ticks = 0;
  std::vector<std::unique_ptr<api::Timer>> timers;
  std::function<void()> tick = [&] {
    ++ticks;
    timers.push_back(clock.AfterFunc(seconds(1), tick));
  };
  timers.push_back(clock.AfterFunc(seconds(1), tick));
  clock.Step(milliseconds(3500));
  EXPECT_EQ(ticks, 3) << "a one-second ticker ticks three times in 3.5 s";
  EXPECT_EQ(clock.Waiters(), 1u);
}

TEST(FakeClockTest, AStoppedTimerNeverRuns) {
  FakeClock clock;
  bool ran = false;
  auto timer = clock.AfterFunc(seconds(1), [&] { ran = true; });
  EXPECT_TRUE(timer->Stop());
  EXPECT_FALSE(timer->Stop()) << "already stopped";
  EXPECT_FALSE(clock.HasWaiters());
  clock.Step(seconds(2));
  EXPECT_FALSE(ran);
}

TEST(FakeClockTest, DestroyingATimerCancelsIt) {
  FakeClock clock;
  bool ran = false;
  clock.AfterFunc(seconds(1), [&] { ran = true; }).reset();
  EXPECT_EQ(clock.Waiters(), 0u);
  clock.Step(seconds(2));
  EXPECT_FALSE(ran);
}

TEST(FakeClockTest, StopAfterTheCallbackRanReturnsFalse) {
  FakeClock clock;
  int runs = 0;
  auto timer = clock.AfterFunc(seconds(1), [&] { ++runs; });
  clock.Step(seconds(1));
  EXPECT_EQ(runs, 1);
  EXPECT_FALSE(timer->Stop());
  clock.Step(seconds(5));
  EXPECT_EQ(runs, 1) << "a timer fires once";
}

TEST(FakeClockTest, AZeroDelayWaitsForTheNextStep) {
  FakeClock clock;
  bool ran = false;
  auto timer = clock.AfterFunc(seconds(0), [&] { ran = true; });
  EXPECT_FALSE(ran);
  EXPECT_TRUE(clock.HasWaiters());
  clock.Step(seconds(0));
  EXPECT_TRUE(ran);
}

TEST(FakeClockTest, SettingTimeBackRunsNothingAndKeepsDeadlines) {
  FakeClock clock;
  bool ran = false;
  auto timer = clock.AfterFunc(seconds(10), [&] { ran = true; });
  clock.SetTime(FakeClock::kDefaultStart - seconds(60));
  EXPECT_FALSE(ran);
  clock.Step(seconds(65));
  EXPECT_FALSE(ran) << "the deadline stays at start + 10 s";
  clock.Step(seconds(5));
  EXPECT_TRUE(ran);
}

TEST(FakeClockTest, SetTimeForwardRunsDueCallbacks) {
  FakeClock clock;
  bool ran = false;
  auto timer = clock.AfterFunc(seconds(10), [&] { ran = true; });
  clock.SetTime(FakeClock::kDefaultStart + seconds(10));
  EXPECT_TRUE(ran);
}

TEST(FakeClockTest, WaitForWaitersReturnsOnceAnotherThreadIsAsleepOnTheClock) {
  FakeClock clock;
  std::promise<void> woke;
  auto sleeper = std::async(
      std::launch::async, [&] { return clock.AfterFunc(seconds(30), [&] { woke.set_value(); }); });
  ASSERT_TRUE(clock.WaitForWaiters(1));
  std::unique_ptr<api::Timer> timer = sleeper.get();
  clock.Step(seconds(30));
  EXPECT_EQ(woke.get_future().wait_for(seconds(0)), std::future_status::ready);
}

TEST(FakeClockTest, WaitForWaitersGivesUpAfterItsTimeout) {
  FakeClock clock;
  auto timer = clock.AfterFunc(seconds(1), [] {});
  EXPECT_TRUE(clock.WaitForWaiters(1, milliseconds(0)));
  EXPECT_FALSE(clock.WaitForWaiters(2, milliseconds(1)));
}

TEST(FakeClockTest, ATimerMayOutliveItsClock) {
  bool ran = false;
  std::unique_ptr<api::Timer> timer;
  {
    FakeClock clock;
    timer = clock.AfterFunc(seconds(1), [&] { ran = true; });
  }
  EXPECT_FALSE(timer->Stop()) << "the clock dropped it";
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace kubefake::testkit
