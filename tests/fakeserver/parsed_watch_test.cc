// Request::accepts_parsed_json on a watch: each JSON event handed over as its type and object
// tree (StreamRead::object) must stand for exactly the bytes a watch that takes bytes gets for
// the same changes (R7.2, R7.3, R7.6, R7.9, R6.14, R6.15, R7.4); the HTTP door never hands
// trees over, and protobuf watches stay bytes (R11.4).
#include <chrono>
#include <string>
#include <vector>

#include "engine_test.h"
#include "kubefake/fakeserver/in_memory_storage.h"

namespace kubefake::fakeserver {
namespace {

constexpr char kTable[] = "application/json;as=Table;v=v1;g=meta.k8s.io";
constexpr char kPartial[] = "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io";

class ParsedWatchTest : public EngineTest {
 protected:
  // A watch of the ConfigMaps with `query` and `accept`, from a caller that takes trees or not.
  std::unique_ptr<ResponseStream> OpenWatch(Query query, const std::string& accept, bool trees,
                                            const std::string& content_type = "application/json") {
    Request request;
    request.method = "GET";
    request.path = kConfigMaps;
    request.query = std::move(query);
    request.query.emplace("watch", "true");
    request.headers.Set("Accept", accept);
    request.accepts_parsed_json = trees;
    Response response = door_->Send(request);
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.headers.Get("Content-Type").value_or(""), content_type);
    if (!response.stream) ADD_FAILURE() << "no stream: " << response.body;
    return std::move(response.stream);
  }

  // The next `count` frames of `stream`, each waited for up to 10 s.
  static std::vector<StreamRead> Frames(ResponseStream* stream, size_t count) {
    std::vector<StreamRead> frames;
    if (stream == nullptr) return frames;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (frames.size() < count && std::chrono::steady_clock::now() < deadline) {
      StreamRead read = stream->NextWithin(std::chrono::milliseconds(100));
      if (read.state == StreamRead::State::kEnded) break;
      if (read.state == StreamRead::State::kFrame) frames.push_back(std::move(read));
    }
    EXPECT_EQ(frames.size(), count) << "frames before the deadline or the end";
    return frames;
  }

  // Opens a watch that takes trees and one that takes bytes with `query` and `accept`, makes
  // changes that cover every event type (a selector transition's DELETED included), and expects
  // the same `count` frames on both: trees in-process, bytes otherwise.
  void ExpectTreesStandForTheBytes(Query query, const std::string& accept, size_t count) {
    std::unique_ptr<ResponseStream> trees = OpenWatch(query, accept, true);
    std::unique_ptr<ResponseStream> bytes = OpenWatch(query, accept, false);
    nlohmann::json a = CreateConfigMap("default", "a", {{"app", "web"}});
    a["data"]["k"] = "changed";
    Expect(200, "PUT", std::string(kConfigMaps) + "/a", a);
    nlohmann::json b = Expect(200, "GET", std::string(kConfigMaps) + "/b");
    b["metadata"]["labels"] = {{"app", "db"}};
    Expect(200, "PUT", std::string(kConfigMaps) + "/b", b);
    Expect(200, "DELETE", std::string(kConfigMaps) + "/a");

    std::vector<StreamRead> tree_frames = Frames(trees.get(), count);
    const std::vector<StreamRead> byte_frames = Frames(bytes.get(), count);
    ASSERT_EQ(tree_frames.size(), byte_frames.size());
    for (size_t i = 0; i < tree_frames.size(); ++i) {
      EXPECT_EQ(tree_frames[i].object != nullptr, HandsTreesOver()) << "frame " << i;
      EXPECT_EQ(byte_frames[i].object, nullptr) << "frame " << i;
      EXPECT_TRUE(tree_frames[i].object == nullptr || tree_frames[i].frame.empty())
          << "frame " << i;
      EXPECT_EQ(std::move(tree_frames[i]).Bytes(), byte_frames[i].frame) << "frame " << i;
    }
  }

  void SetUp() override { CreateConfigMap("default", "b", {{"app", "web"}}); }

  const Query kInitialEvents = {{"sendInitialEvents", "true"},
                                {"resourceVersionMatch", "NotOlderThan"},
                                {"allowWatchBookmarks", "true"},
                                {"labelSelector", "app=web"}};
};

// Initial b, the initial-events-end bookmark, then a ADDED, a MODIFIED, b DELETED (it left the
// selector), a DELETED.
constexpr size_t kFrames = 6;

TEST_P(ParsedWatchTest, EventsStandForTheBytesOfEveryEventType) {  // R7.3 R7.6 R7.9
  ExpectTreesStandForTheBytes(kInitialEvents, "application/json", kFrames);
}

TEST_P(ParsedWatchTest, TableEventsStandForTheBytes) {  // R6.14
  ExpectTreesStandForTheBytes(kInitialEvents, kTable, kFrames);
}

TEST_P(ParsedWatchTest, PartialObjectMetadataEventsStandForTheBytes) {  // R6.15
  ExpectTreesStandForTheBytes(kInitialEvents, kPartial, kFrames);
}

TEST_P(ParsedWatchTest, AnUnchangedObjectIsTheStoredTreeItself) {  // R7.3
  if (!HandsTreesOver()) GTEST_SKIP() << "only the in-process door hands trees over";
  std::unique_ptr<ResponseStream> stream = OpenWatch({{"resourceVersion", "0"}},
                                                     "application/json", true);
  Request get;
  get.method = "GET";
  get.path = std::string(kConfigMaps) + "/b";
  get.accepts_parsed_json = true;
  const Response stored = door_->Send(get);
  ASSERT_NE(stored.parsed_json, nullptr) << stored.body;
  std::vector<StreamRead> frames = Frames(stream.get(), 1);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].event_type, "ADDED");
  EXPECT_EQ(frames[0].object.get(), stored.parsed_json.get());
}

TEST_P(ParsedWatchTest, AnExpiredResourceVersionErrorStandsForTheBytes) {  // R7.4
  const std::string old = CreateConfigMap("default", "c")["metadata"]["resourceVersion"];
  CreateConfigMap("default", "d");
  server_->storage().Compact(server_->storage().CurrentRevision());
  std::vector<StreamRead> trees =
      Frames(OpenWatch({{"resourceVersion", old}}, "application/json", true).get(), 1);
  const std::vector<StreamRead> bytes =
      Frames(OpenWatch({{"resourceVersion", old}}, "application/json", false).get(), 1);
  ASSERT_EQ(trees.size(), 1u);
  ASSERT_EQ(bytes.size(), 1u);
  EXPECT_EQ(trees[0].object != nullptr, HandsTreesOver());
  EXPECT_EQ(nlohmann::json::parse(bytes[0].frame)["object"]["reason"], "Expired");
  EXPECT_EQ(std::move(trees[0]).Bytes(), bytes[0].frame);
}

TEST_P(ParsedWatchTest, ProtobufWatchesStayBytes) {  // R11.4
  std::unique_ptr<ResponseStream> stream =
      OpenWatch({{"resourceVersion", "0"}}, "application/vnd.kubernetes.protobuf", true,
                "application/vnd.kubernetes.protobuf;stream=watch");
  std::vector<StreamRead> frames = Frames(stream.get(), 1);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].object, nullptr);
  EXPECT_FALSE(frames[0].frame.empty());
}

}  // namespace

KUBEFAKE_INSTANTIATE_ENGINE_TEST(ParsedWatchTest);

}  // namespace kubefake::fakeserver
