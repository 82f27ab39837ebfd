// Engine tests for graceful deletion of pods (R4.3, R4.7): grace periods from the options and
// the pod, unscheduled and finished pods going at once, the kubelet's confirmation on the
// clock, and the watch events a client sees.
#include "lifecycle_test.h"

namespace kubefake::fakeserver {
namespace {

constexpr char kPod[] = "/api/v1/namespaces/default/pods/web";

class GracefulDeletionTest : public LifecycleTest {
 protected:
  std::string Now(std::chrono::seconds later = std::chrono::seconds(0)) {
    return api::Time::FromTimePoint(clock_.Now() + later).String();
  }
  nlohmann::json ExpectEvent(ResponseStream& stream, const std::string& type) {
    std::optional<nlohmann::json> event = NextEvent(stream);
    if (!event) {
      ADD_FAILURE() << "the watch ended; expected " << type;
      return nullptr;
    }
    EXPECT_EQ((*event)["type"], type) << event->dump();
    return (*event)["object"];
  }
};

TEST_P(GracefulDeletionTest, UnscheduledPodGoesAtOnceWithItsDeletionMarks) {  // R4.7, R4.3
  const nlohmann::json pod = CreatePod("default", "web", nullptr, "", {}, 30);
  std::unique_ptr<ResponseStream> watch =
      WatchFrom(kPods, pod["metadata"]["resourceVersion"].get<std::string>());
  const nlohmann::json deleted = Expect(200, "DELETE", kPod);
  EXPECT_EQ(deleted["kind"], "Pod");
  EXPECT_EQ(deleted["metadata"]["deletionGracePeriodSeconds"], 0);
  EXPECT_EQ(deleted["metadata"]["deletionTimestamp"], Now());
  EXPECT_EQ(StatusOf(kPod), 404);
  EXPECT_EQ(ExpectEvent(*watch, "MODIFIED")["metadata"]["deletionGracePeriodSeconds"], 0);
  ExpectEvent(*watch, "DELETED");
}

TEST_P(GracefulDeletionTest, BoundPodStaysTerminatingUntilItsGracePeriodPasses) {  // R4.7
  const nlohmann::json pod = CreatePod("default", "web", nullptr, "node-1", {}, 20);
  std::unique_ptr<ResponseStream> watch =
      WatchFrom(kPods, pod["metadata"]["resourceVersion"].get<std::string>());
  const nlohmann::json terminating = Expect(200, "DELETE", kPod);
  EXPECT_EQ(terminating["metadata"]["deletionGracePeriodSeconds"], 20);
  EXPECT_EQ(terminating["metadata"]["deletionTimestamp"], Now(std::chrono::seconds(20)));
  EXPECT_EQ(terminating["metadata"]["generation"], 2) << "deletion bumps generation once";
  const nlohmann::json modified = ExpectEvent(*watch, "MODIFIED");
  EXPECT_EQ(modified["metadata"]["deletionGracePeriodSeconds"], 20);

  clock_.Step(std::chrono::seconds(19));
  EXPECT_EQ(StatusOf(kPod), 200);
  clock_.Step(std::chrono::seconds(1));
  EXPECT_EQ(StatusOf(kPod), 404);
  // The kubelet's DELETE with grace 0 writes its marks, then the pod goes.
  EXPECT_EQ(ExpectEvent(*watch, "MODIFIED")["metadata"]["deletionGracePeriodSeconds"], 0);
  ExpectEvent(*watch, "DELETED");
}

TEST_P(GracefulDeletionTest, DefaultGracePeriodIsThirtySeconds) {  // R4.7
  CreatePod("default", "web", nullptr, "node-1");
  EXPECT_EQ(Expect(200, "DELETE", kPod)["metadata"]["deletionGracePeriodSeconds"], 30);
}

TEST_P(GracefulDeletionTest, GracePeriodZeroDeletesABoundPodAtOnce) {  // R4.7
  CreatePod("default", "web", nullptr, "node-1");
  Expect(200, "DELETE", kPod, nullptr, {{"gracePeriodSeconds", "0"}});
  EXPECT_EQ(StatusOf(kPod), 404);
}

TEST_P(GracefulDeletionTest, NegativeGracePeriodBecomesOneSecond) {  // R4.1
  CreatePod("default", "web", nullptr, "node-1");
  EXPECT_EQ(Expect(200, "DELETE", kPod, nullptr,
                   {{"gracePeriodSeconds", "-5"}})["metadata"]["deletionGracePeriodSeconds"],
            1);
}

TEST_P(GracefulDeletionTest, OnlyAShorterGracePeriodChangesAPendingDeletion) {  // R4.3
  CreatePod("default", "web", nullptr, "node-1", {}, 30);
  Expect(200, "DELETE", kPod);
  const nlohmann::json shorter =
      Expect(200, "DELETE", kPod, nullptr, {{"gracePeriodSeconds", "10"}});
  EXPECT_EQ(shorter["metadata"]["deletionGracePeriodSeconds"], 10);
  EXPECT_EQ(shorter["metadata"]["deletionTimestamp"], Now(std::chrono::seconds(10)));
  const nlohmann::json longer =
      Expect(200, "DELETE", kPod, nullptr, {{"gracePeriodSeconds", "20"}});
  EXPECT_EQ(longer["metadata"]["deletionGracePeriodSeconds"], 10);
  EXPECT_EQ(longer["metadata"]["resourceVersion"], shorter["metadata"]["resourceVersion"]);
}

TEST_P(GracefulDeletionTest, FinishedPodsGoAtOnce) {  // R4.7
  nlohmann::json pod = CreatePod("default", "web", nullptr, "node-1");
  pod["status"] = {{"phase", "Succeeded"}};
  Expect(200, "PUT", std::string(kPod) + "/status", pod);
  Expect(200, "DELETE", kPod);
  EXPECT_EQ(StatusOf(kPod), 404);
}

TEST_P(GracefulDeletionTest, WithoutKubeletPodsStayTerminatingUntilForced) {  // R4.7
  Restart(/*settle_after_writes=*/true, /*kubelet=*/false);
  CreatePod("default", "web", nullptr, "node-1", {}, 5);
  Expect(200, "DELETE", kPod);
  clock_.Step(std::chrono::minutes(10));
  EXPECT_EQ(StatusOf(kPod), 200);
  Expect(200, "DELETE", kPod, nullptr, {{"gracePeriodSeconds", "0"}});
  EXPECT_EQ(StatusOf(kPod), 404);
}

TEST_P(GracefulDeletionTest, SettleConfirmsDuePodsWhenControllersRunOnlyThere) {  // R4.7
  Restart(/*settle_after_writes=*/false);
  CreatePod("default", "web", nullptr, "node-1", {}, 5);
  Expect(200, "DELETE", kPod);
  clock_.Step(std::chrono::seconds(5));
  EXPECT_EQ(StatusOf(kPod), 200);
  server_->Settle();
  EXPECT_EQ(StatusOf(kPod), 404);
}

TEST_P(GracefulDeletionTest, PodWithFinalizerWaitsForItAfterItsGracePeriod) {  // R4.6, R4.7
  CreatePod("default", "web", nullptr, "node-1", {"example.com/hold"}, 5);
  Expect(200, "DELETE", kPod);
  clock_.Step(std::chrono::seconds(5));
  nlohmann::json held = Expect(200, "GET", kPod);
  EXPECT_EQ(held["metadata"]["deletionGracePeriodSeconds"], 0);
  held["metadata"]["finalizers"] = nlohmann::json::array();
  Expect(200, "PUT", kPod, held);
  EXPECT_EQ(StatusOf(kPod), 404);
}

TEST_P(GracefulDeletionTest, OnTheRealClockThePodGoesWithoutAnyoneCallingSettle) {  // R4.7
  // A served engine has no test to call Settle: a clock timer settles when the grace ends.
  ApiServer server{ApiServerOptions{}};
  std::unique_ptr<Door> door = GetParam().make(server);
  Request create;
  create.method = "POST";
  create.path = kPods;
  create.body = R"({"metadata":{"name":"web"},"spec":{"nodeName":"node-1",)"
                R"("terminationGracePeriodSeconds":1,"containers":[{"name":"c","image":"i"}]}})";
  const Response created = door->Send(create);
  ASSERT_EQ(created.status, 201) << created.body;
  Request watch;
  watch.method = "GET";
  watch.path = kPods;
  watch.query = {{"watch", "true"},
                 {"resourceVersion", Json(created)["metadata"]["resourceVersion"]}};
  std::unique_ptr<ResponseStream> stream = door->Send(watch).stream;
  ASSERT_TRUE(stream);
  Request remove;
  remove.method = "DELETE";
  remove.path = kPod;
  ASSERT_EQ(door->Send(remove).status, 200);
  std::optional<nlohmann::json> event;
  do {
    event = NextEvent(*stream);
  } while (event && (*event)["type"] != "DELETED");
  EXPECT_TRUE(event) << "the watch ended before the pod was deleted";
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(GracefulDeletionTest);

}  // namespace
}  // namespace kubefake::fakeserver
