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

TEST(WatchFrameCacheTest, TheOldestFrameIsDroppedBeyondTheCapacityAndEncodedAgain) {
  WatchFrameCache cache(2);
  std::atomic<int> calls = 0;
  for (int64_t revision : {1, 2, 3}) {
    cache.GetOrEncode({revision, "ADDED", "json", nullptr}, Counting(calls, "x"));
  }
  ASSERT_EQ(calls, 3);
  cache.GetOrEncode({3, "ADDED", "json", nullptr}, Counting(calls, "x"));
  EXPECT_EQ(calls, 3) << "revision 3 is still cached";
  cache.GetOrEncode({1, "ADDED", "json", nullptr}, Counting(calls, "x"));
  EXPECT_EQ(calls, 4) << "revision 1 was dropped";
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
