// Tests for InMemoryStorage's watch: replay and live delivery, event contents, expiry, slow
// watchers and notification (R7.3, R7.4, R7.9-R7.11), and a multi-threaded exactly-once check.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kubefake/api/error.h"
#include "kubefake/fakeserver/in_memory_storage.h"

namespace kubefake::fakeserver {
namespace {

using Clock = std::chrono::steady_clock;

// Generous: only reached when a test is about to fail, never waited out by a passing one.
constexpr auto kWaitDeadline = std::chrono::seconds(60);

api::Object WatchedObject(std::string_view name, std::string_view value) {
  return api::Object(nlohmann::json{{"apiVersion", "v1"},
                                    {"kind", "ConfigMap"},
                                    {"metadata", {{"name", name}}},
                                    {"data", {{"value", value}}}});
}

std::string Value(const api::Object& object) { return object.json()["data"]["value"]; }

UpdateFunc WriteValue(std::string value) {
  return [value](const KeyValue* current) -> Result<UpdateDecision> {
    api::Object object = current ? *current->object : WatchedObject("created", "");
    object.mutable_json()["data"]["value"] = value;
    return UpdateDecision{UpdateDecision::Action::kWrite, std::move(object)};
  };
}

// Adds one to the integer value of the key, creating it at "1".
UpdateFunc Increment() {
  return [](const KeyValue* current) -> Result<UpdateDecision> {
    const int value = current ? std::stoi(Value(*current->object)) : 0;
    return WriteValue(std::to_string(value + 1))(current);
  };
}

std::vector<StorageEvent> Drain(StorageWatch& watch) {
  std::vector<StorageEvent> events;
  while (std::optional<StorageEvent> event = watch.TryNext()) events.push_back(*event);
  return events;
}

std::vector<int64_t> Revisions(const std::vector<StorageEvent>& events) {
  std::vector<int64_t> revisions;
  for (const StorageEvent& event : events) revisions.push_back(event.revision);
  return revisions;
}

std::vector<int64_t> Range(int64_t first, int64_t last) {
  std::vector<int64_t> range;
  for (int64_t r = first; r <= last; ++r) range.push_back(r);
  return range;
}

class StorageWatchTest : public ::testing::Test {
 protected:
  void Create(std::string_view key, std::string_view value = "1") {
    ASSERT_TRUE(storage_.Create(key, WatchedObject(key, value)).has_value());
  }
  void Update(std::string_view key, std::string value) {
    ASSERT_TRUE(storage_.GuaranteedUpdate(key, 0, WriteValue(std::move(value))).has_value());
  }
  std::unique_ptr<StorageWatch> MustWatch(std::string_view prefix, int64_t after) {
    Result<std::unique_ptr<StorageWatch>> watch = storage_.Watch(prefix, after);
    EXPECT_TRUE(watch.has_value()) << watch.error().message();
    return watch ? std::move(*watch) : nullptr;
  }

  InMemoryStorage storage_;
};

TEST_F(StorageWatchTest, AWatchFromNowReceivesOnlyLaterChanges) {
  Create("/cm/a");
  std::unique_ptr<StorageWatch> watch = MustWatch("/cm/", 0);
  EXPECT_TRUE(Drain(*watch).empty());
  Create("/cm/b");
  Update("/cm/a", "2");
  std::vector<StorageEvent> events = Drain(*watch);
  EXPECT_EQ(Revisions(events), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(events[0].key, "/cm/b");
  EXPECT_EQ(events[1].key, "/cm/a");
}

TEST_F(StorageWatchTest, AWatchReplaysHistoryStrictlyAfterTheRevisionThenLiveEvents) {
  Create("/cm/a");       // 1
  Create("/cm/b");       // 2
  Update("/cm/a", "2");  // 3
  std::unique_ptr<StorageWatch> watch = MustWatch("/cm/", 1);
  Update("/cm/b", "2");  // 4
  std::vector<StorageEvent> events = Drain(*watch);
  // R7.4: an event with RV == n is not resent.
  EXPECT_EQ(Revisions(events), (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ(events[0].type, WatchEventType::kAdded);
  EXPECT_EQ(events[1].type, WatchEventType::kModified);
  EXPECT_EQ(Value(*events[2].object), "2");
}

TEST_F(StorageWatchTest, AWatchReceivesOnlyKeysUnderItsPrefix) {
  std::unique_ptr<StorageWatch> watch = MustWatch("/cm/ns1/", 0);
  Create("/cm/ns1/a");
  Create("/cm/ns10/a");
  Create("/cm/ns2/a");
  Create("/cm/ns1/b");
  Create("/pods/ns1/a");
  std::vector<StorageEvent> events = Drain(*watch);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].key, "/cm/ns1/a");
  EXPECT_EQ(events[1].key, "/cm/ns1/b");
}

TEST_F(StorageWatchTest, EventsCarryTheirObjectAndTheStateBeforeTheChange) {
  std::unique_ptr<StorageWatch> watch = MustWatch("/cm/", 0);
  Create("/cm/a", "v1");                                // 1
  Update("/cm/a", "v2");                                // 2
  Result<KeyValue> deleted = storage_.Delete("/cm/a");  // 3
  ASSERT_TRUE(deleted.has_value());
  std::vector<StorageEvent> events = Drain(*watch);
  ASSERT_EQ(events.size(), 3u);

  EXPECT_EQ(events[0].type, WatchEventType::kAdded);
  EXPECT_EQ(Value(*events[0].object), "v1");
  EXPECT_EQ(events[0].object->GetResourceVersion(), "1");
  EXPECT_EQ(events[0].prev_object, nullptr);

  EXPECT_EQ(events[1].type, WatchEventType::kModified);
  EXPECT_EQ(Value(*events[1].object), "v2");
  EXPECT_EQ(events[1].object->GetResourceVersion(), "2");
  EXPECT_EQ(events[1].prev_object, events[0].object);

  // R7.3: DELETED carries the last state at the deletion's resourceVersion.
  EXPECT_EQ(events[2].type, WatchEventType::kDeleted);
  EXPECT_EQ(events[2].revision, 3);
  EXPECT_EQ(Value(*events[2].object), "v2");
  EXPECT_EQ(events[2].object->GetResourceVersion(), "3");
  EXPECT_EQ(events[2].prev_object, events[1].object);
  EXPECT_EQ(events[2].prev_object->GetResourceVersion(), "2");
  EXPECT_EQ(deleted->object, events[1].object);
}

TEST_F(StorageWatchTest, AWatchFromBeforeChangesNobodyWatchedReplaysThemWhole) {
  // No watcher is open while these happen: a watch from before them still gets every change,
  // each with its object and the state before it (R7.3, R7.4).
  Create("/cm/base");                                 // 1
  Create("/cm/a", "v1");                              // 2
  Update("/cm/a", "v2");                              // 3
  ASSERT_TRUE(storage_.Delete("/cm/a").has_value());  // 4
  std::unique_ptr<StorageWatch> watch = MustWatch("/cm/", 1);
  ASSERT_NE(watch, nullptr);
  std::vector<StorageEvent> events = Drain(*watch);
  ASSERT_EQ(Revisions(events), (std::vector<int64_t>{2, 3, 4}));

  EXPECT_EQ(events[0].type, WatchEventType::kAdded);
  EXPECT_EQ(Value(*events[0].object), "v1");
  EXPECT_EQ(events[0].object->GetResourceVersion(), "2");
  EXPECT_EQ(events[0].prev_object, nullptr);

  EXPECT_EQ(events[1].type, WatchEventType::kModified);
  EXPECT_EQ(Value(*events[1].object), "v2");
  EXPECT_EQ(events[1].object->GetResourceVersion(), "3");
  ASSERT_NE(events[1].prev_object, nullptr);
  EXPECT_EQ(events[1].prev_object->json(), events[0].object->json());

  EXPECT_EQ(events[2].type, WatchEventType::kDeleted);
  EXPECT_EQ(events[2].key, "/cm/a");
  EXPECT_EQ(Value(*events[2].object), "v2");
  EXPECT_EQ(events[2].object->GetResourceVersion(), "4");
  ASSERT_NE(events[2].prev_object, nullptr);
  EXPECT_EQ(events[2].prev_object->json(), events[1].object->json());
}

TEST_F(StorageWatchTest, ANoopUpdateEmitsNoEvent) {
  Create("/cm/a");
  std::unique_ptr<StorageWatch> watch = MustWatch("/cm/", 0);
  ASSERT_TRUE(storage_.GuaranteedUpdate("/cm/a", 0, [](const KeyValue*) {
    return Result<UpdateDecision>(UpdateDecision{UpdateDecision::Action::kNoop, {}});
  }));
  Update("/cm/a", "2");
  EXPECT_EQ(Revisions(Drain(*watch)), (std::vector<int64_t>{2}));
}

TEST_F(StorageWatchTest, AWatchFromACompactedRevisionReturnsExpiredWithTheWatchCacheMessage) {
  for (int i = 0; i < 6; ++i) Create("/cm/" + std::to_string(i));
  storage_.Compact(5);
  Result<std::unique_ptr<StorageWatch>> watch = storage_.Watch("/cm/", 4);
  ASSERT_FALSE(watch.has_value());
  EXPECT_TRUE(api::IsResourceExpired(watch.error()));
  EXPECT_EQ(watch.error().code(), 410);
  EXPECT_EQ(watch.error().message(), "too old resource version: 4 (5)");
}

TEST_F(StorageWatchTest, AWatchFromTheCompactedRevisionItselfIsServed) {
  for (int i = 0; i < 6; ++i) Create("/cm/" + std::to_string(i));
  storage_.Compact(5);
  std::unique_ptr<StorageWatch> watch = MustWatch("/cm/", 5);
  EXPECT_EQ(Revisions(Drain(*watch)), (std::vector<int64_t>{6}));
}

TEST_F(StorageWatchTest, AWatchFromAFutureRevisionWaitsForEventsAfterIt) {
  Create("/cm/a");  // 1
  std::unique_ptr<StorageWatch> watch = MustWatch("/cm/", 3);
  Create("/cm/b");  // 2
  Create("/cm/c");  // 3
  Create("/cm/d");  // 4
  EXPECT_EQ(Revisions(Drain(*watch)), (std::vector<int64_t>{4}));
}

TEST(StorageSlowWatchTest, ASlowWatcherIsClosedAsTooSlowWhileOthersKeepReceiving) {
  InMemoryStorage::Options options;
  options.watch_queue_capacity = 3;
  InMemoryStorage storage(options);
  std::unique_ptr<StorageWatch> slow = *storage.Watch("/cm/", 0);
  std::unique_ptr<StorageWatch> fast = *storage.Watch("/cm/", 0);
  std::atomic<int> slow_notified = 0;
  slow->SetNotify([&] { ++slow_notified; });

  std::vector<StorageEvent> fast_events;
  for (int i = 1; i <= 10; ++i) {
    // Writes never block on the slow watcher.
    ASSERT_TRUE(storage.Create("/cm/" + std::to_string(i), WatchedObject("x", "1")).has_value());
    for (StorageEvent& event : Drain(*fast)) fast_events.push_back(std::move(event));
  }
  EXPECT_EQ(Revisions(fast_events), Range(1, 10));
  EXPECT_EQ(fast->closed_reason(), "");

  ASSERT_EQ(slow->closed_reason(), "too slow");
  EXPECT_EQ(slow_notified.load(), 2) << "the first event (the rest queued behind it), the close";
  // What was queued before the close is delivered, then nothing: a gap-free prefix.
  EXPECT_EQ(Revisions(Drain(*slow)), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(slow->Next(), std::nullopt);
  EXPECT_EQ(storage.GetStats().watchers, 1u);

  // R7.10: the client resumes from its last revision.
  Result<std::unique_ptr<StorageWatch>> resumed = storage.Watch("/cm/", 3);
  ASSERT_TRUE(resumed.has_value());
  EXPECT_EQ(Revisions(Drain(**resumed)), Range(4, 10));
}

TEST(StorageSlowWatchTest, ReplayedHistoryDoesNotCountTowardTheQueueBound) {
  InMemoryStorage::Options options;
  options.watch_queue_capacity = 2;
  InMemoryStorage storage(options);
  for (int i = 1; i <= 10; ++i) {
    ASSERT_TRUE(storage.Create("/cm/" + std::to_string(i), WatchedObject("x", "1")).has_value());
  }
  std::unique_ptr<StorageWatch> watch = *storage.Watch("/cm/", 1);
  for (int i = 11; i <= 12; ++i) {
    ASSERT_TRUE(storage.Create("/cm/" + std::to_string(i), WatchedObject("x", "1")).has_value());
  }
  EXPECT_EQ(watch->closed_reason(), "");
  ASSERT_TRUE(storage.Create("/cm/13", WatchedObject("x", "1")).has_value());
  EXPECT_EQ(watch->closed_reason(), "too slow");
  EXPECT_EQ(Revisions(Drain(*watch)), Range(2, 12));
}

TEST(StorageSlowWatchTest, AConsumerThatKeepsUpIsNeverClosed) {
  InMemoryStorage::Options options;
  options.watch_queue_capacity = 1;
  InMemoryStorage storage(options);
  std::unique_ptr<StorageWatch> watch = *storage.Watch("/cm/", 0);
  for (int i = 1; i <= 100; ++i) {
    ASSERT_TRUE(storage.Create("/cm/" + std::to_string(i), WatchedObject("x", "1")).has_value());
    std::optional<StorageEvent> event = watch->TryNext();
    ASSERT_TRUE(event.has_value());
    EXPECT_EQ(event->revision, i);
  }
  EXPECT_EQ(watch->closed_reason(), "");
}

TEST_F(StorageWatchTest, NextBlocksUntilAnEventArrives) {
  std::unique_ptr<StorageWatch> watch = MustWatch("/cm/", 0);
  auto next = std::async(std::launch::async, [&] { return watch->Next(); });
  Create("/cm/a");
  ASSERT_EQ(next.wait_for(kWaitDeadline), std::future_status::ready);
  std::optional<StorageEvent> event = next.get();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->key, "/cm/a");
}

TEST_F(StorageWatchTest, StopUnblocksNext) {
  std::unique_ptr<StorageWatch> watch = MustWatch("/cm/", 0);
  std::latch started(1);
  auto next = std::async(std::launch::async, [&] {
    started.count_down();
    return watch->Next();
  });
  started.wait();
  watch->Stop();
  ASSERT_EQ(next.wait_for(kWaitDeadline), std::future_status::ready);
  EXPECT_EQ(next.get(), std::nullopt);
  EXPECT_EQ(watch->closed_reason(), "");
}

TEST_F(StorageWatchTest, StopDropsQueuedEventsAndUnregisters) {
  std::unique_ptr<StorageWatch> watch = MustWatch("/cm/", 0);
  Create("/cm/a");
  EXPECT_EQ(storage_.GetStats().watchers, 1u);
  watch->Stop();
  EXPECT_EQ(watch->TryNext(), std::nullopt);
  EXPECT_EQ(watch->Next(), std::nullopt);
  EXPECT_EQ(storage_.GetStats().watchers, 0u);
  Create("/cm/b");
  EXPECT_EQ(watch->TryNext(), std::nullopt);
}

TEST_F(StorageWatchTest, DestroyingAWatchUnregistersIt) {
  std::unique_ptr<StorageWatch> watch = MustWatch("/cm/", 0);
  EXPECT_EQ(storage_.GetStats().watchers, 1u);
  watch.reset();
  EXPECT_EQ(storage_.GetStats().watchers, 0u);
  Create("/cm/a");
  EXPECT_EQ(storage_.CurrentRevision(), 1);
}

TEST_F(StorageWatchTest, NotifyFiresWhenAnEventIsQueuedWhileNoneWaitsButNotAfterStop) {
  std::unique_ptr<StorageWatch> watch = MustWatch("/cm/", 0);
  std::atomic<int> notified = 0;
  watch->SetNotify([&] { ++notified; });
  Create("/cm/a");
  EXPECT_EQ(notified.load(), 1);
  Create("/cm/b");
  Create("/other/c");
  EXPECT_EQ(notified.load(), 1) << "b queued behind a, which the consumer has not taken";
  EXPECT_EQ(Revisions(Drain(*watch)), (std::vector<int64_t>{1, 2}));
  watch->SetNotify([&] { notified += 100; });
  Create("/cm/d");
  EXPECT_EQ(notified.load(), 101);
  watch->Stop();
  Create("/cm/e");
  EXPECT_EQ(notified.load(), 101);
}

TEST(StorageLifetimeTest, DestroyingTheStorageEndsOpenWatchesAfterTheirQueuedEvents) {
  auto storage = std::make_unique<InMemoryStorage>();
  std::unique_ptr<StorageWatch> watch = *storage->Watch("/cm/", 0);
  std::atomic<int> notified = 0;
  watch->SetNotify([&] { ++notified; });
  ASSERT_TRUE(storage->Create("/cm/a", WatchedObject("a", "1")).has_value());
  storage.reset();
  EXPECT_EQ(notified.load(), 2);
  ASSERT_EQ(watch->closed_reason(), "storage closed");
  std::optional<StorageEvent> event = watch->Next();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->key, "/cm/a");
  EXPECT_EQ(watch->Next(), std::nullopt);
}

// Reads one watch on its own thread until it sees `sentinel`, reopening it from its last revision
// whenever the storage closes it as too slow (what a reflector does, R7.10).
class Consumer {
 public:
  Consumer(InMemoryStorage& storage, std::string prefix, int64_t after, std::string sentinel)
      : storage_(storage),
        prefix_(std::move(prefix)),
        after_(after),
        sentinel_(std::move(sentinel)) {
    Result<std::unique_ptr<StorageWatch>> watch = storage_.Watch(prefix_, after_);
    EXPECT_TRUE(watch.has_value());
    if (watch) watch_ = std::move(*watch);
    thread_ = std::thread([this] {
      Run();
      done_.set_value();
    });
  }
  ~Consumer() {
    if (thread_.joinable()) Join(Clock::now());
  }

  // Waits for the thread to finish; on timeout stops the watch, joins and returns false.
  bool Join(Clock::time_point deadline) {
    const bool finished = done_.get_future().wait_until(deadline) == std::future_status::ready;
    if (!finished) {
      std::lock_guard lock(mu_);
      cancelled_ = true;
      if (watch_) watch_->Stop();
    }
    thread_.join();
    return finished;
  }

  const std::vector<StorageEvent>& events() const { return events_; }
  int64_t after() const { return after_; }
  int reopened() const { return reopened_; }
  const std::string& error() const { return error_; }

 private:
  void Run() {
    if (!watch_) return;
    for (;;) {
      if (std::optional<StorageEvent> event = watch_->Next()) {
        events_.push_back(*event);
        if (event->key == sentinel_) return;
        continue;
      }
      std::lock_guard lock(mu_);
      if (cancelled_) return;
      if (watch_->closed_reason() != "too slow") {
        error_ = "watch ended: " + watch_->closed_reason();
        return;
      }
      ++reopened_;
      const int64_t last = events_.empty() ? after_ : events_.back().revision;
      Result<std::unique_ptr<StorageWatch>> watch = storage_.Watch(prefix_, last);
      if (!watch) {
        error_ = watch.error().message();
        return;
      }
      watch_ = std::move(*watch);
    }
  }

  InMemoryStorage& storage_;
  const std::string prefix_;
  const int64_t after_;
  const std::string sentinel_;
  std::mutex mu_;
  std::unique_ptr<StorageWatch> watch_;  // replaced by the thread under mu_
  bool cancelled_ = false;               // guarded by mu_
  std::vector<StorageEvent> events_;     // the thread's until joined
  int reopened_ = 0;
  std::string error_;
  std::promise<void> done_;
  std::thread thread_;
};

// Several writers and several watchers at once: every watcher sees every change under its prefix
// exactly once and in revision order, what it sees rebuilds the stored state, and no write is
// lost. Parameterized by the watch queue capacity: ample (nobody is closed) and tiny (watchers
// are closed as too slow and resume from their last revision).
class StorageConcurrencyTest : public ::testing::TestWithParam<size_t> {};

TEST_P(StorageConcurrencyTest, EveryWatcherSeesEveryChangeOnceInOrderAndNoWriteIsLost) {
  constexpr int kWriters = 4;
  constexpr int kKeysPerWriter = 150;
  constexpr const char* kSentinel = "/c/zz-done";
  InMemoryStorage::Options options;
  options.history_revisions = 1'000'000;  // resuming never hits compaction
  options.watch_queue_capacity = GetParam();
  InMemoryStorage storage(options);
  ASSERT_TRUE(storage.Create("/c/counter", WatchedObject("counter", "0")).has_value());
  ASSERT_TRUE(storage.Create("/c/cas", WatchedObject("cas", "0")).has_value());
  const int64_t start = storage.CurrentRevision();

  std::vector<std::unique_ptr<Consumer>> full;
  for (int i = 0; i < 3; ++i) {
    full.push_back(std::make_unique<Consumer>(storage, "/c/", start, kSentinel));
  }

  std::atomic<int> conflicts = 0;
  std::latch some_written(1);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kKeysPerWriter; ++i) {
        const std::string key = "/c/w" + std::to_string(w) + "/k" + std::to_string(i);
        EXPECT_TRUE(storage.Create(key, WatchedObject(key, "0")).has_value());
        EXPECT_TRUE(storage.GuaranteedUpdate(key, 0, WriteValue("1")).has_value());
        if (i % 3 == 0) {
          EXPECT_TRUE(storage.Delete(key).has_value());
        }
        EXPECT_TRUE(storage.GuaranteedUpdate("/c/counter", 0, Increment()).has_value());
        // Compare-and-swap from a read, retried on Conflict.
        for (;;) {
          Result<KeyValue> current = storage.Get("/c/cas");
          ASSERT_TRUE(current.has_value());
          Result<KeyValue> swapped =
              storage.GuaranteedUpdate("/c/cas", current->mod_revision, Increment());
          if (swapped) break;
          ASSERT_TRUE(api::IsConflict(swapped.error())) << swapped.error().message();
          ++conflicts;
        }
        if (w == 0 && i == 10) some_written.count_down();
      }
    });
  }
  // A watcher that opens mid-way from a past revision: replay, then live.
  some_written.wait();
  Consumer late(storage, "/c/", start + 5, kSentinel);
  for (std::thread& writer : writers) writer.join();
  ASSERT_TRUE(storage.Create(kSentinel, WatchedObject("done", "1")).has_value());
  const int64_t final_revision = storage.CurrentRevision();

  // Each writer: per key a create, an update, a counter and a CAS increment, a delete for every
  // third key; plus the sentinel.
  const int64_t deletes = kWriters * ((kKeysPerWriter + 2) / 3);
  EXPECT_EQ(final_revision, start + kWriters * kKeysPerWriter * 4 + deletes + 1);

  const auto deadline = Clock::now() + kWaitDeadline;
  for (auto& consumer : full) ASSERT_TRUE(consumer->Join(deadline)) << consumer->error();
  ASSERT_TRUE(late.Join(deadline)) << late.error();

  // No write is lost: the final state is what the writers wrote.
  Result<ListResult> stored = storage.List("/c/", {});
  ASSERT_TRUE(stored.has_value());
  std::map<std::string, std::string> expected = {
      {"/c/counter", std::to_string(kWriters * kKeysPerWriter)},
      {"/c/cas", std::to_string(kWriters * kKeysPerWriter)},
      {kSentinel, "1"}};
  for (int w = 0; w < kWriters; ++w) {
    for (int i = 0; i < kKeysPerWriter; ++i) {
      if (i % 3 != 0) expected["/c/w" + std::to_string(w) + "/k" + std::to_string(i)] = "1";
    }
  }
  std::map<std::string, std::string> actual;
  for (const KeyValue& item : stored->items) actual[item.key] = Value(*item.object);
  EXPECT_EQ(actual, expected);

  auto check_full = [&](const Consumer& consumer) {
    EXPECT_EQ(consumer.error(), "");
    // Exactly once, in revision order, nothing missing.
    EXPECT_EQ(Revisions(consumer.events()), Range(consumer.after() + 1, final_revision));
    // Replaying the events over the state at the start rebuilds the final state, and each
    // event's prev_object is the object the watcher saw last for that key.
    std::map<std::string, ObjectPtr> state;
    StorageListOptions at_start;
    at_start.revision = consumer.after();
    Result<ListResult> initial = storage.List("/c/", at_start);
    ASSERT_TRUE(initial.has_value());
    for (const KeyValue& item : initial->items) {
      state[item.key] = item.object;
    }
    for (const StorageEvent& event : consumer.events()) {
      auto it = state.find(event.key);
      switch (event.type) {
        case WatchEventType::kAdded:
          EXPECT_EQ(it, state.end()) << event.key;
          state[event.key] = event.object;
          break;
        case WatchEventType::kModified:
          ASSERT_NE(it, state.end()) << event.key;
          EXPECT_EQ(event.prev_object, it->second) << event.key;
          it->second = event.object;
          break;
        case WatchEventType::kDeleted:
          ASSERT_NE(it, state.end()) << event.key;
          EXPECT_EQ(event.prev_object, it->second) << event.key;
          EXPECT_EQ(event.object->GetResourceVersion(), std::to_string(event.revision));
          state.erase(it);
          break;
      }
    }
    std::map<std::string, std::string> rebuilt;
    for (const auto& [key, object] : state) rebuilt[key] = Value(*object);
    EXPECT_EQ(rebuilt, expected);
  };
  for (const auto& consumer : full) check_full(*consumer);
  check_full(late);
  // The full watchers all saw the same sequence (same objects, not just revisions).
  for (size_t i = 1; i < full.size(); ++i) {
    ASSERT_EQ(full[i]->events().size(), full[0]->events().size());
    for (size_t j = 0; j < full[0]->events().size(); ++j) {
      EXPECT_EQ(full[i]->events()[j].object, full[0]->events()[j].object);
    }
  }
  RecordProperty("conflicts", conflicts.load());
  int reopened = 0;
  for (const auto& consumer : full) reopened += consumer->reopened();
  RecordProperty("reopened", reopened + late.reopened());
  if (GetParam() >= 1'000'000) {
    EXPECT_EQ(reopened + late.reopened(), 0);
  }
}

TEST_P(StorageConcurrencyTest, AWatcherOnANarrowPrefixSeesExactlyItsKeysChanges) {
  constexpr int kWriters = 3;
  constexpr int kKeysPerWriter = 100;
  InMemoryStorage::Options options;
  options.history_revisions = 1'000'000;
  options.watch_queue_capacity = GetParam();
  InMemoryStorage storage(options);
  Consumer narrow(storage, "/c/w1/", 0, "/c/w1/zz-done");
  Consumer full(storage, "/c/", 0, "/c/zz-done");
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kKeysPerWriter; ++i) {
        const std::string key = "/c/w" + std::to_string(w) + "/k" + std::to_string(i % 10);
        if (!storage.Create(key, WatchedObject(key, "0"))) {
          EXPECT_TRUE(storage.GuaranteedUpdate(key, 0, Increment()).has_value());
        }
        if (i % 4 == 3) {
          EXPECT_TRUE(storage.Delete(key).has_value());
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  ASSERT_TRUE(storage.Create("/c/w1/zz-done", WatchedObject("done", "1")).has_value());
  ASSERT_TRUE(storage.Create("/c/zz-done", WatchedObject("done", "1")).has_value());
  const auto deadline = Clock::now() + kWaitDeadline;
  ASSERT_TRUE(full.Join(deadline)) << full.error();
  ASSERT_TRUE(narrow.Join(deadline)) << narrow.error();

  std::vector<int64_t> expected;
  for (const StorageEvent& event : full.events()) {
    if (event.key.starts_with("/c/w1/")) expected.push_back(event.revision);
  }
  EXPECT_EQ(Revisions(narrow.events()), expected);
  EXPECT_EQ(Revisions(full.events()), Range(1, storage.CurrentRevision()));
}

INSTANTIATE_TEST_SUITE_P(StorageQueueCapacity, StorageConcurrencyTest,
                         ::testing::Values(size_t{1'000'000}, size_t{4}),
                         [](const ::testing::TestParamInfo<size_t>& info) {
                           return info.param >= 1'000'000 ? std::string("Ample")
                                                          : std::string("Tiny");
                         });

}  // namespace
}  // namespace kubefake::fakeserver
