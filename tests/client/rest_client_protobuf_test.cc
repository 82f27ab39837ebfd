// RESTClient configured for Kubernetes protobuf (Config::content_type, as client-go's
// ContentConfig) over every transport: bodies go out in protobuf, protobuf answers, Status
// errors and watch frames are decoded (R11.4); the dynamic client stays on JSON; a kind without
// a protobuf message cannot be sent in protobuf.
#include <gtest/gtest.h>

#include <mutex>

#include "client_test_fixture.h"
#include "kubefake/api/protobuf_codec.h"
#include "kubefake/api/types/apps/v1.h"
#include "kubefake/api/types/core/v1.h"
#include "kubefake/client/dynamic_client.h"
#include "kubefake/client/rest_client.h"

namespace kubefake::client {
namespace {

constexpr char kProtobufAndJson[] = "application/vnd.kubernetes.protobuf,application/json";

// Remembers the last request's Content-Type, Accept and body and the last answer's
// Content-Type.
class RecordingTransport final : public Transport {
 public:
  explicit RecordingTransport(std::shared_ptr<Transport> inner) : inner_(std::move(inner)) {}
  Result<TransportResponse> Send(const TransportRequest& request) override {
    auto response = inner_->Send(request);
    std::lock_guard lock(mutex_);
    sent_content_type_ = std::string(request.headers.Get("Content-Type").value_or(""));
    sent_accept_ = std::string(request.headers.Get("Accept").value_or(""));
    sent_body_ = request.body;
    received_content_type_ =
        response ? std::string(response->headers.Get("Content-Type").value_or("")) : "";
    return response;
  }
  std::string sent_content_type() const { return Locked(sent_content_type_); }
  std::string sent_accept() const { return Locked(sent_accept_); }
  std::string sent_body() const { return Locked(sent_body_); }
  std::string received_content_type() const { return Locked(received_content_type_); }

 private:
  std::string Locked(const std::string& field) const {
    std::lock_guard lock(mutex_);
    return field;
  }
  std::shared_ptr<Transport> inner_;
  mutable std::mutex mutex_;
  std::string sent_content_type_, sent_accept_, sent_body_, received_content_type_;
};

class RestClientProtobufTest : public ClientTest {
 protected:
  RestClientProtobufTest() : recorder_(std::make_shared<RecordingTransport>(transport_)) {
    config_.transport = recorder_;
    config_.content_type = std::string(api::kProtobufMediaType);
    config_.accept_content_types = kProtobufAndJson;
    client_ = For("/api", {"", "v1"});
  }

  std::unique_ptr<RESTClient> For(std::string api_path, api::GroupVersion group_version) {
    Config config = config_;
    config.api_path = std::move(api_path);
    config.group_version = std::move(group_version);
    return std::move(RESTClientFor(config).value());
  }

  static nlohmann::json ConfigMap(const std::string& name) {
    return {{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", {{"name", name}}},
            {"data", {{"key", "value\n"}}}};
  }

  std::shared_ptr<RecordingTransport> recorder_;
  std::unique_ptr<RESTClient> client_;
};

TEST_P(RestClientProtobufTest, CreateSendsProtobufAndDecodesTheProtobufAnswer) {
  auto created =
      client_->Post().Namespace("default").Resource("configmaps").Body(ConfigMap("web")).Do();
  ASSERT_EQ(created.error(), nullptr) << created.error()->message();
  EXPECT_EQ(recorder_->sent_content_type(), api::kProtobufMediaType);
  EXPECT_EQ(recorder_->sent_accept(), kProtobufAndJson);
  EXPECT_TRUE(recorder_->sent_body().starts_with(api::kProtobufMagic));
  EXPECT_EQ(created.content_type(), api::kProtobufMediaType);
  EXPECT_TRUE(created.Raw().value().starts_with(api::kProtobufMagic));
  auto json = created.Json();
  ASSERT_TRUE(json) << json.error().message();
  EXPECT_EQ((*json)["apiVersion"], "v1");
  EXPECT_EQ((*json)["kind"], "ConfigMap");
  EXPECT_EQ((*json)["data"]["key"], "value\n");
  EXPECT_FALSE((*json)["metadata"]["uid"].get<std::string>().empty());
}

TEST_P(RestClientProtobufTest, TypedBodiesAndListsTravelInProtobuf) {
  api::core::v1::ConfigMap config_map;
  config_map.metadata.emplace().name = "typed";
  config_map.data.emplace()["k"] = "v";
  ASSERT_EQ(
      client_->Post().Namespace("default").Resource("configmaps").Body(config_map).Do().error(),
      nullptr);
  EXPECT_EQ(recorder_->sent_content_type(), api::kProtobufMediaType);
  auto list = client_->Get()
                  .Namespace("default")
                  .Resource("configmaps")
                  .Do()
                  .Into<api::core::v1::ConfigMapList>();
  ASSERT_TRUE(list) << list.error().message();
  EXPECT_TRUE(api::IsProtobufContentType(recorder_->received_content_type()));
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_EQ(*list->items[0].metadata->name, "typed");
  EXPECT_EQ(list->items[0].data->at("k"), "v");
  EXPECT_FALSE(list->metadata->resource_version->empty());
}

// R11.4: patch bodies are never protobuf; the answer still is.
TEST_P(RestClientProtobufTest, PatchesStayJsonAndAnswerInProtobuf) {
  ASSERT_EQ(
      client_->Post().Namespace("default").Resource("configmaps").Body(ConfigMap("p")).Do().error(),
      nullptr);
  auto patched = client_->Patch(PatchType::kMerge)
                     .Namespace("default")
                     .Resource("configmaps")
                     .Name("p")
                     .Body(nlohmann::json{{"data", {{"extra", "x"}}}})
                     .Do();
  ASSERT_EQ(patched.error(), nullptr) << patched.error()->message();
  EXPECT_EQ(recorder_->sent_content_type(), "application/merge-patch+json");
  EXPECT_EQ(patched.content_type(), api::kProtobufMediaType);
  EXPECT_EQ(patched.Json().value()["data"], (nlohmann::json{{"key", "value\n"}, {"extra", "x"}}));
}

TEST_P(RestClientProtobufTest, ErrorsComeBackFromTheProtobufStatus) {
  auto missing = client_->Get().Namespace("default").Resource("configmaps").Name("nope").Do();
  ASSERT_NE(missing.error(), nullptr);
  EXPECT_TRUE(api::IsProtobufContentType(recorder_->received_content_type()));
  EXPECT_TRUE(api::IsNotFound(*missing.error()));
  EXPECT_EQ(missing.error()->message(), "configmaps \"nope\" not found");
}

TEST_P(RestClientProtobufTest, WatchDecodesLengthPrefixedFrames) {
  auto watcher = client_->Get()
                     .Namespace("default")
                     .Resource("configmaps")
                     .Param("timeoutSeconds", "30")
                     .Watch();
  ASSERT_TRUE(watcher) << watcher.error().message();
  EXPECT_TRUE(api::IsProtobufContentType(recorder_->received_content_type()));
  // Data ending in a newline byte must survive the framing.
  ASSERT_EQ(
      client_->Post().Namespace("default").Resource("configmaps").Body(ConfigMap("w")).Do().error(),
      nullptr);
  auto added = (*watcher)->Next();
  ASSERT_TRUE(added && *added) << (added ? "ended" : added.error().message());
  EXPECT_EQ((*added)->type, "ADDED");
  EXPECT_EQ((*added)->object["kind"], "ConfigMap");
  EXPECT_EQ((*added)->object["data"]["key"], "value\n");
  ASSERT_EQ(client_->Delete().Namespace("default").Resource("configmaps").Name("w").Do().error(),
            nullptr);
  auto deleted = (*watcher)->Next();
  ASSERT_TRUE(deleted && *deleted);
  EXPECT_EQ((*deleted)->type, "DELETED");
  EXPECT_EQ((*deleted)->object["metadata"]["name"], "w");
}

TEST_P(RestClientProtobufTest, WatchErrorEventCarriesTheExpiredStatus) {
  auto first =
      client_->Post().Namespace("default").Resource("configmaps").Body(ConfigMap("a")).Do();
  ASSERT_EQ(first.error(), nullptr);
  ASSERT_EQ(
      client_->Post().Namespace("default").Resource("configmaps").Body(ConfigMap("b")).Do().error(),
      nullptr);
  server_->storage().Compact(server_->storage().CurrentRevision());
  auto watcher = client_->Get()
                     .Namespace("default")
                     .Resource("configmaps")
                     .Param("resourceVersion",
                            first.Json().value()["metadata"]["resourceVersion"].get<std::string>())
                     .Watch();
  ASSERT_TRUE(watcher) << watcher.error().message();
  auto event = (*watcher)->Next();
  ASSERT_FALSE(event);
  EXPECT_TRUE(api::IsResourceExpired(event.error())) << event.error().message();
}

// R11.4: a custom resource has no protobuf form; client-go's protobuf encoder refuses it too.
TEST_P(RestClientProtobufTest, KindWithoutProtobufMessageIsABuilderError) {
  const int before = transport_->count();
  auto result = For("/apis", {"example.com", "v1"})
                    ->Post()
                    .Resource("widgets")
                    .Body(nlohmann::json{{"apiVersion", "example.com/v1"}, {"kind", "Widget"}})
                    .Do();
  ASSERT_NE(result.error(), nullptr);
  EXPECT_EQ(result.error()->message(), "protobuf: no message for example.com/v1 Widget");
  EXPECT_EQ(transport_->count(), before);
}

TEST_P(RestClientProtobufTest, DynamicClientStaysOnJson) {
  auto dynamic = DynamicClient::NewForConfig(config_);
  ASSERT_TRUE(dynamic);
  auto created =
      (*dynamic)->Resource({"", "v1", "configmaps"}).Namespace("default").Create(ConfigMap("dyn"));
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_EQ(recorder_->sent_content_type(), "application/json");
  EXPECT_EQ(recorder_->sent_accept(), "application/json");
  EXPECT_EQ(recorder_->received_content_type(), "application/json");
  EXPECT_EQ((*created)["metadata"]["name"], "dyn");
}

TEST_P(RestClientProtobufTest, UnknownContentTypeIsRejected) {
  Config config = config_;
  config.api_path = "/api";
  config.group_version = api::GroupVersion{"", "v1"};
  config.content_type = "application/cbor";
  auto client = RESTClientFor(config);
  ASSERT_FALSE(client);
  EXPECT_EQ(client.error().message(), "serializer for application/cbor not registered");
}

INSTANTIATE_TEST_SUITE_P(Transports, RestClientProtobufTest, AllTransports(),
                         [](const testing::TestParamInfo<TransportParam>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace kubefake::client
