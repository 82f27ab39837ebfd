// The example controller under injected faults, on both doors: a Conflict is retried after a
// rate-limited backoff that elapses only when the test moves the FakeClock; Conflicts on the
// status update are retried until it converges; a storm of 410 Expired answers to its Widget
// watch and watches the server keeps dropping still leave it converging to the desired state
// (R3.2, R7.4, R7.8).
#include "kubefake/client/kubernetes/typed/apps/v1.h"
#include "kubefake/fakeserver/action_recorder.h"
#include "kubefake/fakeserver/faults.h"
#include "widget_controller_fixture.h"

namespace example {
namespace {

using kubefake::client::PatchType;
using kubefake::testkit::FinalizerCheck;
using kubefake::testkit::HasFinalizer;
using kubefake::testkit::IsOk;
using kubefake::testkit::YamlCheck;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::Not;

class WidgetControllerFaultsTest : public WidgetControllerTest {
 protected:
  // Only the Widgets a test creates exist, so it knows every event the controller sees.
  bool SeedWidgets() const override { return false; }

  // Watches time out after 10 to 20 s of fake time, so a test can end them all by stepping
  // the clock (EndOpenWatches); relists after an error start at once.
  void StartWithShortWatches() {
    StartController({.reflector = {.min_watch_timeout = seconds(10),
                                   .initial_backoff = std::chrono::nanoseconds::zero()}});
  }
  // Every open watch reaches its timeoutSeconds; the informers open new ones.
  void EndOpenWatches() { fake_->Clock().Step(seconds(21)); }

  // Waits until `fault` has answered `hits` requests, waking on each request the engine records
  // (recording must be on) rather than polling; false after 30 s.
  bool WaitForHits(const kubefake::fakeserver::FaultHandle& fault, int64_t hits) {
    const auto deadline = std::chrono::steady_clock::now() + seconds(30);
    kubefake::fakeserver::ActionRecorder& actions = fake_->Server().actions();
    while (fault.Hits() < hits) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline -
                                                                 std::chrono::steady_clock::now());
      if (left <= milliseconds::zero()) return false;
      actions.WaitForSize(actions.Size() + 1, left);
    }
    return true;
  }

  kubefake::fakeserver::FaultBuilder On(std::string_view verb, std::string_view resource) {
    return fake_->Server().faults().On(verb, resource);
  }

  // Reports the Deployment's pods ready, as a deployment controller would.
  void MakeDeploymentReady(const std::string& name, int32_t replicas) {
    auto& deployments = fake_->Clientset().AppsV1().Deployments("demo");
    auto deployment = deployments.Get(name);
    ASSERT_THAT(deployment, IsOk());
    deployment->status.emplace().replicas = replicas;
    deployment->status->ready_replicas = replicas;
    ASSERT_THAT(deployments.UpdateStatus(*deployment), IsOk());
  }
};

TEST_P(WidgetControllerFaultsTest, ConflictsAreRetriedOnlyWhenTheClockReachesEachBackoff) {
  StartController();
  ASSERT_TRUE(controller_->WaitForCacheSync(std::chrono::steady_clock::now() + seconds(30)));
  // What waits on the clock now is the server's watch timers; no Widget exists yet.
  const size_t idle_waiters = fake_->Clock().Waiters();
  kubefake::fakeserver::FaultHandle conflicts =
      On("update", "widgets.example.com")
          .Fail(kubefake::api::NewConflict({"example.com", "widgets"}, "w", "injected"))
          .Times(2)
          .Install()
          .value();
  // Its creation is the only event about `w`: one reconcile, whose finalizer update conflicts.
  ASSERT_THAT(Widgets().Create(Widget("w", 2)), IsOk());
  ASSERT_TRUE(fake_->Clock().WaitForWaiters(idle_waiters + 1));  // the retry waits 5 ms
  EXPECT_EQ(conflicts.Hits(), 1);
  EXPECT_EQ(controller_->NumRequeues("demo/w"), 1);

  fake_->Clock().Step(milliseconds(5));
  ASSERT_TRUE(fake_->Clock().WaitForWaiters(idle_waiters + 1));  // conflicted again: 10 ms
  EXPECT_EQ(conflicts.Hits(), 2);
  EXPECT_EQ(controller_->NumRequeues("demo/w"), 2);
  // Nothing else retries it: the Widget is as created until the clock moves.
  EXPECT_THAT(Widgets().Get("w"), Not(HasFinalizer(kCleanupFinalizer)));

  fake_->Clock().Step(milliseconds(10));
  EXPECT_TRUE(waiter_->Until(
      kWidgets, "demo", "w",
      {FinalizerCheck(kCleanupFinalizer), YamlCheck("status: {replicas: 0, ready: false}")}));
  EXPECT_TRUE(
      waiter_->Until(kDeploymentsResource, "demo", "w", {YamlCheck("spec: {replicas: 2}")}));
  EXPECT_EQ(conflicts.Hits(), 2);
}

TEST_P(WidgetControllerFaultsTest, StatusConflictsTwiceAreRetriedAndConverge) {
  // Retries wait their backoff on a real clock here (milliseconds), so nothing steps it.
  StartController({}, std::make_shared<kubefake::api::RealClock>());
  CreateAndWaitForChildren("w", 2);
  kubefake::fakeserver::FaultHandle conflicts =
      On("update", "widgets.example.com/status")
          .Fail(kubefake::api::NewConflict({"example.com", "widgets"}, "w", "injected"))
          .Times(2)
          .Install()
          .value();
  MakeDeploymentReady("w", 2);
  EXPECT_TRUE(
      waiter_->Until(kWidgets, "demo", "w", {YamlCheck("status: {replicas: 2, ready: true}")}));
  EXPECT_EQ(conflicts.Hits(), 2);
}

TEST_P(WidgetControllerFaultsTest, A410StormOnTheWidgetWatchStillConverges) {
  StartWithShortWatches();
  CreateAndWaitForChildren("w", 2);
  // The next three Widget watches (the resume, then the relists' WatchList requests) are
  // answered 410 Expired.
  fake_->Server().actions().SetRecording(true);
  kubefake::fakeserver::FaultHandle expired =
      On("watch", "widgets.example.com").ExpireWatch().Times(3).Install().value();
  EndOpenWatches();
  ASSERT_THAT(Widgets().Patch("w", PatchType::kMerge, R"({"spec": {"replicas": 4}})"), IsOk());
  ASSERT_THAT(Widgets().Create(Widget("w2", 3)), IsOk());

  EXPECT_TRUE(
      waiter_->Until(kDeploymentsResource, "demo", "w", {YamlCheck("spec: {replicas: 4}")}));
  EXPECT_TRUE(
      waiter_->Until(kDeploymentsResource, "demo", "w2", {YamlCheck("spec: {replicas: 3}")}));
  // The cache may converge through a relist before the storm's last 410 is answered; the
  // informer's next watch then takes it.
  EXPECT_TRUE(WaitForHits(expired, 3)) << expired.Hits();
  EXPECT_EQ(expired.Hits(), 3);
}

TEST_P(WidgetControllerFaultsTest, WatchesDroppedEveryTwoEventsStillConverge) {
  StartWithShortWatches();
  CreateAndWaitForChildren("w", 2);
  kubefake::fakeserver::FaultHandle widgets =
      On("watch", "widgets.example.com").CloseWatchAfter(2).Install().value();
  kubefake::fakeserver::FaultHandle deployments =
      On("watch", "deployments.apps").CloseWatchAfter(2).Install().value();
  EndOpenWatches();  // the informers resume on watches that the server drops

  for (int replicas : {3, 4, 5}) {
    ASSERT_THAT(Widgets().Patch("w", PatchType::kMerge,
                                nlohmann::json{{"spec", {{"replicas", replicas}}}}.dump()),
                IsOk());
  }
  ASSERT_TRUE(
      waiter_->Until(kDeploymentsResource, "demo", "w", {YamlCheck("spec: {replicas: 5}")}));
  MakeDeploymentReady("w", 5);
  ASSERT_TRUE(
      waiter_->Until(kWidgets, "demo", "w", {YamlCheck("status: {replicas: 5, ready: true}")}));
  ASSERT_THAT(Widgets().Delete("w"), IsOk());
  EXPECT_TRUE(waiter_->UntilAbsent(kWidgets, "demo", "w"));
  EXPECT_TRUE(waiter_->UntilAbsent(kDeploymentsResource, "demo", "w"));
  EXPECT_GE(widgets.Hits(), 2);
  EXPECT_GE(deployments.Hits(), 2);
}

INSTANTIATE_TEST_SUITE_P(Doors, WidgetControllerFaultsTest, Doors(), DoorName);

}  // namespace
}  // namespace example
