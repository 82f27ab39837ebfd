// SharedIndexInformer against faults the engine injects, over every transport: watches the
// server ends every few frames, a 410 Expired on resume, and a LIST that fails with a 500
// before it succeeds. In each case the cache and the handler converge to exactly the server's
// state and every deletion is observed (R7.4, R7.8, anchors 7.1 #10-#14).
#include <gtest/gtest.h>

#include <set>

#include "informer_test_fixture.h"
#include "kubefake/fakeserver/faults.h"

namespace kubefake::client::cache {
namespace {

using std::chrono::seconds;

class InformerFaultsTest : public InformerTest {
 protected:
  fakeserver::FaultBuilder OnWatch() { return server_->faults().On("watch", "configmaps"); }

  // Every key deleted on the server was reported to the handler as a deletion.
  void ExpectEveryDeletionObserved(const std::set<std::string>& deleted_on_server) {
    EventRecorder::View view = recorder_.Snapshot();
    std::set<std::string> observed(view.deleted.begin(), view.deleted.end());
    EXPECT_EQ(observed, deleted_on_server);
  }
};

TEST_P(InformerFaultsTest, WatchesClosedEveryFewFramesLoseNothing) {  // R7.8
  constexpr int kFramesPerWatch = 3;
  for (int i = 0; i < 5; ++i) Create("pre" + std::to_string(i));
  fakeserver::FaultHandle closing = OnWatch().CloseWatchAfter(kFramesPerWatch).Install().value();
  Start();
  int events = 0;
  std::set<std::string> deleted;
  for (int i = 0; i < 40; ++i, ++events) Create("cm" + std::to_string(i));
  for (int i = 0; i < 40; i += 3, ++events) Change("cm" + std::to_string(i), "changed");
  for (int i = 0; i < 40; i += 4, ++events) {
    Delete("cm" + std::to_string(i));
    deleted.insert("default/cm" + std::to_string(i));
  }
  Delete("pre0");
  deleted.insert("default/pre0");
  ++events;
  ExpectConverged();
  ExpectEveryDeletionObserved(deleted);
  // Each watch carried at most kFramesPerWatch of the events: the server ended many of them.
  EXPECT_GE(closing.Hits(), events / kFramesPerWatch);
  EXPECT_TRUE(recorder_.Snapshot().deleted_final_state_unknown.empty());  // resumed, no relist
}

TEST_P(InformerFaultsTest, AnExpiredResumeRelistsAndLosesNothing) {  // R7.4
  Create("a");
  Create("b");
  Start();
  fakeserver::FaultHandle expire = OnWatch().ExpireWatch().Times(1).Install().value();
  EndTheWatchAndHoldTheNext();
  // While no watch is open: the resume will be answered 410, these arrive through the relist.
  Delete("a");
  Create("c");
  Change("b", "x");
  gate_.Release();
  ExpectConverged();
  EXPECT_EQ(expire.Hits(), 1);
  EXPECT_EQ(gate_.watch_lists(), 2);  // the initial sync and the relist
  EventRecorder::View view = recorder_.Snapshot();
  EXPECT_EQ(view.deleted, std::vector<std::string>{"default/a"});
  // The relist could not tell the object's last state.
  EXPECT_EQ(view.deleted_final_state_unknown, std::vector<std::string>{"default/a"});
}

TEST_P(InformerFaultsTest, AFailingListBacksOffOnTheClockThenSyncs) {
  Create("a");
  options_.use_watch_list = false;
  options_.initial_backoff = seconds(1);
  fakeserver::FaultHandle failing = server_->faults()
                                        .On("list", "configmaps")
                                        .Fail(api::NewInternalError("injected"))
                                        .Times(2)
                                        .Install()
                                        .value();
  size_t idle_waiters = clock_->Waiters();
  Run();
  // After each failure the informer sleeps on the clock and lists again only when time moves.
  ASSERT_TRUE(gate_.WaitForLists(1));
  ASSERT_TRUE(clock_->WaitForWaiters(idle_waiters + 1));
  EXPECT_FALSE(informer_->HasSynced());
  EXPECT_EQ(gate_.lists(), 1);
  clock_->Step(seconds(2));  // the first backoff is in [1 s, 2 s)
  ASSERT_TRUE(gate_.WaitForLists(2));
  ASSERT_TRUE(clock_->WaitForWaiters(idle_waiters + 1));
  EXPECT_FALSE(informer_->HasSynced());
  EXPECT_EQ(gate_.lists(), 2);
  clock_->Step(seconds(4));  // the second, doubled, is in [2 s, 4 s)
  ASSERT_TRUE(informer_->WaitForSync(runner_.get_stop_token(), Deadline()));
  EXPECT_EQ(failing.Hits(), 2);
  EXPECT_EQ(gate_.lists(), 3);
  EXPECT_EQ(informer_->ListCount(), 1);
  Create("b");
  ExpectConverged();
}

INSTANTIATE_TEST_SUITE_P(Transports, InformerFaultsTest, AllTransports(),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace kubefake::client::cache
