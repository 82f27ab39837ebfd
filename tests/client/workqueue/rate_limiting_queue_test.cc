// Tests of workqueue::RateLimitingQueue<T>: retries wait as the limiter says, on a FakeClock,
// through the worker loop controllers use.
#include "kubefake/client/workqueue/rate_limiting_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "kubefake/client/workqueue/item_exponential_failure_rate_limiter.h"
#include "kubefake/testing/fake_clock.h"

namespace kubefake::client::workqueue {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class RateLimitingQueueTest : public testing::Test {
 protected:
  testkit::FakeClock clock_;
  RateLimitingQueue<std::string> queue_{
      std::make_unique<ItemExponentialFailureRateLimiter<std::string>>(seconds(1), seconds(60)),
      clock_};
};

TEST_F(RateLimitingQueueTest, AddRateLimitedWaitsAsTheLimiterSaysAndCountsRequeues) {
  queue_.AddRateLimited("a");
  EXPECT_EQ(queue_.NumRequeues("a"), 1);
  clock_.Step(milliseconds(999));
  EXPECT_EQ(queue_.Len(), 0u);
  clock_.Step(milliseconds(1));
  ASSERT_EQ(queue_.Get(), "a");

  queue_.AddRateLimited("a");
  queue_.Done("a");
  clock_.Step(milliseconds(1999));
  EXPECT_EQ(queue_.Len(), 0u) << "the second retry waits 2 s";
  clock_.Step(milliseconds(1));
  EXPECT_EQ(queue_.Len(), 1u);
  EXPECT_EQ(queue_.NumRequeues("a"), 2);
}

TEST_F(RateLimitingQueueTest, ForgetResetsTheBackoffButLeavesTheItemQueued) {
  queue_.AddRateLimited("a");
  queue_.AddRateLimited("a");
  clock_.Step(seconds(1));
  queue_.Forget("a");
  EXPECT_EQ(queue_.NumRequeues("a"), 0);
  EXPECT_EQ(queue_.Len(), 1u);
  ASSERT_EQ(queue_.Get(), "a");
  queue_.Done("a");
  queue_.AddRateLimited("a");
  clock_.Step(seconds(1));
  EXPECT_EQ(queue_.Len(), 1u) << "back to the base delay";
}

// The loop every controller runs: a worker fails an item twice, then succeeds; the test moves
// the clock each time the worker's retry waits on it.
TEST_F(RateLimitingQueueTest, AWorkerRetriesWithBackoffUntilItSucceedsAndThenForgets) {
  std::vector<std::chrono::system_clock::time_point> attempts;
  auto worker = std::async(std::launch::async, [&] {
    while (std::optional<std::string> key = queue_.Get()) {
      attempts.push_back(clock_.Now());
      if (attempts.size() < 3) {
        queue_.AddRateLimited(*key);
      } else {
        queue_.Forget(*key);
      }
      queue_.Done(*key);
    }
  });
  const auto start = clock_.Now();
  queue_.Add("widget");
  ASSERT_TRUE(clock_.WaitForWaiters(1));
  clock_.Step(seconds(1));
  ASSERT_TRUE(clock_.WaitForWaiters(1));
  clock_.Step(seconds(2));
  queue_.ShutDownWithDrain();
  ASSERT_EQ(worker.wait_for(seconds(10)), std::future_status::ready);
  EXPECT_EQ(attempts, (std::vector{start, start + seconds(1), start + seconds(3)}));
  EXPECT_EQ(queue_.NumRequeues("widget"), 0);
}

}  // namespace
}  // namespace kubefake::client::workqueue
