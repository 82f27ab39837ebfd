// SharedIndexInformer against faults the engine injects, over every transport: watches the
// server ends every few frames, a 410 Expired on resume, a paged relist with creates and
// deletes between its pages, and a LIST that fails with a 500 before it succeeds. In each case
// the cache and the handler converge to exactly the server's state and every deletion is
// observed (R6.5, R7.4, R7.8, anchors 7.1 #10-#14).
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

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

// The relist after a 410 is a paged LIST (4 per page); before each later page the test creates
// one object and deletes one the relist has already returned and one it has not. The pages are
// a snapshot at the first page's resourceVersion (R6.5), so those changes reach the informer
// through the watch that follows; only the deletion made while no watch was open is known
// through the relist alone, as DeletedFinalStateUnknown.
TEST_P(InformerFaultsTest, APagedRelistWithCreatesAndDeletesBetweenPagesLosesNothing) {  // R6.5, R7.4
  for (int i = 0; i < 12; ++i) Create("cm" + std::string(i < 10 ? "0" : "") + std::to_string(i));
  options_.use_watch_list = false;
  options_.page_size = 4;
  Start();
  ASSERT_TRUE(gate_.WaitForOpenWatch());  // the LIST synced; the fault is for the next watch
  fakeserver::FaultHandle expire = OnWatch().ExpireWatch().Times(1).Install().value();
  EndTheWatchAndHoldTheNext();
  std::set<std::string> deleted = {"default/cm00"};
  Delete("cm00");
  Create("early");
  // The relist's pages, by name: cm01-cm04 | cm05-cm08 | cm09-cm11 early.
  const std::vector<std::pair<std::string, std::string>> between_pages = {{"cm02", "cm07"},
                                                                          {"cm05", "cm10"}};
  // The hook runs on the informer's thread and may outlive this body: it shares what it uses.
  auto later_pages = std::make_shared<std::atomic<int>>(0);
  gate_.BeforeEachList([this, between_pages, later_pages](const ListOptions& options) {
    if (options.continue_.empty()) return;
    const int page = (*later_pages)++;
    if (page >= static_cast<int>(between_pages.size())) return;
    const auto& [listed, not_yet_listed] = between_pages[page];
    Create("mid" + std::to_string(page));
    Delete(listed);
    Delete(not_yet_listed);
  });
  gate_.Release();
  // mid1 is created before the last page: once the handler has it, the server is done changing.
  ASSERT_TRUE(recorder_.WaitFor(
      [](const EventRecorder::View& view) { return view.objects.contains("default/mid1"); }));
  ExpectConverged();
  EXPECT_EQ(expire.Hits(), 1);
  EXPECT_EQ(*later_pages, 2);  // one relist of three pages, changed before each later page
  for (const auto& [listed, not_yet_listed] : between_pages) {
    deleted.insert("default/" + listed);
    deleted.insert("default/" + not_yet_listed);
  }
  ExpectEveryDeletionObserved(deleted);
  EventRecorder::View view = recorder_.Snapshot();
  EXPECT_EQ(view.deleted.size(), deleted.size());  // each deletion reported once
  EXPECT_EQ(view.deleted_final_state_unknown, std::vector<std::string>{"default/cm00"});
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
