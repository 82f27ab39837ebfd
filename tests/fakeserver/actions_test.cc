// Recorded actions (action_recorder.h), on both doors: what each request leaves in the log,
// filtering, clearing, and that recording is off unless asked for.
#include <gmock/gmock.h>

#include <chrono>
#include <thread>

#include "engine_test.h"
#include "kubefake/fakeserver/action_recorder.h"
#include "kubefake/fakeserver/faults.h"

namespace kubefake::fakeserver {
namespace {

class ActionsTest : public EngineTest {
 protected:
  ActionsTest() { server_->actions().SetRecording(true); }

  static ActionPattern Pattern(std::string_view verb, std::string_view resource) {
    Result<ActionPattern> pattern = ActionPattern::For(verb, resource);
    EXPECT_TRUE(pattern.has_value());
    return pattern.value_or(ActionPattern{});
  }
};

TEST_P(ActionsTest, RecordsTheQueryAndTheArrivalTimeOnTheEngineClock) {
  const auto start = clock_.Now();
  Expect(200, "GET", kConfigMaps, nullptr, {{"limit", "2"}, {"resourceVersion", "0"}});
  clock_.Step(std::chrono::seconds(3));
  Expect(200, "GET", kConfigMaps);

  std::vector<Action> actions = server_->actions().List(Pattern("list", "configmaps"));
  ASSERT_EQ(actions.size(), 2u);
  EXPECT_EQ(actions[0].Query("limit"), "2");
  EXPECT_EQ(actions[0].Query("resourceVersion"), "0");
  EXPECT_EQ(actions[0].Query("continue"), std::nullopt);
  EXPECT_EQ(actions[0].time, start);
  EXPECT_TRUE(actions[1].query.empty());
  EXPECT_EQ(actions[1].time, start + std::chrono::seconds(3));
}

TEST_P(ActionsTest, RecordsWhatEachRequestAskedAndHowItWasAnswered) {
  CreateConfigMap("default", "web");
  const std::string patch = R"({"data":{"k":"patched"}})";
  Request request;
  request.method = "PATCH";
  request.path = std::string(kConfigMaps) + "/web";
  request.body = patch;
  request.headers.Set("Content-Type", "application/merge-patch+json");
  ASSERT_EQ(door_->Send(request).status, 200);
  Expect(404, "GET", std::string(kConfigMaps) + "/missing");

  std::vector<Action> actions = server_->actions().List(Pattern("*", "configmaps"));
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(actions[0].verb, "create");
  EXPECT_EQ(actions[0].namespace_, "default");
  EXPECT_EQ(actions[0].code, 201);
  EXPECT_EQ(nlohmann::json::parse(actions[0].body)["metadata"]["name"], "web");

  EXPECT_EQ(actions[1].verb, "patch");
  EXPECT_EQ(actions[1].resource, "configmaps");
  EXPECT_EQ(actions[1].version, "v1");
  EXPECT_EQ(actions[1].name, "web");
  EXPECT_EQ(actions[1].patch_type, "application/merge-patch+json");
  EXPECT_EQ(actions[1].body, patch);
  EXPECT_EQ(actions[1].path, "/api/v1/namespaces/default/configmaps/web");
  EXPECT_EQ(actions[1].code, 200);
  EXPECT_FALSE(actions[1].error.has_value());

  EXPECT_EQ(actions[2].verb, "get");
  EXPECT_EQ(actions[2].name, "missing");
  EXPECT_EQ(actions[2].code, 404);
  ASSERT_TRUE(actions[2].error.has_value());
  EXPECT_TRUE(api::IsNotFound(*actions[2].error));
  // In-process the Request names no user; over HTTP the front end's default user does.
  const std::string by = actions[2].user.empty() ? "" : " by " + actions[2].user;
  EXPECT_EQ(actions[2].String(), "get configmaps default/missing" + by + " -> 404 NotFound");
}

TEST_P(ActionsTest, RecordsSubresourcesAndInjectedAnswers) {
  ASSERT_TRUE(server_->faults().On("get", "namespaces/status").Throttle(1).Times(1).Install());
  Expect(429, "GET", "/api/v1/namespaces/default/status");
  std::vector<Action> actions = server_->actions().List(Pattern("get", "namespaces/status"));
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].name, "default");
  EXPECT_EQ(actions[0].code, 429);
  EXPECT_TRUE(server_->actions().List(Pattern("get", "namespaces")).empty());
}

TEST_P(ActionsTest, FiltersByNamespaceAndNameAndClears) {
  CreateConfigMap("default", "a");
  CreateConfigMap("kube-system", "a");
  Expect(200, "GET", "/api/v1/namespaces/kube-system/configmaps/a");
  ActionPattern pattern = Pattern("*", "configmaps");
  pattern.namespace_ = "kube-system";
  EXPECT_EQ(server_->actions().List(pattern).size(), 2u);
  pattern.name = "a";
  EXPECT_EQ(server_->actions().List(pattern).size(), 1u);  // the create names no object

  server_->actions().Clear();
  EXPECT_TRUE(server_->actions().List().empty());
  Expect(200, "GET", kConfigMaps);
  EXPECT_EQ(server_->actions().List().size(), 1u);
}

TEST_P(ActionsTest, NothingIsRecordedWhileRecordingIsOff) {
  server_->actions().SetRecording(false);
  CreateConfigMap("default", "a");
  EXPECT_TRUE(server_->actions().List().empty());
}

TEST_P(ActionsTest, SizeCountsRecordedActionsAndWaitForSizeWakesOnTheNextOne) {
  ActionRecorder& actions = server_->actions();
  const size_t before = actions.Size();
  EXPECT_FALSE(actions.WaitForSize(before + 1, std::chrono::milliseconds(1)));
  std::thread writer([this] { CreateConfigMap("default", "later"); });
  EXPECT_TRUE(actions.WaitForSize(before + 1, std::chrono::seconds(30)));
  writer.join();
  EXPECT_EQ(actions.Size(), before + 1);
  actions.Clear();
  EXPECT_EQ(actions.Size(), 0u);
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(ActionsTest);

TEST(ActionRecordingOptionTest, OffByDefaultAndOnWithTheOption) {
  testkit::FakeClock clock;
  ApiServer quiet(TestOptions(clock));
  EXPECT_FALSE(quiet.actions().recording());

  ApiServerOptions options = TestOptions(clock);
  options.record_actions = true;
  ApiServer recording(std::move(options));
  EXPECT_TRUE(recording.actions().List().empty());  // the system namespaces are not recorded
  Request request;
  request.method = "GET";
  request.path = "/version";
  recording.Handle(request);
  std::vector<Action> actions = recording.actions().List();
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].verb, "get");
  EXPECT_EQ(actions[0].path, "/version");
  EXPECT_EQ(actions[0].resource, "");
}

}  // namespace
}  // namespace kubefake::fakeserver
