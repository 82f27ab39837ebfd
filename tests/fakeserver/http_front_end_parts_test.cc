// Tests of the small parts of the HTTP front end: the gzip rule, bearer token parsing and the
// elastic connection task queue.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "bearer_token_authenticator.h"
#include "elastic_task_queue.h"
#include "response_compression.h"

namespace kubefake::fakeserver {
namespace {

TEST(ResponseCompressionTest, GzipOnlyForTheGzipTokenAndBodiesOver128KiB) {
  EXPECT_FALSE(ShouldGzip("gzip", kGzipThresholdBytes));
  EXPECT_TRUE(ShouldGzip("gzip", kGzipThresholdBytes + 1));
  EXPECT_TRUE(ShouldGzip("deflate, gzip ", kGzipThresholdBytes + 1));
  EXPECT_FALSE(ShouldGzip("gzip;q=1.0", kGzipThresholdBytes + 1));
  EXPECT_FALSE(ShouldGzip("br, deflate", kGzipThresholdBytes + 1));
  EXPECT_FALSE(ShouldGzip("", kGzipThresholdBytes + 1));
  EXPECT_GT(Gzip("x").size(), 18u) << "a gzip member has a 10-byte header and 8-byte trailer";
}

TEST(BearerTokenAuthenticatorTest, ReadsTheTokenAsTheApiserverDoes) {
  EXPECT_EQ(BearerToken("Bearer abc"), "abc");
  EXPECT_EQ(BearerToken("  bEaReR abc  "), "abc");
  EXPECT_EQ(BearerToken("Bearer abc extra"), "abc");
  EXPECT_EQ(BearerToken("Basic abc"), std::nullopt);
  EXPECT_EQ(BearerToken("Bearer"), std::nullopt);
  EXPECT_EQ(BearerToken(""), std::nullopt);
  EXPECT_EQ(AdminUser().name, "kubernetes-admin");
  EXPECT_EQ(AdminUser().groups,
            (std::vector<std::string>{"system:masters", "system:authenticated"}));
}

TEST(ElasticTaskQueueTest, RunsBlockingTasksConcurrentlyBeyondAnyFixedPoolAndRetiresThreads) {
  ElasticTaskQueue queue(1000, std::chrono::milliseconds(50));
  constexpr int kTasks = 64;
  std::mutex mutex;
  std::condition_variable changed;
  int running = 0;
  bool release = false;
  for (int i = 0; i < kTasks; ++i) {
    queue.enqueue([&] {
      std::unique_lock lock(mutex);
      ++running;
      changed.notify_all();
      changed.wait(lock, [&] { return release; });  // like a watch holding its connection
    });
  }
  {
    std::unique_lock lock(mutex);
    EXPECT_TRUE(changed.wait_for(lock, std::chrono::seconds(10), [&] { return running == kTasks; }))
        << running << " of " << kTasks << " tasks running at once";
    release = true;
    changed.notify_all();
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (queue.threads() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  EXPECT_EQ(queue.threads(), 0u) << "idle threads retire";
  std::atomic<int> ran = 0;
  queue.enqueue([&] { ++ran; });
  queue.shutdown();
  EXPECT_EQ(ran, 1) << "shutdown runs what is queued";
}

TEST(ElasticTaskQueueTest, TasksBeyondTheCapWaitTheirTurn) {
  ElasticTaskQueue queue(2, std::chrono::milliseconds(1000));
  std::atomic<int> ran = 0;
  for (int i = 0; i < 20; ++i) queue.enqueue([&] { ++ran; });
  EXPECT_LE(queue.threads(), 2u);
  queue.shutdown();
  EXPECT_EQ(ran, 20);
}

}  // namespace
}  // namespace kubefake::fakeserver
