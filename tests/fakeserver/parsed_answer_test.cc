// Request::accepts_parsed_json: an answer handed over as the stored tree (Response::parsed_json)
// must stand for exactly the bytes the engine writes otherwise (R6.2 get, R3.1 create, R3.2
// update); the HTTP door never hands trees over, and answers that need bytes stay bytes.
#include "engine_test.h"

namespace kubefake::fakeserver {
namespace {

class ParsedAnswerTest : public EngineTest {
 protected:
  // `method` on `path` from a caller that takes parsed trees.
  Response SendAcceptingTrees(std::string method, std::string path,
                              const nlohmann::json& body = nullptr,
                              std::string accept = "application/json") {
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    if (!body.is_null()) {
      request.body = body.dump();
      request.headers.Set("Content-Type", "application/json");
    }
    request.headers.Set("Accept", std::move(accept));
    request.accepts_parsed_json = true;
    return door_->Send(request);
  }

  // The bytes an answer stands for.
  static std::string BytesOf(const Response& response) {
    return response.parsed_json ? response.parsed_json->dump() + "\n" : response.body;
  }

  // The object as a caller that takes bytes reads it.
  std::string GetBytes(const std::string& name) {
    const Response response = Send("GET", std::string(kConfigMaps) + "/" + name);
    EXPECT_EQ(response.status, 200) << response.body;
    return response.body;
  }
};

const nlohmann::json kStoredConfigMap = {
    {"apiVersion", "v1"},
    {"kind", "ConfigMap"},
    {"metadata", {{"name", "a"}, {"labels", {{"app", "web"}}}}},
    {"data", {{"quote", "say \"hi\"\n"}, {"accent", "caf\u00e9 \u2615"}}}};

TEST_P(ParsedAnswerTest, CreateGetAndUpdateHandOverTheBytesOtherwiseWritten) {  // R3.1 R6.2 R3.2
  const Response created = SendAcceptingTrees("POST", kConfigMaps, kStoredConfigMap);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.parsed_json != nullptr, HandsTreesOver());
  EXPECT_EQ(created.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(BytesOf(created), GetBytes("a"));

  const Response got = SendAcceptingTrees("GET", std::string(kConfigMaps) + "/a");
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.parsed_json != nullptr, HandsTreesOver());
  EXPECT_EQ(BytesOf(got), GetBytes("a"));

  nlohmann::json changed = nlohmann::json::parse(BytesOf(got));
  changed["data"]["quote"] = "bye";
  const Response updated = SendAcceptingTrees("PUT", std::string(kConfigMaps) + "/a", changed);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.parsed_json != nullptr, HandsTreesOver());
  EXPECT_EQ(nlohmann::json::parse(BytesOf(updated))["data"]["quote"], "bye");
  EXPECT_EQ(BytesOf(updated), GetBytes("a"));
}

TEST_P(ParsedAnswerTest, GetsOfAnUnchangedObjectShareOneStoredTree) {  // R6.2
  if (!HandsTreesOver()) GTEST_SKIP() << "only the in-process door hands trees over";
  ASSERT_EQ(SendAcceptingTrees("POST", kConfigMaps, kStoredConfigMap).status, 201);
  const Response first = SendAcceptingTrees("GET", std::string(kConfigMaps) + "/a");
  const Response second = SendAcceptingTrees("GET", std::string(kConfigMaps) + "/a");
  ASSERT_NE(first.parsed_json, nullptr);
  EXPECT_EQ(first.parsed_json.get(), second.parsed_json.get());
}

TEST_P(ParsedAnswerTest, AnswersThatNeedBytesStayBytes) {  // R6.2 R11.1
  ASSERT_EQ(SendAcceptingTrees("POST", kConfigMaps, kStoredConfigMap).status, 201);
  const std::string path = std::string(kConfigMaps) + "/a";
  for (const std::string accept :
       {"application/yaml", "application/json;as=Table;v=v1;g=meta.k8s.io",
        "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io"}) {
    const Response response = SendAcceptingTrees("GET", path, nullptr, accept);
    ASSERT_EQ(response.status, 200) << accept << ": " << response.body;
    EXPECT_EQ(response.parsed_json, nullptr) << accept;
    EXPECT_FALSE(response.body.empty()) << accept;
  }
  const Response head = SendAcceptingTrees("HEAD", path);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.parsed_json, nullptr);
  EXPECT_TRUE(head.body.empty());
}

}  // namespace

KUBEFAKE_INSTANTIATE_ENGINE_TEST(ParsedAnswerTest);

}  // namespace kubefake::fakeserver
