// Reflector against a scripted ListWatch on a FakeClock: the WatchList request and its
// initial-events-end bookmark (R7.6, R7.8), fallback to LIST, bookmarks advancing the
// resourceVersion (R7.7) and backoff taken on the clock.
#include "kubefake/client/cache/reflector.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <thread>
#include <vector>

#include "kubefake/testing/fake_clock.h"

namespace kubefake::client::cache {
namespace {

using std::chrono::seconds;

nlohmann::json ObjJson(const std::string& name, const std::string& rv) {
  return {{"metadata", {{"namespace", "ns"}, {"name", name}, {"resourceVersion", rv}}}};
}

nlohmann::json Bookmark(const std::string& rv, bool initial_events_end) {
  nlohmann::json bookmark = {{"metadata", {{"resourceVersion", rv}}}};
  if (initial_events_end) {
    bookmark["metadata"]["annotations"] = {{"k8s.io/initial-events-end", "true"}};
  }
  return bookmark;
}

// Plays its events, then blocks until stopped. Counts Next calls so a test knows the
// Reflector has handled every scripted event.
class ScriptedStream final : public WatchStream {
 public:
  explicit ScriptedStream(std::deque<Result<std::optional<WatchEvent>>> events)
      : events_(std::move(events)) {}
  Result<std::optional<WatchEvent>> Next() override {
    std::unique_lock lock(mutex_);
    if (!events_.empty()) {
      auto event = std::move(events_.front());
      events_.pop_front();
      return event;
    }
    drained_ = true;
    changed_.notify_all();
    changed_.wait(lock, [this] { return stopped_; });
    return std::nullopt;
  }
  void Stop() override {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
  }
  bool WaitUntilDrained() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, seconds(30), [this] { return drained_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Result<std::optional<WatchEvent>>> events_;
  bool drained_ = false;
  bool stopped_ = false;
};

// A ListWatch whose answers the test scripts; records every call's options.
class ScriptedListWatch {
 public:
  ListWatch Get() {
    return {.list = [this](const ListOptions& options) -> Result<nlohmann::json> {
              std::lock_guard lock(mutex_);
              lists.push_back(options);
              if (list_answers.empty()) return Fail(api::NewInternalError("no list scripted"));
              auto answer = std::move(list_answers.front());
              list_answers.pop_front();
              return answer;
            },
            .watch = [this](const ListOptions& options) -> Result<std::unique_ptr<WatchStream>> {
              std::lock_guard lock(mutex_);
              watches.push_back(options);
              watched_.notify_all();
              if (watch_answers.empty()) {
                return std::make_unique<ScriptedStream>(
                    std::deque<Result<std::optional<WatchEvent>>>{});
              }
              auto answer = std::move(watch_answers.front());
              watch_answers.pop_front();
              return answer;
            }};
  }

  // Waits until `count` watch calls were made; false after 30 s of real time.
  bool WaitForWatches(size_t count) {
    std::unique_lock lock(mutex_);
    return watched_.wait_for(lock, seconds(30), [&] { return watches.size() >= count; });
  }

  std::mutex mutex_;
  std::condition_variable watched_;
  std::deque<Result<nlohmann::json>> list_answers;
  std::deque<Result<std::unique_ptr<WatchStream>>> watch_answers;
  std::vector<ListOptions> lists;
  std::vector<ListOptions> watches;
};

class ReflectorTest : public testing::Test {
 protected:
  ReflectorTest() : clock_(std::make_shared<testkit::FakeClock>()), fifo_(&known_) {}
  ~ReflectorTest() override {
    runner_ = {};
  }

  void Run(ReflectorOptions options = {}) {
    reflector_ = std::make_unique<Reflector>(script_.Get(), fifo_, clock_, std::move(options));
    runner_ = std::jthread([this](std::stop_token stop) { reflector_->Run(stop); });
  }

  std::deque<Result<std::optional<WatchEvent>>> Events(std::vector<WatchEvent> events) {
    std::deque<Result<std::optional<WatchEvent>>> out;
    for (WatchEvent& event : events) out.emplace_back(std::optional<WatchEvent>(std::move(event)));
    return out;
  }

  std::shared_ptr<testkit::FakeClock> clock_;
  Indexer known_;
  DeltaFifo fifo_;
  ScriptedListWatch script_;
  std::unique_ptr<Reflector> reflector_;
  std::jthread runner_;
};

TEST_F(ReflectorTest, WatchListWaitsForTheInitialEventsEndBookmark) {  // R7.6, R7.8
  auto stream = std::make_unique<ScriptedStream>(Events({
      {"ADDED", ObjJson("a", "3")},
      {"ADDED", ObjJson("b", "4")},
      {"BOOKMARK", Bookmark("5", false)},
      {"BOOKMARK", Bookmark("9", true)},
      {"ADDED", ObjJson("c", "10")},
  }));
  ScriptedStream* raw = stream.get();
  script_.watch_answers.push_back(std::move(stream));
  Run();
  ASSERT_TRUE(raw->WaitUntilDrained());
  runner_ = {};
  ASSERT_EQ(script_.watches.size(), 1u);
  const ListOptions& options = script_.watches[0];
  EXPECT_EQ(options.send_initial_events, std::optional<bool>(true));
  EXPECT_EQ(options.resource_version_match, "NotOlderThan");
  EXPECT_EQ(options.resource_version, "");
  EXPECT_TRUE(options.allow_watch_bookmarks);
  ASSERT_TRUE(options.timeout_seconds.has_value());
  EXPECT_GE(*options.timeout_seconds, 300);
  EXPECT_LT(*options.timeout_seconds, 600);
  EXPECT_TRUE(script_.lists.empty());
  // a and b arrived as one Replace; c after it, on the same watch.
  EXPECT_EQ(fifo_.Get("ns/a").at(0).type, DeltaType::kReplaced);
  EXPECT_EQ(fifo_.Get("ns/c").at(0).type, DeltaType::kAdded);
  EXPECT_EQ(reflector_->LastSyncResourceVersion(), "10");
  EXPECT_EQ(reflector_->WatchListCount(), 1);
}

TEST_F(ReflectorTest, AWatchListThatEndsBeforeTheBookmarkFallsBackToAPagedList) {  // R7.8
  script_.watch_answers.push_back(
      std::make_unique<ScriptedStream>(Events({{"ADDED", ObjJson("a", "3")}})));
  script_.watch_answers.front().value()->Stop();  // ends after its one event
  script_.list_answers.push_back(
      nlohmann::json{{"metadata", {{"resourceVersion", "7"}, {"continue", "page2"}}},
                     {"items", {ObjJson("a", "3")}}});
  script_.list_answers.push_back(
      nlohmann::json{{"metadata", {{"resourceVersion", "7"}}}, {"items", {ObjJson("b", "6")}}});
  Run({.page_size = 1});
  ASSERT_TRUE(script_.WaitForWatches(2));  // the WatchList, then the watch after the list
  runner_ = {};
  ASSERT_EQ(script_.lists.size(), 2u);
  EXPECT_EQ(script_.lists[0].limit, 1);
  EXPECT_EQ(script_.lists[1].continue_, "page2");
  EXPECT_EQ(fifo_.ListKeys(), (std::vector<std::string>{"ns/a", "ns/b"}));
  EXPECT_EQ(script_.watches[1].resource_version, "7");
  EXPECT_FALSE(script_.watches[1].send_initial_events.has_value());
  EXPECT_TRUE(script_.watches[1].allow_watch_bookmarks);
  EXPECT_EQ(reflector_->ListCount(), 1);
}

TEST_F(ReflectorTest, BookmarksAdvanceTheResourceVersionOfTheNextWatch) {  // R7.7
  script_.list_answers.push_back(
      nlohmann::json{{"metadata", {{"resourceVersion", "7"}}}, {"items", nlohmann::json::array()}});
  auto first = std::make_unique<ScriptedStream>(Events({{"BOOKMARK", Bookmark("42", false)}}));
  ScriptedStream* raw = first.get();
  script_.watch_answers.push_back(std::move(first));
  Run({.use_watch_list = false});
  ASSERT_TRUE(raw->WaitUntilDrained());
  EXPECT_EQ(reflector_->LastSyncResourceVersion(), "42");
  auto second = std::make_unique<ScriptedStream>(Events({}));
  ScriptedStream* raw_second = second.get();
  {
    std::lock_guard lock(script_.mutex_);
    script_.watch_answers.push_back(std::move(second));
  }
  raw->Stop();  // the watch ends cleanly: resumed from 42, no relist
  ASSERT_TRUE(raw_second->WaitUntilDrained());
  runner_ = {};
  ASSERT_EQ(script_.watches.size(), 2u);
  EXPECT_EQ(script_.watches[1].resource_version, "42");
  EXPECT_EQ(script_.lists.size(), 1u);
}

TEST_F(ReflectorTest, ErrorsBackOffOnTheClockBeforeRetrying) {
  script_.list_answers.push_back(Fail(api::NewInternalError("boom")));
  script_.list_answers.push_back(
      nlohmann::json{{"metadata", {{"resourceVersion", "7"}}}, {"items", {ObjJson("a", "1")}}});
  Run({.use_watch_list = false, .initial_backoff = seconds(1)});
  // The failed list left the Reflector asleep on the clock; it retries only when time moves.
  ASSERT_TRUE(clock_->WaitForWaiters(1));
  {
    std::lock_guard lock(script_.mutex_);
    EXPECT_EQ(script_.lists.size(), 1u);
  }
  EXPECT_FALSE(fifo_.HasSynced());
  clock_->Step(seconds(2));  // the jittered backoff is in [1 s, 2 s)
  ASSERT_TRUE(script_.WaitForWatches(1));  // the watch after the successful list
  runner_ = {};
  EXPECT_EQ(fifo_.ListKeys(), std::vector<std::string>{"ns/a"});
  EXPECT_EQ(script_.lists.size(), 2u);
  EXPECT_EQ(reflector_->ListCount(), 1);
}

}  // namespace
}  // namespace kubefake::client::cache
