// Tests of workqueue::Queue<T>: fair, stingy and re-entrant as client-go's workqueue, with
// ShutDown and ShutDownWithDrain; concurrency with real worker threads.
#include "kubefake/client/workqueue/queue.h"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace kubefake::client::workqueue {
namespace {

constexpr auto kDeadline = std::chrono::seconds(10);

// Waits until `condition` holds, for at most kDeadline of real time.
template <typename Condition>
bool Eventually(Condition condition) {
  const auto give_up = std::chrono::steady_clock::now() + kDeadline;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::yield();
  }
  return true;
}

TEST(QueueTest, GetHandsOutItemsInTheOrderTheyWereAdded) {
  Queue<std::string> queue;
  queue.Add("a");
  queue.Add("b");
  queue.Add("c");
  EXPECT_EQ(queue.Len(), 3u);
  EXPECT_EQ(queue.Get(), "a");
  EXPECT_EQ(queue.Get(), "b");
  EXPECT_EQ(queue.Get(), "c");
  EXPECT_EQ(queue.Len(), 0u);
}

TEST(QueueTest, AnItemAddedAgainWhileItWaitsIsQueuedOnce) {
  Queue<std::string> queue;
  queue.Add("a");
  queue.Add("b");
  queue.Add("a");
  EXPECT_EQ(queue.Len(), 2u);
  EXPECT_EQ(queue.Get(), "a");
  EXPECT_EQ(queue.Get(), "b");
}

TEST(QueueTest, AnItemAddedWhileProcessedIsHandedOutAgainOnlyAfterDone) {
  Queue<std::string> queue;
  queue.Add("a");
  ASSERT_EQ(queue.Get(), "a");
  queue.Add("a");
  queue.Add("a");
  EXPECT_EQ(queue.Len(), 0u) << "never handed to a second worker while processed";
  queue.Done("a");
  EXPECT_EQ(queue.Len(), 1u) << "queued again, once";
  EXPECT_EQ(queue.Get(), "a");
  queue.Done("a");
  EXPECT_EQ(queue.Len(), 0u);
}

TEST(QueueTest, DoneWithoutANewAddLeavesTheItemOut) {
  Queue<int> queue;
  queue.Add(1);
  ASSERT_EQ(queue.Get(), 1);
  queue.Done(1);
  EXPECT_EQ(queue.Len(), 0u);
  queue.Add(1);
  EXPECT_EQ(queue.Len(), 1u) << "a processed item may be added again";
}

TEST(QueueTest, DoneForAnItemNotBeingProcessedChangesNothing) {
  Queue<int> queue;
  queue.Add(1);
  queue.Done(1);
  EXPECT_EQ(queue.Len(), 1u) << "not queued a second time";
  EXPECT_EQ(queue.Get(), 1);
}

TEST(QueueTest, GetBlocksUntilAnItemIsAdded) {
  Queue<std::string> queue;
  auto got = std::async(std::launch::async, [&] { return queue.Get(); });
  queue.Add("a");
  ASSERT_EQ(got.wait_for(kDeadline), std::future_status::ready);
  EXPECT_EQ(got.get(), "a");
}

TEST(QueueTest, ShutDownWakesABlockedGetWithNothing) {
  Queue<std::string> queue;
  auto got = std::async(std::launch::async, [&] { return queue.Get(); });
  queue.ShutDown();
  ASSERT_EQ(got.wait_for(kDeadline), std::future_status::ready);
  EXPECT_EQ(got.get(), std::nullopt);
  EXPECT_TRUE(queue.ShuttingDown());
}

TEST(QueueTest, AfterShutDownQueuedItemsAreStillHandedOutAndNewOnesIgnored) {
  Queue<std::string> queue;
  queue.Add("a");
  EXPECT_FALSE(queue.ShuttingDown());
  queue.ShutDown();
  queue.Add("b");
  EXPECT_EQ(queue.Len(), 1u);
  EXPECT_EQ(queue.Get(), "a");
  EXPECT_EQ(queue.Get(), std::nullopt);
}

TEST(QueueTest, AnItemAddedWhileProcessedBeforeShutDownIsStillProcessedAgain) {
  Queue<std::string> queue;
  queue.Add("a");
  ASSERT_EQ(queue.Get(), "a");
  queue.Add("a");
  queue.ShutDown();
  queue.Done("a");
  EXPECT_EQ(queue.Get(), "a");
  queue.Done("a");
  EXPECT_EQ(queue.Get(), std::nullopt);
}

TEST(QueueTest, ShutDownWithDrainReturnsOnlyOnceProcessingItemsAreDone) {
  Queue<std::string> queue;
  queue.Add("a");
  ASSERT_EQ(queue.Get(), "a");
  std::atomic<bool> done_called{false};
  auto drain = std::async(std::launch::async, [&] {
    queue.ShutDownWithDrain();
    return done_called.load();
  });
  ASSERT_TRUE(Eventually([&] { return queue.ShuttingDown(); }));
  queue.Add("b");
  EXPECT_EQ(queue.Len(), 0u) << "a draining queue takes no new items";
  done_called = true;
  queue.Done("a");
  ASSERT_EQ(drain.wait_for(kDeadline), std::future_status::ready);
  EXPECT_TRUE(drain.get()) << "the drain returned before the processing item was Done";
}

TEST(QueueTest, ShutDownWithDrainReturnsAtOnceWhenNothingIsProcessed) {
  Queue<std::string> queue;
  queue.Add("waiting");
  queue.ShutDownWithDrain();
  EXPECT_TRUE(queue.ShuttingDown());
  EXPECT_EQ(queue.Get(), "waiting") << "queued items are still handed out";
}

TEST(QueueTest, ShutDownEndsAWaitingDrain) {
  Queue<std::string> queue;
  queue.Add("stuck");
  ASSERT_EQ(queue.Get(), "stuck");
  auto drain = std::async(std::launch::async, [&] { queue.ShutDownWithDrain(); });
  ASSERT_TRUE(Eventually([&] { return queue.ShuttingDown(); }));
  queue.ShutDown();
  EXPECT_EQ(drain.wait_for(kDeadline), std::future_status::ready);
}

// Producers add keys while workers process them. No key is ever processed by two workers at
// once, and every key's last processing starts after its last Add.
TEST(QueueTest, ConcurrentWorkersNeverProcessAKeyTwiceAtOnceAndMissNoAdd) {
  constexpr int kKeys = 8;
  constexpr int kProducers = 3;
  constexpr int kWorkers = 4;
  constexpr int kAddsPerProducer = 2000;
  Queue<int> queue;
  std::array<std::atomic<int>, kKeys> version{};
  std::mutex mutex;
  std::set<int> in_progress;                 // guarded by mutex
  std::map<int, int> version_seen;           // guarded by mutex
  std::atomic<int> overlaps{0};

  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&] {
      while (std::optional<int> key = queue.Get()) {
        {
          std::lock_guard lock(mutex);
          if (!in_progress.insert(*key).second) ++overlaps;
          int& seen = version_seen[*key];
          seen = std::max(seen, version[*key].load());
        }
        std::this_thread::yield();  // widen the window in which a duplicate would show
        {
          std::lock_guard lock(mutex);
          in_progress.erase(*key);
        }
        queue.Done(*key);
      }
    });
  }
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (int i = 0; i < kAddsPerProducer; ++i) {
        const int key = (i * 7 + p) % kKeys;
        ++version[key];
        queue.Add(key);
      }
    });
  }
  for (std::thread& producer : producers) producer.join();
  queue.ShutDownWithDrain();
  for (std::thread& worker : workers) worker.join();

  EXPECT_EQ(overlaps.load(), 0);
  for (int key = 0; key < kKeys; ++key) {
    EXPECT_EQ(version_seen[key], version[key].load()) << "key " << key;
  }
  EXPECT_EQ(queue.Len(), 0u);
}

}  // namespace
}  // namespace kubefake::client::workqueue
