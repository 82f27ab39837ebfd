// Fault injection in the engine (faults.h), on both doors: injected Status answers counted by
// Times, matching by namespace, name and subresource, the priority-and-fairness 429 (R5.12),
// latency on the FakeClock, watches cut short and resumed, and the 410 on the next watch (R7.4).
#include "kubefake/fakeserver/faults.h"

#include <gmock/gmock.h>

#include <future>

#include "engine_test.h"
#include "kubefake/fakeserver/action_recorder.h"

namespace kubefake::fakeserver {
namespace {

using std::chrono::seconds;

const api::GroupResource kConfigMapsResource{"", "configmaps"};

class FaultsTest : public EngineTest {
 protected:
  FaultHandle Install(FaultBuilder builder) {
    Result<FaultHandle> handle = builder.Install();
    EXPECT_TRUE(handle.has_value()) << handle.error().message();
    return *handle;
  }

  std::unique_ptr<ResponseStream> Watch(Query query) {
    query.emplace("watch", "true");
    Response response = Send("GET", kConfigMaps, nullptr, std::move(query));
    EXPECT_EQ(response.status, 200) << response.body;
    return std::move(response.stream);
  }

  // The next event's type and object name, or "end" when the stream ended.
  static std::string NextEventName(ResponseStream& stream) {
    std::optional<nlohmann::json> event = NextEvent(stream);
    if (!event) return "end";
    return (*event)["type"].get<std::string>() + " " +
           (*event)["object"]["metadata"].value("name", "");
  }
};

TEST_P(FaultsTest, FailAnswersTheStatusForTheCountedRequestsOnly) {
  nlohmann::json web = CreateConfigMap("default", "web");
  FaultHandle conflict =
      Install(server_->faults()
                  .On("update", "configmaps")
                  .Fail(api::NewConflict(kConfigMapsResource, "web", "injected by the test"))
                  .Times(2));

  web["metadata"].erase("resourceVersion");
  for (int i = 0; i < 2; ++i) {
    nlohmann::json status = Expect(409, "PUT", std::string(kConfigMaps) + "/web", web);
    EXPECT_EQ(status["reason"], "Conflict");
    EXPECT_EQ(status["message"],
              "Operation cannot be fulfilled on configmaps \"web\": injected by the test");
  }
  Expect(200, "PUT", std::string(kConfigMaps) + "/web", web);
  EXPECT_EQ(conflict.Hits(), 2);
}

TEST_P(FaultsTest, FailWithoutTimesAppliesUntilRemoved) {
  CreateConfigMap("default", "web");
  FaultHandle fault =
      Install(server_->faults().On("get", "configmaps").Fail(api::NewInternalError("boom")));
  for (int i = 0; i < 3; ++i) Expect(500, "GET", std::string(kConfigMaps) + "/web");
  fault.Remove();
  Expect(200, "GET", std::string(kConfigMaps) + "/web");
  EXPECT_EQ(fault.Hits(), 3);
}

TEST_P(FaultsTest, MatchesNamespaceAndName) {
  CreateConfigMap("default", "a");
  CreateConfigMap("default", "b");
  CreateConfigMap("kube-system", "a");
  Install(server_->faults()
              .On("get", "configmaps")
              .InNamespace("default")
              .Named("a")
              .Fail(api::NewInternalError("boom")));
  Expect(500, "GET", "/api/v1/namespaces/default/configmaps/a");
  Expect(200, "GET", "/api/v1/namespaces/default/configmaps/b");
  Expect(200, "GET", "/api/v1/namespaces/kube-system/configmaps/a");
  Expect(200, "GET", kConfigMaps);  // a list is another verb
}

TEST_P(FaultsTest, WhenLimitsTheFaultToRequestsThePredicateAccepts) {
  CreateConfigMap("default", "a");
  FaultHandle fault =
      Install(server_->faults()
                  .On("list", "configmaps")
                  .When([](const Action& request) { return request.Query("continue").has_value(); })
                  .Fail(api::NewInternalError("boom")));
  Expect(200, "GET", kConfigMaps, nullptr, {{"limit", "1"}});
  Expect(500, "GET", kConfigMaps, nullptr, {{"limit", "1"}, {"continue", "token"}});
  EXPECT_EQ(fault.Hits(), 1);
}

TEST_P(FaultsTest, SubresourceIsMatchedExactly) {
  Install(server_->faults().On("get", "namespaces/status").Fail(api::NewInternalError("boom")));
  Expect(200, "GET", "/api/v1/namespaces/default");
  Expect(500, "GET", "/api/v1/namespaces/default/status");
}

TEST_P(FaultsTest, GroupQualifiedResourceMatchesThatGroupOnly) {
  Install(server_->faults().On("list", "configmaps.apps").Fail(api::NewInternalError("boom")));
  Expect(200, "GET", kConfigMaps);
  Install(server_->faults().On("list", "deployments.apps").Fail(api::NewInternalError("boom")));
  Expect(500, "GET", "/apis/apps/v1/namespaces/default/deployments");
}

TEST_P(FaultsTest, ThrottleAnswersAsPriorityAndFairness) {  // R5.12
  Install(server_->faults().On("list", "configmaps").Throttle(7).Times(1));
  Response response = Send("GET", kConfigMaps);
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.headers.Get("Retry-After").value_or(""), "7");
  EXPECT_EQ(response.body, "Too many requests, please try again later.\n");
  EXPECT_THAT(std::string(response.headers.Get("Content-Type").value_or("")),
              testing::StartsWith("text/plain"));
  Expect(200, "GET", kConfigMaps);
}

TEST_P(FaultsTest, TooManyRequestsStatusCarriesRetryAfterInDetailsAndHeader) {  // R5.1, R5.12
  Install(
      server_->faults().On("create", "configmaps").Fail(api::NewTooManyRequests("slow down", 3)));
  Response response =
      Send("POST", kConfigMaps,
           {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "x"}}}});
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.headers.Get("Retry-After").value_or(""), "3");
  nlohmann::json status = Json(response);
  EXPECT_EQ(status["reason"], "TooManyRequests");
  EXPECT_EQ(status["details"]["retryAfterSeconds"], 3);
}

TEST_P(FaultsTest, DelayHoldsTheRequestUntilTheClockPassesIt) {
  CreateConfigMap("default", "web");
  Install(server_->faults().On("get", "configmaps").Delay(seconds(5)));
  const size_t waiters = clock_.Waiters();
  std::future<Response> get = std::async(
      std::launch::async, [this] { return Send("GET", std::string(kConfigMaps) + "/web"); });
  ASSERT_TRUE(clock_.WaitForWaiters(waiters + 1));
  clock_.Step(seconds(4));
  // Still waiting on the clock: its timer has not fired.
  EXPECT_EQ(clock_.Waiters(), waiters + 1);
  EXPECT_NE(get.wait_for(std::chrono::seconds(0)), std::future_status::ready);
  clock_.Step(seconds(1));
  ASSERT_EQ(get.wait_for(seconds(10)), std::future_status::ready);
  Response response = get.get();
  EXPECT_EQ(response.status, 200) << response.body;
}

TEST_P(FaultsTest, CloseWatchAfterEndsTheStreamAndTheWatchResumesWithoutLoss) {
  const std::string start =
      Expect(200, "GET", kConfigMaps)["metadata"]["resourceVersion"].get<std::string>();
  CreateConfigMap("default", "a");
  const std::string b_version =
      CreateConfigMap("default", "b")["metadata"]["resourceVersion"].get<std::string>();
  CreateConfigMap("default", "c");
  Install(server_->faults().On("watch", "configmaps").CloseWatchAfter(2).Times(1));

  std::unique_ptr<ResponseStream> first = Watch({{"resourceVersion", start}});
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(NextEventName(*first), "ADDED a");
  EXPECT_EQ(NextEventName(*first), "ADDED b");
  EXPECT_EQ(NextEventName(*first), "end");

  std::unique_ptr<ResponseStream> resumed = Watch({{"resourceVersion", b_version}});
  ASSERT_NE(resumed, nullptr);
  EXPECT_EQ(NextEventName(*resumed), "ADDED c");
  resumed->Cancel();
}

TEST_P(FaultsTest, ExpireWatchAnswersTheNextWatchWithGone) {  // R7.4
  const std::string start =
      Expect(200, "GET", kConfigMaps)["metadata"]["resourceVersion"].get<std::string>();
  Install(server_->faults().On("watch", "configmaps").ExpireWatch().Times(1));

  std::unique_ptr<ResponseStream> expired = Watch({{"resourceVersion", start}});
  ASSERT_NE(expired, nullptr);
  std::optional<nlohmann::json> error = NextEvent(*expired);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ((*error)["type"], "ERROR");
  EXPECT_EQ((*error)["object"]["code"], 410);
  EXPECT_EQ((*error)["object"]["reason"], "Expired");
  EXPECT_THAT((*error)["object"]["message"].get<std::string>(),
              testing::StartsWith("too old resource version: " + start));
  EXPECT_FALSE(NextEvent(*expired).has_value());

  std::unique_ptr<ResponseStream> next = Watch({{"resourceVersion", start}});
  ASSERT_NE(next, nullptr);
  CreateConfigMap("default", "a");
  EXPECT_EQ(NextEventName(*next), "ADDED a");
  next->Cancel();
}

TEST_P(FaultsTest, FaultsApplyInOrderAndTheFirstAnswerWins) {
  CreateConfigMap("default", "web");
  FaultHandle first = Install(
      server_->faults().On("get", "configmaps").Fail(api::NewInternalError("first")).Times(1));
  FaultHandle second =
      Install(server_->faults().On("*", "*").Fail(api::NewServiceUnavailable("second")));
  EXPECT_EQ(Expect(500, "GET", std::string(kConfigMaps) + "/web")["message"],
            "Internal error occurred: first");
  EXPECT_EQ(Expect(503, "GET", std::string(kConfigMaps) + "/web")["message"], "second");
  EXPECT_EQ(first.Hits(), 1);
  EXPECT_EQ(second.Hits(), 1);
  server_->faults().Clear();
  Expect(200, "GET", std::string(kConfigMaps) + "/web");
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(FaultsTest);

// Specs that cannot work are errors, not faults that never fire.
TEST(FaultSpecTest, ImpossibleSpecsAreBadRequests) {
  FaultInjector faults;
  auto error_of = [](Result<FaultHandle> handle) {
    return handle ? std::string("installed") : handle.error().message();
  };
  EXPECT_THAT(error_of(faults.On("updat", "pods").Fail(api::NewInternalError("x")).Install()),
              testing::HasSubstr("unknown verb \"updat\""));
  EXPECT_THAT(error_of(faults.On("get", "").Fail(api::NewInternalError("x")).Install()),
              testing::HasSubstr("invalid resource"));
  EXPECT_THAT(error_of(faults.On("get", "pods/").Fail(api::NewInternalError("x")).Install()),
              testing::HasSubstr("invalid resource"));
  EXPECT_THAT(error_of(faults.On("get", "pods").Install()), testing::HasSubstr("needs an effect"));
  EXPECT_THAT(error_of(faults.On("list", "pods").ExpireWatch().Install()),
              testing::HasSubstr("watch verb only"));
  EXPECT_THAT(error_of(faults.On("get", "pods").Throttle(1).Delay(seconds(1)).Install()),
              testing::HasSubstr("one effect"));
  EXPECT_THAT(error_of(faults.On("get", "pods").Throttle(1).Times(0).Install()),
              testing::HasSubstr("positive count"));
  EXPECT_THAT(error_of(faults.On("watch", "pods").CloseWatchAfter(0).Install()),
              testing::HasSubstr("positive number of frames"));
}

// Users reach the engine in-process as they are set on the Request (over HTTP they come from
// authentication), so matching by user is shown on Handle itself.
TEST(FaultUserMatchTest, MatchesTheRequestingUserOnly) {
  testkit::FakeClock clock;
  ApiServer server(TestOptions(clock));
  ASSERT_TRUE(server.faults()
                  .On("list", "configmaps")
                  .ByUser("alice")
                  .Fail(api::NewForbidden(kConfigMapsResource, "", "injected"))
                  .Install());
  Request request;
  request.method = "GET";
  request.path = kConfigMaps;
  request.user.name = "alice";
  EXPECT_EQ(server.Handle(request).status, 403);
  request.user.name = "bob";
  EXPECT_EQ(server.Handle(request).status, 200);
}

}  // namespace
}  // namespace kubefake::fakeserver
