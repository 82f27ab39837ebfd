// Tests of the workqueue rate limiters: client-go's exponential, fast/slow, token-bucket and
// max-of limiters and the default controller limiter, on a FakeClock.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "kubefake/client/workqueue/bucket_rate_limiter.h"
#include "kubefake/client/workqueue/default_controller_rate_limiter.h"
#include "kubefake/client/workqueue/item_exponential_failure_rate_limiter.h"
#include "kubefake/client/workqueue/item_fast_slow_rate_limiter.h"
#include "kubefake/client/workqueue/max_of_rate_limiter.h"
#include "kubefake/testing/fake_clock.h"

namespace kubefake::client::workqueue {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

TEST(ItemExponentialFailureRateLimiterTest, DoublesFromBaseForEachRetryAndCapsAtMax) {
  ItemExponentialFailureRateLimiter<std::string> limiter(milliseconds(1), seconds(1));
  std::vector<nanoseconds> waits;
  for (int i = 0; i < 12; ++i) waits.push_back(limiter.When("a"));
  EXPECT_EQ(waits, (std::vector<nanoseconds>{
                       milliseconds(1), milliseconds(2), milliseconds(4), milliseconds(8),
                       milliseconds(16), milliseconds(32), milliseconds(64), milliseconds(128),
                       milliseconds(256), milliseconds(512), seconds(1), seconds(1)}));
  EXPECT_EQ(limiter.NumRequeues("a"), 12);
}

TEST(ItemExponentialFailureRateLimiterTest, CountsEachItemSeparatelyAndForgetStartsOver) {
  ItemExponentialFailureRateLimiter<std::string> limiter(milliseconds(5), seconds(1000));
  EXPECT_EQ(limiter.When("a"), milliseconds(5));
  EXPECT_EQ(limiter.When("a"), milliseconds(10));
  EXPECT_EQ(limiter.When("b"), milliseconds(5));
  EXPECT_EQ(limiter.NumRequeues("a"), 2);
  EXPECT_EQ(limiter.NumRequeues("b"), 1);
  limiter.Forget("a");
  EXPECT_EQ(limiter.NumRequeues("a"), 0);
  EXPECT_EQ(limiter.When("a"), milliseconds(5));
  EXPECT_EQ(limiter.NumRequeues("b"), 1);
}

TEST(ItemExponentialFailureRateLimiterTest, AHugeExponentCapsAtMaxWithoutOverflow) {
  ItemExponentialFailureRateLimiter<int> limiter(seconds(1), seconds(1000));
  nanoseconds last{0};
  for (int i = 0; i < 200; ++i) last = limiter.When(7);
  EXPECT_EQ(last, seconds(1000));
}

TEST(ItemFastSlowRateLimiterTest, RetriesFastForTheFirstAttemptsThenSlow) {
  ItemFastSlowRateLimiter<std::string> limiter(milliseconds(5), seconds(10), 3);
  EXPECT_EQ(limiter.When("a"), milliseconds(5));
  EXPECT_EQ(limiter.When("a"), milliseconds(5));
  EXPECT_EQ(limiter.When("a"), milliseconds(5));
  EXPECT_EQ(limiter.When("a"), seconds(10));
  EXPECT_EQ(limiter.When("b"), milliseconds(5));
  EXPECT_EQ(limiter.NumRequeues("a"), 4);
  limiter.Forget("a");
  EXPECT_EQ(limiter.NumRequeues("a"), 0);
  EXPECT_EQ(limiter.When("a"), milliseconds(5));
}

TEST(BucketRateLimiterTest, SpendsTheBurstThenSpacesRetriesAtTheRateOnTheClock) {
  testkit::FakeClock clock;
  BucketRateLimiter<std::string> limiter(2.0, 3, clock);
  EXPECT_EQ(limiter.When("a"), nanoseconds(0));
  EXPECT_EQ(limiter.When("b"), nanoseconds(0));
  EXPECT_EQ(limiter.When("a"), nanoseconds(0));
  EXPECT_EQ(limiter.When("c"), milliseconds(500)) << "the burst is spent; 2 tokens a second";
  EXPECT_EQ(limiter.When("d"), milliseconds(1000)) << "reserved behind the previous one";
  clock.Step(seconds(1));
  EXPECT_EQ(limiter.When("e"), milliseconds(500));
  clock.Step(seconds(60));
  EXPECT_EQ(limiter.When("f"), nanoseconds(0)) << "refilled";
  EXPECT_EQ(limiter.NumRequeues("a"), 0) << "an overall limiter counts no item";
  EXPECT_FALSE(clock.HasWaiters()) << "When computes the wait; it never sleeps";
}

TEST(MaxOfRateLimiterTest, TheLongestWaitAndTheHighestCountWinAndForgetReachesAll) {
  std::vector<std::unique_ptr<RateLimiter<std::string>>> limiters;
  limiters.push_back(
      std::make_unique<ItemExponentialFailureRateLimiter<std::string>>(milliseconds(1), seconds(1)));
  limiters.push_back(
      std::make_unique<ItemFastSlowRateLimiter<std::string>>(milliseconds(3), seconds(3), 2));
  MaxOfRateLimiter<std::string> limiter(std::move(limiters));
  EXPECT_EQ(limiter.When("a"), milliseconds(3));  // max(1 ms, 3 ms)
  EXPECT_EQ(limiter.When("a"), milliseconds(3));  // max(2 ms, 3 ms)
  EXPECT_EQ(limiter.When("a"), seconds(3));       // max(4 ms, 3 s)
  EXPECT_EQ(limiter.NumRequeues("a"), 3);
  limiter.Forget("a");
  EXPECT_EQ(limiter.NumRequeues("a"), 0);
  EXPECT_EQ(limiter.When("a"), milliseconds(3)) << "both limiters forgot";
}

TEST(DefaultControllerRateLimiterTest, BacksOffPerItemFromFiveMillisecondsWithinABucketOfHundred) {
  testkit::FakeClock clock;
  std::unique_ptr<RateLimiter<std::string>> limiter =
      DefaultControllerRateLimiter<std::string>(clock);
  EXPECT_EQ(limiter->When("a"), milliseconds(5));
  EXPECT_EQ(limiter->When("a"), milliseconds(10));
  EXPECT_EQ(limiter->When("a"), milliseconds(20));
  EXPECT_EQ(limiter->NumRequeues("a"), 3);
  for (int i = 0; i < 97; ++i) {
    ASSERT_EQ(limiter->When("item-" + std::to_string(i)), milliseconds(5)) << i;
  }
  EXPECT_EQ(limiter->When("one-too-many"), milliseconds(100))
      << "the 101st retry within an instant waits for the bucket's next token (10 qps)";
  limiter->Forget("a");
  EXPECT_EQ(limiter->NumRequeues("a"), 0);
}

}  // namespace
}  // namespace kubefake::client::workqueue
