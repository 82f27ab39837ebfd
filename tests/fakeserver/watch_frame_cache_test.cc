// Tests of WatchFrameCache: one encoding per (change, event type, format, owner), shared by
// every caller, and bounded.
#include "watch_frame_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace kubefake::fakeserver {
namespace {

// An encoder that counts its calls and returns `bytes`.
auto Counting(std::atomic<int>& calls, std::string bytes) {
  return [&calls, bytes] {
    ++calls;
    return bytes;
  };
}

TEST(WatchFrameCacheTest, EncodesEachFrameOnceAndSharesTheBytes) {
  WatchFrameCache cache;
  std::atomic<int> calls = 0;
  const WatchFrameCache::Key key{7, "ADDED", "json v1/ConfigMap", nullptr};
  std::shared_ptr<const std::string> first = cache.GetOrEncode(key, Counting(calls, "frame-7"));
  std::shared_ptr<const std::string> second = cache.GetOrEncode(key, Counting(calls, "other"));
  EXPECT_EQ(*first, "frame-7");
  EXPECT_EQ(first, second) << "the same bytes, not a copy";
  EXPECT_EQ(calls, 1);
}

TEST(WatchFrameCacheTest, EveryPartOfTheKeyTellsFramesApart) {
  WatchFrameCache cache;
  std::atomic<int> calls = 0;
  auto owner = std::make_shared<int>(1);
  const std::vector<WatchFrameCache::Key> keys = {
      {7, "ADDED", "json v1/ConfigMap", nullptr},
      {8, "ADDED", "json v1/ConfigMap", nullptr},
      {7, "MODIFIED", "json v1/ConfigMap", nullptr},
      {7, "ADDED", "protobuf v1/ConfigMap", nullptr},
      {7, "ADDED", "json v1/ConfigMap", owner},
  };
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(*cache.GetOrEncode(keys[i], Counting(calls, std::to_string(i))), std::to_string(i));
  }
  EXPECT_EQ(calls, static_cast<int>(keys.size()));
}

TEST(WatchFrameCacheTest, TheOldestFramesAreDroppedBeyondTheByteCapAndEncodedAgain) {
  WatchFrameCache cache(25);  // two 10-byte frames fit, a third does not
  std::atomic<int> calls = 0;
  for (int64_t revision : {1, 2, 3}) {
    cache.GetOrEncode({revision, "ADDED", "json", nullptr}, Counting(calls, "0123456789"));
  }
  ASSERT_EQ(calls, 3);
  cache.GetOrEncode({2, "ADDED", "json", nullptr}, Counting(calls, "0123456789"));
  cache.GetOrEncode({3, "ADDED", "json", nullptr}, Counting(calls, "0123456789"));
  EXPECT_EQ(calls, 3) << "revisions 2 and 3 are still cached";
  cache.GetOrEncode({1, "ADDED", "json", nullptr}, Counting(calls, "0123456789"));
  EXPECT_EQ(calls, 4) << "revision 1 was dropped";
}

TEST(WatchFrameCacheTest, ManySmallFramesStayWhereFewLargeOnesDoNot) {
  WatchFrameCache cache(100);
  std::atomic<int> calls = 0;
  for (int64_t revision = 1; revision <= 20; ++revision) {
    cache.GetOrEncode({revision, "ADDED", "json", nullptr}, Counting(calls, "12345"));
  }
  for (int64_t revision = 1; revision <= 20; ++revision) {
    cache.GetOrEncode({revision, "ADDED", "json", nullptr}, Counting(calls, "12345"));
  }
  EXPECT_EQ(calls, 20) << "twenty 5-byte frames fit in 100 bytes";
  const std::string large(60, 'x');
  EXPECT_EQ(*cache.GetOrEncode({21, "ADDED", "json", nullptr}, Counting(calls, large)), large);
  EXPECT_EQ(*cache.GetOrEncode({22, "ADDED", "json", nullptr}, Counting(calls, large)), large);
  cache.GetOrEncode({21, "ADDED", "json", nullptr}, Counting(calls, large));
  EXPECT_EQ(calls, 23) << "a second 60-byte frame drops the first";
}

TEST(WatchFrameCacheTest, AFrameLargerThanTheCapIsStillAnswered) {
  WatchFrameCache cache(4);
  std::atomic<int> calls = 0;
  EXPECT_EQ(*cache.GetOrEncode({1, "ADDED", "json", nullptr}, Counting(calls, "too large")),
            "too large");
}

TEST(WatchFrameCacheTest, ConcurrentCallersOfOneKeyShareOneEncoding) {
  WatchFrameCache cache;
  std::atomic<int> calls = 0;
  std::vector<std::shared_ptr<const std::string>> frames(16);
  {
    std::vector<std::jthread> threads;
    for (auto& frame : frames) {
      threads.emplace_back([&] {
        frame = cache.GetOrEncode({9, "DELETED", "json", nullptr}, Counting(calls, "frame-9"));
      });
    }
  }
  EXPECT_EQ(calls, 1);
  for (const auto& frame : frames) EXPECT_EQ(frame, frames.front());
}

}  // namespace
}  // namespace kubefake::fakeserver
