// Engine tests for Kubernetes protobuf (R11.1, R11.4): bodies as kubectl 1.32+ sends them for
// `create namespace|configmap|secret`, protobuf and JSON reads, watch framing, bad bodies and
// custom resources that fall back to JSON.
#include <future>

#include "crd_test.h"
#include "kubefake/api/protobuf_codec.h"

namespace kubefake::fakeserver {
namespace {

constexpr char kProtobuf[] = "application/vnd.kubernetes.protobuf";
constexpr char kKubectlAccept[] = "application/vnd.kubernetes.protobuf,application/json";

class ProtobufTest : public CrdTest {
 protected:
  // The bytes kubectl sends: the envelope around the object's message.
  static std::string Envelope(const nlohmann::json& object) {
    auto bytes = api::EncodeProtobufObject(object);
    EXPECT_TRUE(bytes.has_value());
    return bytes.value_or("");
  }

  static nlohmann::json Decode(const Response& response) {
    EXPECT_EQ(response.headers.Get("Content-Type").value_or(""), kProtobuf) << response.body;
    auto json = api::DecodeProtobufObject(response.body);
    EXPECT_TRUE(json.has_value()) << response.body;
    return json.value_or(nullptr);
  }

  // The next watch frame: a 4-byte big-endian length, then that many bytes of WatchEvent.
  static nlohmann::json NextProtobufEvent(ResponseStream& stream) {
    std::future<std::optional<std::string>> next =
        std::async(std::launch::async, [&stream] { return stream.Next(); });
    if (next.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      ADD_FAILURE() << "no watch event within 10 s";
      stream.Cancel();
    }
    const std::optional<std::string> frame = next.get();
    if (!frame || frame->size() < 4) {
      ADD_FAILURE() << "no frame";
      return nullptr;
    }
    std::uint32_t size = 0;
    for (int i = 0; i < 4; ++i) size = size << 8 | static_cast<unsigned char>((*frame)[i]);
    EXPECT_EQ(size, frame->size() - 4);
    auto event = api::ProtobufToJson(
        *api::FindProtoMessage("io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent"),
        frame->substr(4));
    EXPECT_TRUE(event.has_value());
    return event.value_or(nullptr);
  }

  // Sends `body` as it is (SendWith writes JSON).
  Response SendRaw(std::string path, std::string body, std::string accept) {
    Request request;
    request.method = "POST";
    request.path = std::move(path);
    request.body = std::move(body);
    request.headers.Set("Content-Type", kProtobuf);
    request.headers.Set("Accept", std::move(accept));
    request.headers.Set("User-Agent", "kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0");
    return door_->Send(request);
  }

  Response CreateWithProtobuf(const std::string& path, const nlohmann::json& object) {
    return SendRaw(path, Envelope(object), kKubectlAccept);
  }
};

TEST_P(ProtobufTest, KubectlCreateNamespaceConfigMapAndSecretWithProtobufBodies) {  // R11.4
  Response ns = CreateWithProtobuf("/api/v1/namespaces",
                                   {{"apiVersion", "v1"}, {"kind", "Namespace"},
                                    {"metadata", {{"name", "demo"}}}, {"spec", nlohmann::json::object()},
                                    {"status", nlohmann::json::object()}});
  ASSERT_EQ(ns.status, 201) << ns.body;
  nlohmann::json created = Decode(ns);
  EXPECT_EQ(created["metadata"]["name"], "demo");
  EXPECT_EQ(created["status"]["phase"], "Active");
  EXPECT_FALSE(created["metadata"]["uid"].get<std::string>().empty());

  Response cm = CreateWithProtobuf("/api/v1/namespaces/demo/configmaps",
                                   {{"apiVersion", "v1"}, {"kind", "ConfigMap"},
                                    {"metadata", {{"name", "c"}}}, {"data", {{"a", "b"}}}});
  ASSERT_EQ(cm.status, 201) << cm.body;
  Response secret = CreateWithProtobuf(
      "/api/v1/namespaces/demo/secrets",
      {{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "s"}}},
       {"type", "Opaque"}, {"data", {{"k", "dg=="}}}});
  ASSERT_EQ(secret.status, 201) << secret.body;

  // Read back as JSON (the stored form) and as protobuf.
  nlohmann::json json = Expect(200, "GET", "/api/v1/namespaces/demo/configmaps/c");
  EXPECT_EQ(json["data"], (nlohmann::json{{"a", "b"}}));
  EXPECT_EQ(json["metadata"].count("generateName"), 0u) << "empty scalars left out";
  EXPECT_EQ(Expect(200, "GET", "/api/v1/namespaces/demo/secrets/s")["data"]["k"], "dg==");
  Response get = SendWith("GET", "/api/v1/namespaces/demo/configmaps/c", nullptr,
                          {{"Accept", kProtobuf}});
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(Decode(get), json);
}

// `kubectl create deployment --replicas=0` sends replicas 0 in protobuf: a *int32 set to 0, not
// an absent field that defaulting turns into 1.
TEST_P(ProtobufTest, ExplicitZeroReplicasSurviveTheProtobufBody) {  // R11.4
  const nlohmann::json labels = {{"app", "z"}};
  Response created = CreateWithProtobuf(
      "/apis/apps/v1/namespaces/default/deployments",
      {{"apiVersion", "apps/v1"},
       {"kind", "Deployment"},
       {"metadata", {{"name", "z"}}},
       {"spec",
        {{"replicas", 0},
         {"selector", {{"matchLabels", labels}}},
         {"template",
          {{"metadata", {{"labels", labels}}},
           {"spec", {{"containers", {{{"name", "c"}, {"image", "nginx"}}}}}}}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Decode(created)["spec"]["replicas"], 0);
  const nlohmann::json stored =
      Expect(200, "GET", "/apis/apps/v1/namespaces/default/deployments/z");
  EXPECT_EQ(stored["spec"]["replicas"], 0);
}

// Zeros of Go pointer fields in core/v1 and batch/v1 are values too: a scheduled pod created in
// protobuf with terminationGracePeriodSeconds 0 is deleted at once (not after the default 30 s),
// and a Job keeps backoffLimit 0 rather than an absent field.
TEST_P(ProtobufTest, ExplicitZerosOfPodAndJobPointerFieldsSurviveTheProtobufBody) {  // R11.4, R4.7
  const nlohmann::json pod_spec = {{"containers", {{{"name", "c"}, {"image", "nginx"}}}},
                                   {"nodeName", "node-1"},
                                   {"terminationGracePeriodSeconds", 0},
                                   {"automountServiceAccountToken", false}};
  Response pod = CreateWithProtobuf("/api/v1/namespaces/default/pods",
                                    {{"apiVersion", "v1"}, {"kind", "Pod"},
                                     {"metadata", {{"name", "p"}}}, {"spec", pod_spec}});
  ASSERT_EQ(pod.status, 201) << pod.body;
  const nlohmann::json stored = Expect(200, "GET", "/api/v1/namespaces/default/pods/p");
  EXPECT_EQ(stored["spec"]["terminationGracePeriodSeconds"], 0);
  EXPECT_EQ(stored["spec"]["automountServiceAccountToken"], false);
  Expect(200, "DELETE", "/api/v1/namespaces/default/pods/p");
  Expect(404, "GET", "/api/v1/namespaces/default/pods/p");

  Response job = CreateWithProtobuf(
      "/apis/batch/v1/namespaces/default/jobs",
      {{"apiVersion", "batch/v1"},
       {"kind", "Job"},
       {"metadata", {{"name", "j"}}},
       {"spec",
        {{"backoffLimit", 0},
         {"template",
          {{"spec",
            {{"containers", {{{"name", "c"}, {"image", "busybox"}}}},
             {"restartPolicy", "Never"}}}}}}}});
  ASSERT_EQ(job.status, 201) << job.body;
  EXPECT_EQ(Decode(job)["spec"]["backoffLimit"], 0);
  EXPECT_EQ(Expect(200, "GET", "/apis/batch/v1/namespaces/default/jobs/j")["spec"]["backoffLimit"],
            0);
}

TEST_P(ProtobufTest, ListsAndErrorsAnswerInProtobuf) {  // R11.4, R5.1
  CreateConfigMap("default", "a");
  Response list = SendWith("GET", "/api/v1/namespaces/default/configmaps", nullptr,
                           {{"Accept", kKubectlAccept}});
  ASSERT_EQ(list.status, 200);
  nlohmann::json decoded = Decode(list);
  EXPECT_EQ(decoded["kind"], "ConfigMapList");
  ASSERT_EQ(decoded["items"].size(), 1u);
  EXPECT_EQ(decoded["items"][0]["metadata"]["name"], "a");

  Response missing = SendWith("GET", "/api/v1/namespaces/default/configmaps/nope", nullptr,
                              {{"Accept", kProtobuf}});
  EXPECT_EQ(missing.status, 404);
  nlohmann::json status = Decode(missing);
  EXPECT_EQ(status["kind"], "Status");
  EXPECT_EQ(status["reason"], "NotFound");
  EXPECT_EQ(status["code"], 404);
}

TEST_P(ProtobufTest, TableStaysJson) {  // R11.3, R11.4
  CreateConfigMap("default", "a");
  Response table = SendWith("GET", "/api/v1/namespaces/default/configmaps", nullptr,
                            {{"Accept", std::string(kProtobuf) + ";as=Table;g=meta.k8s.io;v=v1,"
                                        "application/json;as=Table;g=meta.k8s.io;v=v1"}});
  ASSERT_EQ(table.status, 200);
  EXPECT_EQ(Json(table)["kind"], "Table");
}

TEST_P(ProtobufTest, BodyWithoutTheMagicIsABadRequest) {  // R11.4
  Response response = SendRaw("/api/v1/namespaces", "{\"kind\":\"x\"}", kKubectlAccept);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(Decode(response)["message"],
            "provided data does not appear to be a protobuf message, expected prefix "
            "[107 56 115 0]");
}

TEST_P(ProtobufTest, WatchFramesAreLengthPrefixedWatchEvents) {  // R11.4
  CreateConfigMap("default", "a");
  Request request;
  request.method = "GET";
  request.path = "/api/v1/namespaces/default/configmaps";
  request.query.emplace("watch", "true");
  request.headers.Set("Accept", kKubectlAccept);
  Response response = door_->Send(request);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.headers.Get("Content-Type").value_or(""),
            "application/vnd.kubernetes.protobuf;stream=watch");
  ASSERT_NE(response.stream, nullptr);
  const nlohmann::json added = NextProtobufEvent(*response.stream);
  EXPECT_EQ(added["type"], "ADDED");
  EXPECT_EQ(added["object"]["kind"], "ConfigMap");
  EXPECT_EQ(added["object"]["metadata"]["name"], "a");
  CreateConfigMap("default", "b");
  const nlohmann::json next = NextProtobufEvent(*response.stream);
  EXPECT_EQ(next["type"], "ADDED");
  EXPECT_EQ(next["object"]["metadata"]["name"], "b");
  EXPECT_EQ(next["object"]["data"], (nlohmann::json{{"k", "v"}}));
  response.stream->Cancel();
}

TEST_P(ProtobufTest, CustomResourcesAnswer415And406OrFallBackToJson) {  // R11.1, R11.4
  CreateWidgetCrd();
  Response body = SendRaw(kWidgets, std::string("k8s\0", 4), kKubectlAccept);
  EXPECT_EQ(body.status, 415);
  EXPECT_EQ(Decode(body)["message"],
            "the body of the request was in an unknown format - accepted media types include: "
            "application/json, application/yaml");
  Expect(201, "POST", kWidgets, Widget("w", {{"size", 1}}));
  Response only = SendWith("GET", std::string(kWidgets) + "/w", nullptr, {{"Accept", kProtobuf}});
  EXPECT_EQ(only.status, 406);
  EXPECT_EQ(Json(only)["message"],
            "only the following media types are accepted: application/json, application/yaml");
  Response fallback = SendWith("GET", std::string(kWidgets) + "/w", nullptr,
                               {{"Accept", kKubectlAccept}});
  EXPECT_EQ(fallback.status, 200);
  EXPECT_EQ(Json(fallback)["metadata"]["name"], "w");
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(ProtobufTest);

}  // namespace
}  // namespace kubefake::fakeserver
