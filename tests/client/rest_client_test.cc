// RESTClient against the fake's engine over every transport: each verb, typed decoding, the
// errors rebuilt from the server's Status, builder errors, watch (events, server timeout,
// Expired), warnings and client-side rate limiting.
#include "kubefake/client/rest_client.h"

#include <gtest/gtest.h>

#include <future>

#include "client_test_fixture.h"
#include "kubefake/api/body_tree.h"
#include "kubefake/api/types/core/v1.h"

namespace kubefake::client {
namespace {

nlohmann::json ConfigMapWithKey(const std::string& name, const std::string& value) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}}},
          {"data", {{"key", value}}}};
}

class RestClientTest : public ClientTest {
 protected:
  RestClientTest() {
    config_.api_path = "/api";
    config_.group_version = api::GroupVersion{"", "v1"};
    client_ = std::move(RESTClientFor(config_).value());
  }

  nlohmann::json Create(const std::string& name, const std::string& value) {
    auto created = client_->Post()
                       .Namespace("default")
                       .Resource("configmaps")
                       .Body(ConfigMapWithKey(name, value))
                       .Do()
                       .Json();
    EXPECT_TRUE(created) << created.error().message();
    return created.value_or(nullptr);
  }

  // One page of the configmaps in default, with `limit` and `continue` when set.
  Result<api::core::v1::ConfigMapList> ListPage(const std::string& limit,
                                                const std::string& continue_token = "") {
    RestRequest request = client_->Get().Namespace("default").Resource("configmaps");
    if (!limit.empty()) request.Param("limit", limit);
    if (!continue_token.empty()) request.Param("continue", continue_token);
    return request.Do().Into<api::core::v1::ConfigMapList>();
  }

  std::unique_ptr<RESTClient> client_;
};

TEST_P(RestClientTest, EveryVerbRoundTripsAConfigMap) {
  const nlohmann::json created = Create("web", "v1");
  EXPECT_EQ(created["data"]["key"], "v1");
  EXPECT_FALSE(created["metadata"]["resourceVersion"].get<std::string>().empty());

  auto got = client_->Get()
                 .Namespace("default")
                 .Resource("configmaps")
                 .Name("web")
                 .Do()
                 .Into<api::core::v1::ConfigMap>();
  ASSERT_TRUE(got) << got.error().message();
  EXPECT_EQ(got->data->at("key"), "v1");

  nlohmann::json update = created;
  update["data"]["key"] = "v2";
  auto updated = client_->Put()
                     .Namespace("default")
                     .Resource("configmaps")
                     .Name("web")
                     .Body(update)
                     .Do()
                     .Json();
  ASSERT_TRUE(updated) << updated.error().message();
  EXPECT_EQ((*updated)["data"]["key"], "v2");

  auto patched = client_->Patch(PatchType::kMerge)
                     .Namespace("default")
                     .Resource("configmaps")
                     .Name("web")
                     .Body(nlohmann::json{{"data", {{"extra", "x"}}}})
                     .Do()
                     .Json();
  ASSERT_TRUE(patched) << patched.error().message();
  EXPECT_EQ((*patched)["data"], (nlohmann::json{{"key", "v2"}, {"extra", "x"}}));

  auto json_patched =
      client_->Patch(PatchType::kJson)
          .Namespace("default")
          .Resource("configmaps")
          .Name("web")
          .Body(nlohmann::json::array({{{"op", "remove"}, {"path", "/data/extra"}}}))
          .Do()
          .Json();
  ASSERT_TRUE(json_patched) << json_patched.error().message();
  EXPECT_EQ((*json_patched)["data"], (nlohmann::json{{"key", "v2"}}));

  auto deleted = client_->Delete().Namespace("default").Resource("configmaps").Name("web").Do();
  ASSERT_EQ(deleted.error(), nullptr) << deleted.error()->message();
  EXPECT_EQ(deleted.status_code(), 200);
  auto gone = client_->Get().Namespace("default").Resource("configmaps").Name("web").Do();
  ASSERT_NE(gone.error(), nullptr);
  EXPECT_TRUE(api::IsNotFound(*gone.error()));
}

TEST_P(RestClientTest, RawIsTheServersBytesWhetherHandedOverParsedOrNot) {  // R6.2
  // InProcessTransport hands a stored object over as a tree; Raw must still give the bytes the
  // apiserver writes, and Json the same object.
  Create("web", "say \"hi\" caf\u00e9");
  fakeserver::Request plain;
  plain.method = "GET";
  plain.path = "/api/v1/namespaces/default/configmaps/web";
  const fakeserver::Response written = server_->Handle(plain);
  ASSERT_EQ(written.status, 200) << written.body;

  RestResult got = client_->Get().Namespace("default").Resource("configmaps").Name("web").Do();
  ASSERT_TRUE(got.Raw()) << got.Raw().error().message();
  EXPECT_EQ(*got.Raw(), written.body);
  EXPECT_EQ(got.Json().value(), nlohmann::json::parse(written.body));
}

TEST_P(RestClientTest, ListTakesParamsAndDecodesTyped) {
  Create("a", "1");
  Create("b", "2");
  auto page = ListPage("1");
  ASSERT_TRUE(page) << page.error().message();
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(*page->items[0].metadata->name, "a");
  ASSERT_TRUE(page->metadata && page->metadata->continue_);
  auto rest = ListPage("", *page->metadata->continue_);
  ASSERT_TRUE(rest) << rest.error().message();
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(*rest->items[0].metadata->name, "b");
}

TEST_P(RestClientTest, StaleContinueIsExpiredAndCarriesTheTokenToResumeWith) {
  Create("a", "1");
  Create("b", "2");
  Create("c", "3");
  auto page = ListPage("1");
  ASSERT_TRUE(page && page->metadata && page->metadata->continue_);
  Create("d", "4");
  server_->storage().Compact(server_->storage().CurrentRevision());
  auto stale = ListPage("1", *page->metadata->continue_);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), 410);
  EXPECT_TRUE(api::IsResourceExpired(stale.error())) << stale.error().message();
  EXPECT_TRUE(stale.error().message().starts_with(
      "The provided continue parameter is too old to display a consistent list result."))
      << stale.error().message();
  // The replacement token resumes after "a" at the current revision (R6.7).
  ASSERT_FALSE(stale.error().continue_token().empty());
  auto resumed = ListPage("", stale.error().continue_token());
  ASSERT_TRUE(resumed) << resumed.error().message();
  std::vector<std::string> names;
  for (const auto& item : resumed->items) names.push_back(*item.metadata->name);
  EXPECT_EQ(names, (std::vector<std::string>{"b", "c", "d"}));
}

TEST_P(RestClientTest, ServerStatusesComeBackAsTheirErrors) {
  auto missing = client_->Get().Namespace("default").Resource("configmaps").Name("nope").Do();
  ASSERT_NE(missing.error(), nullptr);
  EXPECT_TRUE(api::IsNotFound(*missing.error()));
  EXPECT_EQ(missing.error()->message(), "configmaps \"nope\" not found");
  EXPECT_EQ(missing.status_code(), 404);

  const nlohmann::json created = Create("web", "v1");
  auto again = client_->Post()
                   .Namespace("default")
                   .Resource("configmaps")
                   .Body(ConfigMapWithKey("web", "v1"))
                   .Do();
  ASSERT_NE(again.error(), nullptr);
  EXPECT_TRUE(api::IsAlreadyExists(*again.error()));

  nlohmann::json stale = created;
  stale["metadata"]["resourceVersion"] = "1";
  auto conflict =
      client_->Put().Namespace("default").Resource("configmaps").Name("web").Body(stale).Do();
  ASSERT_NE(conflict.error(), nullptr);
  EXPECT_TRUE(api::IsConflict(*conflict.error()));
  EXPECT_EQ(conflict.error()->message(),
            "Operation cannot be fulfilled on configmaps \"web\": the object has been modified; "
            "please apply your changes to the latest version and try again");

  auto invalid = client_->Post()
                     .Namespace("default")
                     .Resource("configmaps")
                     .Body(ConfigMapWithKey("Not_Valid", "v"))
                     .Do();
  ASSERT_NE(invalid.error(), nullptr);
  EXPECT_TRUE(api::IsInvalid(*invalid.error()));
  ASSERT_TRUE(invalid.error()->details());
  EXPECT_EQ(invalid.error()->details()->causes.at(0).field, "metadata.name");
}

TEST_P(RestClientTest, BuilderKeepsTheFirstErrorAndSendsNothing) {
  auto result =
      client_->Get().Namespace("default").Resource("configmaps").Name("").Namespace("other").Do();
  ASSERT_NE(result.error(), nullptr);
  EXPECT_EQ(result.error()->message(), "resource name may not be empty");
  auto bad_namespace = client_->Get().Namespace("a/b").Resource("configmaps").Do();
  ASSERT_NE(bad_namespace.error(), nullptr);
  EXPECT_EQ(bad_namespace.error()->message(), "invalid namespace \"a/b\": [may not contain '/']");
  EXPECT_EQ(transport_->count(), 0);
}

TEST_P(RestClientTest, UrlJoinsThePathPartsAndLowerCasesTheResource) {
  EXPECT_EQ(client_->Get()
                .Namespace("ns")
                .Resource("Pods")
                .Name("p")
                .SubResource("status")
                .Param("pretty", "true")
                .URL(),
            "/api/v1/namespaces/ns/pods/p/status?pretty=true");
  EXPECT_EQ(client_->Get().Resource("nodes").URL(), "/api/v1/nodes");
  EXPECT_EQ(client_->Get().AbsPath("/version").URL(), "/version");
}

TEST_P(RestClientTest, WatchDeliversEventsAndEndsCleanlyAtTheServerTimeout) {
  auto watcher = client_->Get()
                     .Namespace("default")
                     .Resource("configmaps")
                     .Param("timeoutSeconds", "30")
                     .Watch();
  ASSERT_TRUE(watcher) << watcher.error().message();
  Create("web", "v1");
  auto added = (*watcher)->Next();
  ASSERT_TRUE(added && *added) << (added ? "ended" : added.error().message());
  EXPECT_EQ((*added)->type, "ADDED");
  EXPECT_EQ((*added)->object["metadata"]["name"], "web");
  ASSERT_EQ(client_->Delete().Namespace("default").Resource("configmaps").Name("web").Do().error(),
            nullptr);
  auto deleted = (*watcher)->Next();
  ASSERT_TRUE(deleted && *deleted);
  EXPECT_EQ((*deleted)->type, "DELETED");

  clock_->Step(std::chrono::seconds(31));
  auto end = (*watcher)->Next();
  ASSERT_TRUE(end) << end.error().message();
  EXPECT_FALSE(end->has_value());
}

TEST_P(RestClientTest, WatchFromACompactedRevisionEndsWithExpired) {
  const nlohmann::json first = Create("a", "1");
  Create("b", "2");
  server_->storage().Compact(server_->storage().CurrentRevision());
  auto watcher =
      client_->Get()
          .Namespace("default")
          .Resource("configmaps")
          .Param("resourceVersion", first["metadata"]["resourceVersion"].get<std::string>())
          .Watch();
  ASSERT_TRUE(watcher) << watcher.error().message();
  auto event = (*watcher)->Next();
  ASSERT_FALSE(event);
  EXPECT_TRUE(api::IsResourceExpired(event.error())) << event.error().message();
  EXPECT_EQ(event.error().code(), 410);
}

TEST_P(RestClientTest, WatchEventsAreTheServersBytesWhetherHandedOverParsedOrNot) {
  // R7.3 R7.6 R7.9 R6.14 R6.15: InProcessTransport hands watch events over as trees; Next and
  // NextShared must give what parsing the frames the engine writes gives, over every transport.
  Create("b", "1");
  nlohmann::json b = ConfigMapWithKey("b", "1");
  b["metadata"]["labels"] = {{"app", "web"}};
  ASSERT_EQ(
      client_->Put().Namespace("default").Resource("configmaps").Name("b").Body(b).Do().error(),
      nullptr);
  const std::multimap<std::string, std::string> query = {
      {"watch", "true"}, {"sendInitialEvents", "true"}, {"allowWatchBookmarks", "true"},
      {"resourceVersionMatch", "NotOlderThan"}, {"labelSelector", "app=web"}};
  for (const std::string accept :
       {"application/json", "application/json;as=Table;v=v1;g=meta.k8s.io",
        "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io"}) {
    SCOPED_TRACE(accept);
    fakeserver::Request plain;
    plain.method = "GET";
    plain.path = "/api/v1/namespaces/default/configmaps";
    plain.query = query;
    plain.headers.Set("Accept", accept);
    fakeserver::Response written = server_->Handle(plain);
    ASSERT_NE(written.stream, nullptr) << written.body;
    auto open = [&] {
      RestRequest request = client_->Get().Namespace("default").Resource("configmaps");
      for (const auto& [name, value] : query) request.Param(name, value);
      return request.SetHeader("Accept", accept).Watch();
    };
    Result<std::unique_ptr<Watcher>> copied = open();
    Result<std::unique_ptr<Watcher>> shared = open();
    ASSERT_TRUE(copied && shared);
    nlohmann::json a = Create("a-" + std::to_string(accept.size()), "1");
    a["metadata"]["labels"] = {{"app", "web"}};
    a = client_->Put().Namespace("default").Resource("configmaps")
            .Name(a["metadata"]["name"].get<std::string>()).Body(a).Do().Json().value();
    a["metadata"]["labels"] = nlohmann::json::object();
    ASSERT_EQ(client_->Put().Namespace("default").Resource("configmaps")
                  .Name(a["metadata"]["name"].get<std::string>()).Body(a).Do().error(),
              nullptr);
    // Initial b, the initial-events-end bookmark, a ADDED (it joined the selector), a DELETED
    // (it left).
    for (int i = 0; i < 4; ++i) {
      std::optional<std::string> frame = written.stream->Next();
      ASSERT_TRUE(frame) << "frame " << i;
      const nlohmann::json expected = nlohmann::json::parse(*frame);
      auto by_copy = (*copied)->Next();
      ASSERT_TRUE(by_copy && *by_copy) << "frame " << i;
      EXPECT_EQ((*by_copy)->type, expected["type"]) << "frame " << i;
      EXPECT_EQ((*by_copy)->object, expected["object"]) << "frame " << i;
      auto by_share = (*shared)->NextShared();
      ASSERT_TRUE(by_share && *by_share && (*by_share)->object) << "frame " << i;
      EXPECT_EQ((*by_share)->type, expected["type"]) << "frame " << i;
      EXPECT_EQ(*(*by_share)->object, expected["object"]) << "frame " << i;
    }
  }
}

TEST_P(RestClientTest, StoppedWatchEnds) {
  auto watcher = client_->Get().Namespace("default").Resource("configmaps").Watch();
  ASSERT_TRUE(watcher);
  (*watcher)->Stop();
  auto end = (*watcher)->Next();
  ASSERT_TRUE(end);
  EXPECT_FALSE(end->has_value());
}

TEST_P(RestClientTest, WarningHeadersGoToTheHandler) {
  std::vector<std::string> warnings;
  config_.warning_handler = [&](int code, std::string_view, std::string_view text) {
    warnings.push_back(std::to_string(code) + " " + std::string(text));
  };
  auto client = RESTClientFor(config_);
  ASSERT_TRUE(client);
  nlohmann::json object = ConfigMapWithKey("warned", "v");
  object["spec"] = {{"unknown", true}};
  auto created = (*client)->Post().Namespace("default").Resource("configmaps").Body(object).Do();
  ASSERT_EQ(created.error(), nullptr) << created.error()->message();
  EXPECT_EQ(warnings, (std::vector<std::string>{"299 unknown field \"spec\""}));
}

TEST_P(RestClientTest, RateLimiterWaitsOnTheClockOnceTheBurstIsSpent) {
  config_.qps = 1;
  config_.burst = 1;
  auto client = std::move(RESTClientFor(config_).value());
  ASSERT_EQ(client->Get().Resource("namespaces").Do().error(), nullptr);
  auto second =
      std::async(std::launch::async, [&] { return client->Get().Resource("namespaces").Do(); });
  ASSERT_TRUE(clock_->WaitForWaiters(1));
  EXPECT_EQ(transport_->count(), 1);
  clock_->Step(std::chrono::seconds(1));
  EXPECT_EQ(second.get().error(), nullptr);
  EXPECT_EQ(transport_->count(), 2);
}

TEST_P(RestClientTest, RestClientForNeedsAGroupVersion) {
  Config config = config_;
  config.group_version.reset();
  auto client = RESTClientFor(config);
  ASSERT_FALSE(client);
  EXPECT_EQ(client.error().message(), "GroupVersion is required when initializing a RESTClient");
}

// Answers every request with an empty ConfigMap and keeps the last request it was sent.
class BodyRecordingTransport final : public Transport {
 public:
  explicit BodyRecordingTransport(bool takes_parsed_body) : takes_(takes_parsed_body) {}
  Result<TransportResponse> Send(const TransportRequest& request) override {
    last_ = request;
    TransportResponse response;
    response.status = 201;
    response.headers.Set("Content-Type", "application/json");
    response.body = ConfigMapWithKey("web", "v").dump();
    return response;
  }
  bool TakesParsedBody() const override { return takes_; }
  const TransportRequest& last() const { return last_; }

 private:
  const bool takes_;
  TransportRequest last_;
};

RestResult PostConfigMap(std::shared_ptr<Transport> transport) {
  Config config;
  config.transport = std::move(transport);
  config.api_path = "/api";
  config.group_version = api::GroupVersion{"", "v1"};
  return RESTClientFor(config)
      .value()
      ->Post()
      .Namespace("default")
      .Resource("configmaps")
      .Body(ConfigMapWithKey("web", "say \"hi\""))
      .Do();
}

TEST(RestRequestBodyTest, AnObjectReachesATransportThatTakesTreesAsTheTree) {
  auto transport = std::make_shared<BodyRecordingTransport>(true);
  ASSERT_EQ(PostConfigMap(transport).error(), nullptr);
  ASSERT_NE(transport->last().parsed_body, nullptr);
  EXPECT_EQ(transport->last().parsed_body->tree(), ConfigMapWithKey("web", "say \"hi\""));
  EXPECT_TRUE(transport->last().body.empty());
  EXPECT_EQ(transport->last().headers.Get("Content-Type"), "application/json");
}

TEST(RestRequestBodyTest, AnObjectReachesOtherTransportsAsItsCompactDump) {
  auto transport = std::make_shared<BodyRecordingTransport>(false);
  ASSERT_EQ(PostConfigMap(transport).error(), nullptr);
  EXPECT_EQ(transport->last().parsed_body, nullptr);
  EXPECT_EQ(transport->last().body, ConfigMapWithKey("web", "say \"hi\"").dump());
  EXPECT_EQ(transport->last().headers.Get("Content-Type"), "application/json");
}

// Answers the first request 429 with `Retry-After: 0`, later ones 201, and keeps each body it
// was sent; on the first request it takes the body tree when `takes_body`, as the engine takes
// the object it stores.
class ThrottleOnceTransport final : public Transport {
 public:
  explicit ThrottleOnceTransport(bool takes_body) : takes_body_(takes_body) {}
  Result<TransportResponse> Send(const TransportRequest& request) override {
    bodies_.push_back(request.parsed_body->tree());
    TransportResponse response;
    response.headers.Set("Content-Type", "application/json");
    if (bodies_.size() > 1) {
      response.status = 201;
      response.body = ConfigMapWithKey("web", "v").dump();
      return response;
    }
    if (takes_body_) request.parsed_body->Take();
    response.status = 429;
    response.headers.Set("Retry-After", "0");
    response.body = nlohmann::json{{"kind", "Status"}, {"apiVersion", "v1"},
                                   {"status", "Failure"}, {"reason", "TooManyRequests"},
                                   {"message", "slow down"}, {"code", 429}}
                        .dump();
    return response;
  }
  bool TakesParsedBody() const override { return true; }
  const std::vector<nlohmann::json>& bodies() const { return bodies_; }

 private:
  const bool takes_body_;
  std::vector<nlohmann::json> bodies_;
};

TEST(RestRequestBodyTest, ATreeTheTransportLeftIsSentAgainAfterRetryAfter) {  // R5.12
  auto transport = std::make_shared<ThrottleOnceTransport>(false);
  ASSERT_EQ(PostConfigMap(transport).error(), nullptr);
  ASSERT_EQ(transport->bodies().size(), 2u);
  EXPECT_EQ(transport->bodies()[0], ConfigMapWithKey("web", "say \"hi\""));
  EXPECT_EQ(transport->bodies()[1], ConfigMapWithKey("web", "say \"hi\""));
}

// client-go does not resend a body it cannot rewind: the answer stands.
TEST(RestRequestBodyTest, ATreeTheTransportTookIsNotSentAgain) {  // R5.12
  auto transport = std::make_shared<ThrottleOnceTransport>(true);
  const RestResult result = PostConfigMap(transport);
  ASSERT_NE(result.error(), nullptr);
  EXPECT_EQ(result.error()->code(), 429);
  EXPECT_EQ(transport->bodies().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Transports, RestClientTest, AllTransports(),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace kubefake::client
