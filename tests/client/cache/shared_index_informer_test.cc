// SharedIndexInformer against the fake over every transport: the cache and every handler
// converge to exactly the server's state while objects change, a watch the server ends is
// resumed without a relist, a 410 on resume relists and reports gap deletions as
// DeletedFinalStateUnknown, thousands of objects page in, a slow handler loses nothing, and
// WatchList falls back to LIST when the server refuses it (R7.4-R7.8, anchors 7.1 #10-#14).
#include "kubefake/client/cache/shared_index_informer.h"

#include <gtest/gtest.h>

#include <thread>

#include "informer_test_fixture.h"

namespace kubefake::client::cache {
namespace {

using std::chrono::seconds;

class SharedIndexInformerTest : public InformerTest {};

TEST_P(SharedIndexInformerTest, CacheConvergesToTheServerWhileObjectsChange) {  // R7.6, R7.8
  for (int i = 0; i < 5; ++i) Create("pre" + std::to_string(i));
  Start();
  EXPECT_EQ(informer_->WatchListCount(), 1);  // kubefake serves WatchList
  EXPECT_EQ(informer_->ListCount(), 0);
  EXPECT_EQ(recorder_.Snapshot().initial_adds, 5);
  for (int i = 0; i < 30; ++i) Create("cm" + std::to_string(i));
  for (int i = 0; i < 30; i += 3) Change("cm" + std::to_string(i), "changed");
  for (int i = 0; i < 30; i += 5) Delete("cm" + std::to_string(i));
  Delete("pre0");
  ExpectConverged();
  EventRecorder::View view = recorder_.Snapshot();
  EXPECT_EQ(view.deleted.size(), 7u);
  EXPECT_TRUE(view.deleted_final_state_unknown.empty());
  EXPECT_EQ(view.initial_adds, 5);
  EXPECT_FALSE(informer_->LastSyncResourceVersion().empty());
}

TEST_P(SharedIndexInformerTest, AWatchTheServerEndsResumesWithoutRelist) {  // R7.8
  Create("a");
  Create("b");
  Start();
  EndTheWatchAndHoldTheNext();
  // Changes while no watch is open arrive through the resumed watch.
  Delete("a");
  Create("c");
  Change("b", "x");
  gate_.Release();
  ExpectConverged();
  EventRecorder::View view = recorder_.Snapshot();
  EXPECT_EQ(view.deleted, std::vector<std::string>{"default/a"});
  EXPECT_TRUE(view.deleted_final_state_unknown.empty());
  EXPECT_EQ(gate_.lists(), 0);
  EXPECT_EQ(gate_.watch_lists(), 1);  // no second sync
}

TEST_P(SharedIndexInformerTest, ExpiredResumeRelistsAndGapDeletionsAreFinalStateUnknown) {  // R7.4
  Create("a");
  Create("b");
  Start();
  EndTheWatchAndHoldTheNext();
  Delete("a");
  Create("c");
  server_->storage().Compact(server_->storage().CurrentRevision());
  gate_.Release();
  ExpectConverged();
  EventRecorder::View view = recorder_.Snapshot();
  EXPECT_EQ(view.deleted_final_state_unknown, std::vector<std::string>{"default/a"});
  EXPECT_EQ(gate_.watch_lists(), 2);  // the relist, from the current state
  EXPECT_EQ(gate_.last_watch_list_resource_version(), "");
}

TEST_P(SharedIndexInformerTest, ThousandsOfObjectsArriveInPagesWhenWatchListIsRefused) {  // R7.8
  constexpr int kObjects = 1200;
  for (int i = 0; i < kObjects; ++i) Create("cm" + std::to_string(i));
  gate_.RefuseWatchList();
  options_.page_size = 500;
  Start();
  EXPECT_EQ(informer_->GetIndexer().Len(), static_cast<size_t>(kObjects));
  EXPECT_EQ(gate_.lists(), 3);  // 500 + 500 + 200
  EXPECT_EQ(informer_->ListCount(), 1);
  EXPECT_EQ(informer_->WatchListCount(), 0);
  Create("after");
  ExpectConverged();
  // A relist after a 410 does not ask for WatchList again: the server said it has none.
  EndTheWatchAndHoldTheNext();
  Delete("after");
  server_->storage().Compact(server_->storage().CurrentRevision());
  gate_.Release();
  ExpectConverged();
  EXPECT_EQ(gate_.watch_lists(), 1);
  EXPECT_EQ(informer_->ListCount(), 2);
  EXPECT_EQ(recorder_.Snapshot().deleted_final_state_unknown,
            std::vector<std::string>{"default/after"});
}

TEST_P(SharedIndexInformerTest, ASlowHandlerLosesNothingAndDoesNotHoldOthersBack) {
  std::mutex mutex;
  std::condition_variable released_changed;
  bool released = false;
  EventRecorder slow;
  ResourceEventHandler slow_handler = slow.Handler();
  auto inner_add = slow_handler.on_add;
  slow_handler.on_add = [&](const ObjectPtr& object, bool initial) {
    std::unique_lock lock(mutex);
    released_changed.wait(lock, [&] { return released; });
    inner_add(object, initial);
  };
  Start();
  auto slow_registration = std::move(informer_->AddEventHandler(slow_handler).value());
  for (int i = 0; i < 200; ++i) Create("cm" + std::to_string(i));
  for (int i = 0; i < 200; i += 2) Delete("cm" + std::to_string(i));
  ExpectConverged();  // the fast handler is done while the slow one is blocked
  EXPECT_EQ(slow.Snapshot().adds, 0);
  {
    std::lock_guard lock(mutex);
    released = true;
  }
  released_changed.notify_all();
  std::map<std::string, std::string> server = ServerState();
  EXPECT_TRUE(slow.WaitFor([&](const EventRecorder::View& view) {
    return view.objects == server && view.adds == 200 && view.deleted.size() == 100;
  }));
}

TEST_P(SharedIndexInformerTest, ALateHandlerReceivesTheCurrentStateAsInitialAdds) {
  Create("a");
  Create("b");
  Start();
  Delete("a");
  Create("c");
  ExpectConverged();
  EventRecorder late;
  auto registration = std::move(informer_->AddEventHandler(late.Handler()).value());
  ASSERT_TRUE(registration->WaitForSync({}, Deadline()));
  EventRecorder::View view = late.Snapshot();
  EXPECT_EQ(view.objects, ServerState());
  EXPECT_EQ(view.initial_adds, 2);
}

TEST_P(SharedIndexInformerTest, AHandlerAddedAfterStartIsNotResyncedFasterThanTheInformerChecks) {
  Create("a");
  Create("b");
  Start();
  EventRecorder resyncing;
  auto registration =
      std::move(informer_->AddEventHandler(resyncing.Handler(), seconds(30)).value());
  ASSERT_TRUE(registration->WaitForSync({}, Deadline()));
  // The informer was started without resync: a late handler's period is raised to the
  // informer's check period, which is none, so it is never resynced (client-go).
  clock_->Step(seconds(31));
  Create("c");
  ExpectConverged();
  EXPECT_EQ(resyncing.Snapshot().resyncs, 0);
  EXPECT_EQ(recorder_.Snapshot().resyncs, 0);
}

TEST_P(SharedIndexInformerTest, PerHandlerResyncPeriods) {
  Create("a");
  Create("b");
  informer_ = std::make_unique<SharedIndexInformer>(gate_.Get(), clock_,
                                                    std::chrono::nanoseconds::zero(), Indexers{},
                                                    options_);
  EventRecorder resyncing;
  auto resync_registration =
      std::move(informer_->AddEventHandler(resyncing.Handler(), seconds(30)).value());
  registration_ = std::move(informer_->AddEventHandler(recorder_.Handler()).value());
  runner_ = std::jthread([this](std::stop_token stop) { informer_->Run(stop); });
  ASSERT_TRUE(resync_registration->WaitForSync({}, Deadline()));
  clock_->Step(seconds(30));
  EXPECT_TRUE(resyncing.WaitFor([](const EventRecorder::View& view) { return view.resyncs == 2; }));
  Create("c");
  ExpectConverged();
  EXPECT_EQ(recorder_.Snapshot().resyncs, 0);
}

TEST_P(SharedIndexInformerTest, TransformAppliesBeforeTheCacheAndHandlers) {
  Create("a");
  informer_ = std::make_unique<SharedIndexInformer>(gate_.Get(), clock_);
  ASSERT_TRUE(informer_
                  ->SetTransform([](nlohmann::json object) -> Result<nlohmann::json> {
                    object["metadata"].erase("managedFields");
                    object["metadata"]["annotations"]["transformed"] = "yes";
                    return object;
                  })
                  .has_value());
  std::mutex mutex;
  std::vector<nlohmann::json> seen;
  auto registration = std::move(informer_->AddEventHandler({.on_add = [&](const ObjectPtr& object, bool) {
                                                             std::lock_guard lock(mutex);
                                                             seen.push_back(*object);
                                                           }})
                                    .value());
  runner_ = std::jthread([this](std::stop_token stop) { informer_->Run(stop); });
  ASSERT_TRUE(registration->WaitForSync({}, Deadline()));
  ObjectPtr cached = informer_->GetIndexer().GetByKey("default/a").value();
  EXPECT_EQ((*cached)["metadata"]["annotations"]["transformed"], "yes");
  EXPECT_FALSE((*cached)["metadata"].contains("managedFields"));
  std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], *cached);
  EXPECT_FALSE(informer_->SetTransform({}).has_value());  // too late once started
}

TEST_P(SharedIndexInformerTest, StopEndsRunAndRefusesNewHandlers) {
  Start();
  runner_.request_stop();
  runner_.join();
  EXPECT_TRUE(informer_->IsStopped());
  Result<std::unique_ptr<HandlerRegistration>> late = informer_->AddEventHandler({});
  ASSERT_FALSE(late.has_value());
  EXPECT_TRUE(api::IsBadRequest(late.error()));
}

INSTANTIATE_TEST_SUITE_P(Transports, SharedIndexInformerTest, AllTransports(),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace kubefake::client::cache
