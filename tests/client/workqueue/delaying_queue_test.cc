// Tests of workqueue::DelayingQueue<T>: AddAfter on a FakeClock, earlier delay wins, shutdown
// drops waiting items.
#include "kubefake/client/workqueue/delaying_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>

#include "kubefake/testing/fake_clock.h"

namespace kubefake::client::workqueue {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class DelayingQueueTest : public testing::Test {
 protected:
  testkit::FakeClock clock_;
  DelayingQueue<std::string> queue_{clock_};
};

TEST_F(DelayingQueueTest, AddAfterAddsTheItemOnceTheDelayHasPassedOnTheClock) {
  queue_.AddAfter("a", seconds(10));
  EXPECT_EQ(queue_.Len(), 0u);
  clock_.Step(milliseconds(9999));
  EXPECT_EQ(queue_.Len(), 0u);
  clock_.Step(milliseconds(1));
  EXPECT_EQ(queue_.Len(), 1u);
  EXPECT_EQ(queue_.Get(), "a");
  EXPECT_FALSE(clock_.HasWaiters());
}

TEST_F(DelayingQueueTest, AZeroOrNegativeDelayAddsAtOnce) {
  queue_.AddAfter("now", seconds(0));
  queue_.AddAfter("past", seconds(-5));
  EXPECT_EQ(queue_.Len(), 2u);
  EXPECT_FALSE(clock_.HasWaiters());
}

TEST_F(DelayingQueueTest, TheEarlierOfTwoDelaysWins) {
  queue_.AddAfter("sooner-second", seconds(10));
  queue_.AddAfter("sooner-second", seconds(5));
  queue_.AddAfter("sooner-first", seconds(5));
  queue_.AddAfter("sooner-first", seconds(10));
  EXPECT_EQ(clock_.Waiters(), 2u) << "one wait per item";
  clock_.Step(seconds(5));
  EXPECT_EQ(queue_.Len(), 2u);
  EXPECT_EQ(queue_.Get(), "sooner-second");
  EXPECT_EQ(queue_.Get(), "sooner-first");
  queue_.Done("sooner-second");
  queue_.Done("sooner-first");
  clock_.Step(seconds(10));
  EXPECT_EQ(queue_.Len(), 0u) << "the later delay was dropped, not kept";
}

TEST_F(DelayingQueueTest, ItemsFallingDueInOneStepAreAddedInDeadlineOrder) {
  queue_.AddAfter("c", seconds(3));
  queue_.AddAfter("a", seconds(1));
  queue_.AddAfter("b", seconds(2));
  queue_.AddAfter("d", seconds(3));
  clock_.Step(seconds(60));
  EXPECT_EQ(queue_.Get(), "a");
  EXPECT_EQ(queue_.Get(), "b");
  EXPECT_EQ(queue_.Get(), "c");
  EXPECT_EQ(queue_.Get(), "d");
}

TEST_F(DelayingQueueTest, ADelayedItemAlreadyQueuedIsNotQueuedTwice) {
  queue_.Add("a");
  queue_.AddAfter("a", seconds(1));
  clock_.Step(seconds(1));
  EXPECT_EQ(queue_.Len(), 1u);
}

TEST_F(DelayingQueueTest, AWorkerBlockedInGetWakesWhenTheDelayPasses) {
  auto got = std::async(std::launch::async, [&] { return queue_.Get(); });
  queue_.AddAfter("a", seconds(30));
  clock_.Step(seconds(30));
  ASSERT_EQ(got.wait_for(seconds(10)), std::future_status::ready);
  EXPECT_EQ(got.get(), "a");
}

TEST_F(DelayingQueueTest, ShutDownDropsWaitingItemsAndIgnoresNewDelays) {
  queue_.AddAfter("a", seconds(1));
  queue_.ShutDown();
  EXPECT_FALSE(clock_.HasWaiters());
  queue_.AddAfter("b", seconds(1));
  EXPECT_FALSE(clock_.HasWaiters());
  clock_.Step(seconds(2));
  EXPECT_EQ(queue_.Get(), std::nullopt);
}

TEST_F(DelayingQueueTest, ShutDownWithDrainDropsWaitingItemsToo) {
  queue_.AddAfter("a", seconds(1));
  queue_.ShutDownWithDrain();
  EXPECT_FALSE(clock_.HasWaiters());
  clock_.Step(seconds(2));
  EXPECT_EQ(queue_.Get(), std::nullopt);
}

TEST(DelayingQueueLifetimeTest, DestroyingTheQueueCancelsItsWaits) {
  testkit::FakeClock clock;
  auto queue = std::make_unique<DelayingQueue<int>>(clock);
  queue->AddAfter(1, seconds(1));
  queue->AddAfter(2, seconds(2));
  EXPECT_EQ(clock.Waiters(), 2u);
  queue.reset();
  EXPECT_FALSE(clock.HasWaiters());
  clock.Step(seconds(5));  // nothing left to fire into the destroyed queue
}

}  // namespace
}  // namespace kubefake::client::workqueue
