// Tests of the small parts of the HTTP front end: the gzip rule and streaming gzip, a list body
// in pieces, bearer token parsing and the elastic connection task queue.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "bearer_token_authenticator.h"
#include "elastic_task_queue.h"
#include "encoded_item.h"
#include "list_body_stream.h"
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

TEST(ResponseCompressionTest, GzipWriterInPiecesGivesTheBytesOfGzipOfTheWhole) {
  std::string data;
  for (int i = 0; data.size() < 3 * kGzipThresholdBytes; ++i) {
    data += R"({"metadata":{"name":"web-)" + std::to_string(i) + R"("}},)";
  }
  GzipWriter writer;
  std::string out;
  for (size_t at = 0; at < data.size(); at += 10'000) {
    writer.Write(std::string_view(data).substr(at, 10'000), out);
  }
  writer.Write("", out);  // an empty piece changes nothing
  writer.Finish(out);
  EXPECT_EQ(out, Gzip(data));
}

std::shared_ptr<const EncodedItem> Item(std::string json) {
  return std::make_shared<const EncodedItem>(EncodedItem{.json = std::move(json)});
}

TEST(ListBodyStreamTest, PiecesAreWholeItemsAndJoinToTheBody) {
  std::vector<EncodedItemPtr> items;
  std::string joined;
  for (int i = 0; i < 50; ++i) {
    items.push_back(Item(R"({"n":")" + std::string(100 + i, 'x') + R"("})"));
    joined += (i > 0 ? "," : "") + items.back()->json;
  }
  const std::string body = "{\"items\":[" + joined + "]}\n";
  ListBodyStream stream("{\"items\":[", items, "]}\n");
  EXPECT_EQ(stream.size(), body.size());
  std::string read;
  int pieces = 0;
  for (std::string piece; stream.AppendNext(piece, 1000); piece.clear()) {
    // Whole items while they fit: the next item (at most 150 bytes and a comma) did not.
    const bool last = read.size() + piece.size() == body.size();
    EXPECT_LE(piece.size(), last ? 1003u : 1000u);
    if (!last) {
      EXPECT_GT(piece.size(), 1000u - 151u);
    }
    read += piece;
    ++pieces;
  }
  EXPECT_EQ(read, body);
  EXPECT_GT(pieces, 5);
  std::string after;
  EXPECT_FALSE(stream.AppendNext(after, 1000));
  EXPECT_TRUE(after.empty());
  EXPECT_EQ(stream.NextWithin(std::chrono::milliseconds(0)).state, StreamRead::State::kEnded);
}

TEST(ListBodyStreamTest, AnEmptyListIsItsHeadAndTail) {
  ListBodyStream stream("[", {}, "]");
  EXPECT_EQ(stream.size(), 2u);
  StreamRead read = stream.NextWithin(std::chrono::milliseconds(0));
  ASSERT_EQ(read.state, StreamRead::State::kFrame);
  EXPECT_EQ(read.frame, "[]");
  EXPECT_EQ(stream.NextWithin(std::chrono::milliseconds(0)).state, StreamRead::State::kEnded);
}

TEST(ListBodyStreamTest, CancelEndsTheBody) {
  ListBodyStream stream("[", {Item("1"), Item("2")}, "]");
  std::string piece;
  ASSERT_TRUE(stream.AppendNext(piece, 2));
  EXPECT_EQ(piece, "[1");
  stream.Cancel();
  EXPECT_FALSE(stream.AppendNext(piece, 2));
  EXPECT_EQ(piece, "[1");
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
