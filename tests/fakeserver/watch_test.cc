// Engine tests for watch (R7.1-R7.12).
#include <chrono>
#include <future>
#include <string>
#include <vector>

#include "engine_test.h"
#include "kubefake/fakeserver/in_memory_storage.h"

namespace kubefake::fakeserver {
namespace {

using std::chrono::seconds;

constexpr char kInitialEventsEnd[] = "k8s.io/initial-events-end";

class WatchTest : public EngineTest {
 protected:
  // Opens a watch through `door` and fails the test unless it is a 200 stream.
  static std::unique_ptr<ResponseStream> OpenWatchThrough(Door& door, const std::string& path,
                                                          Query query, bool watch_param = true) {
    Request request;
    request.method = "GET";
    request.path = path;
    request.query = std::move(query);
    if (watch_param) request.query.emplace("watch", "true");
    Response response = door.Send(request);
    EXPECT_EQ(response.status, 200) << path << ": " << response.body;
    EXPECT_EQ(response.headers.Get("Content-Type").value_or(""), "application/json");
    if (!response.stream) ADD_FAILURE() << "no stream: " << response.body;
    return std::move(response.stream);
  }

  std::unique_ptr<ResponseStream> Watch(const std::string& path, Query query = {}) {
    return OpenWatchThrough(*door_, path, std::move(query));
  }

  // The next event, which must be of `type` for the object `name`.
  static nlohmann::json ExpectEvent(ResponseStream* stream, const std::string& type,
                                    const std::string& name) {
    if (stream == nullptr) {
      ADD_FAILURE() << "no stream";
      return nullptr;
    }
    std::optional<nlohmann::json> event = NextEvent(*stream);
    if (!event) {
      ADD_FAILURE() << "the stream ended; expected " << type << " " << name;
      return nullptr;
    }
    EXPECT_EQ((*event)["type"], type) << *event;
    if (type != "BOOKMARK" && type != "ERROR") {
      EXPECT_EQ((*event)["object"]["metadata"]["name"], name) << *event;
    }
    return *event;
  }

  // The stream must end (Next returns nullopt) without another event.
  static void ExpectEnd(ResponseStream* stream) {
    if (stream == nullptr) return;
    std::optional<nlohmann::json> event = NextEvent(*stream);
    EXPECT_FALSE(event.has_value()) << *event;
  }

  nlohmann::json Update(const nlohmann::json& object) {
    const std::string ns = object["metadata"]["namespace"];
    const std::string name = object["metadata"]["name"];
    return Expect(200, "PUT", "/api/v1/namespaces/" + ns + "/configmaps/" + name, object);
  }

  nlohmann::json SetData(const std::string& name, const std::string& value) {
    nlohmann::json object = Expect(200, "GET", std::string(kConfigMaps) + "/" + name);
    object["data"]["k"] = value;
    return Update(object);
  }

  nlohmann::json SetLabels(const std::string& name, nlohmann::json labels) {
    nlohmann::json object = Expect(200, "GET", std::string(kConfigMaps) + "/" + name);
    object["metadata"]["labels"] = std::move(labels);
    return Update(object);
  }

  void Delete(const std::string& name) {
    Expect(200, "DELETE", std::string(kConfigMaps) + "/" + name);
  }

  std::string CurrentRv() { return std::to_string(server_->storage().CurrentRevision()); }

  static int64_t Rv(const nlohmann::json& object) {
    return std::stoll(object["metadata"]["resourceVersion"].get<std::string>());
  }
};

// --- R7.4, R7.6: where a watch starts -------------------------------------------------------

TEST_P(WatchTest, UnsetResourceVersionStartsWithAddedForTheCurrentObjects) {  // R7.4
  CreateConfigMap("default", "b");
  CreateConfigMap("default", "a");
  for (const char* rv : {"", "0"}) {
    SCOPED_TRACE(std::string("resourceVersion=") + rv);
    Query query;
    if (*rv != '\0') query.emplace("resourceVersion", rv);
    std::unique_ptr<ResponseStream> stream = Watch(kConfigMaps, query);
    nlohmann::json a = ExpectEvent(stream.get(), "ADDED", "a");
    EXPECT_EQ(a["object"]["kind"], "ConfigMap") << "watch objects carry kind (R7.2)";
    EXPECT_EQ(a["object"]["apiVersion"], "v1");
    EXPECT_EQ(a["object"]["data"]["k"], "v");
    ExpectEvent(stream.get(), "ADDED", "b");
    // No bookmark without allowWatchBookmarks: the next event is the next change.
    const std::string name = std::string("c") + (*rv ? "0" : "unset");
    nlohmann::json created = CreateConfigMap("default", name);
    nlohmann::json event = ExpectEvent(stream.get(), "ADDED", name);
    EXPECT_EQ(event["object"]["metadata"]["resourceVersion"],
              created["metadata"]["resourceVersion"]);
    Delete(name);
    ExpectEvent(stream.get(), "DELETED", name);
  }
}

TEST_P(WatchTest, WatchListDefaultingAddsTheInitialEventsEndBookmark) {  // R7.4, R7.6
  CreateConfigMap("default", "a");
  const std::string state = CurrentRv();
  for (const char* rv : {"", "0"}) {
    SCOPED_TRACE(std::string("resourceVersion=") + rv);
    Query query = {{"allowWatchBookmarks", "true"}};
    if (*rv != '\0') query.emplace("resourceVersion", rv);
    std::unique_ptr<ResponseStream> stream = Watch(kConfigMaps, query);
    ExpectEvent(stream.get(), "ADDED", "a");
    nlohmann::json bookmark = ExpectEvent(stream.get(), "BOOKMARK", "");
    EXPECT_EQ(bookmark["object"],
              (nlohmann::json{
                  {"kind", "ConfigMap"},
                  {"apiVersion", "v1"},
                  {"metadata",
                   {{"resourceVersion", state}, {"annotations", {{kInitialEventsEnd, "true"}}}}}}));
  }
}

TEST_P(WatchTest, InitialEventsEndBookmarkOfAnEmptyCollection) {  // R7.6, anchors 7.1 #14
  std::unique_ptr<ResponseStream> stream =
      Watch("/api/v1/namespaces/nope/configmaps", {{"sendInitialEvents", "true"},
                                                   {"resourceVersionMatch", "NotOlderThan"},
                                                   {"allowWatchBookmarks", "true"}});
  nlohmann::json bookmark = ExpectEvent(stream.get(), "BOOKMARK", "");
  EXPECT_EQ(bookmark["object"]["metadata"]["annotations"][kInitialEventsEnd], "true");
  EXPECT_EQ(bookmark["object"]["metadata"]["resourceVersion"], CurrentRv());
}

TEST_P(WatchTest, SendInitialEventsWithAndWithoutBookmarks) {  // R7.6
  CreateConfigMap("default", "a");
  CreateConfigMap("default", "b");
  const std::string state = CurrentRv();
  {
    std::unique_ptr<ResponseStream> stream =
        Watch(kConfigMaps, {{"sendInitialEvents", "true"},
                            {"resourceVersionMatch", "NotOlderThan"},
                            {"allowWatchBookmarks", "true"},
                            {"resourceVersion", state}});
    ExpectEvent(stream.get(), "ADDED", "a");
    ExpectEvent(stream.get(), "ADDED", "b");
    nlohmann::json bookmark = ExpectEvent(stream.get(), "BOOKMARK", "");
    EXPECT_EQ(bookmark["object"]["metadata"]["resourceVersion"], state);
    EXPECT_EQ(bookmark["object"]["metadata"]["annotations"][kInitialEventsEnd], "true");
    SetData("a", "x");
    EXPECT_EQ(ExpectEvent(stream.get(), "MODIFIED", "a")["object"]["data"]["k"], "x");
  }
  {
    std::unique_ptr<ResponseStream> stream = Watch(
        kConfigMaps, {{"sendInitialEvents", "true"}, {"resourceVersionMatch", "NotOlderThan"}});
    ExpectEvent(stream.get(), "ADDED", "a");
    ExpectEvent(stream.get(), "ADDED", "b");
    CreateConfigMap("default", "c");
    ExpectEvent(stream.get(), "ADDED", "c");  // no end marker without allowWatchBookmarks
  }
}

TEST_P(WatchTest, InitialEventsAreTheBytesOfTheEventsOfTheirCreation) {  // R7.2, R7.6
  // The initial events are written from the stored bytes, a change's event from its tree: both
  // must be the same line for the same state, escapes, non-ASCII text and key order included.
  std::unique_ptr<ResponseStream> changes = Watch(kConfigMaps, {{"resourceVersion", CurrentRv()}});
  ASSERT_NE(changes, nullptr);
  const nlohmann::json data = {{"quote", "say \"hi\"\tand\\go"}, {"text", "caf\u00e9 \u2028 <&>"}};
  for (const char* name : {"a", "b"}) {
    Expect(201, "POST", kConfigMaps,
           {{"metadata", {{"name", name}, {"labels", {{"app", "web"}}}}},
            {"kind", "ConfigMap"}, {"data", data}, {"apiVersion", "v1"}});
  }
  std::vector<std::string> created;
  for (int i = 0; i < 2; ++i) {
    std::future<std::optional<std::string>> next =
        std::async(std::launch::async, [&] { return changes->Next(); });
    ASSERT_EQ(next.wait_for(seconds(10)), std::future_status::ready);
    std::optional<std::string> frame = next.get();
    ASSERT_TRUE(frame.has_value());
    created.push_back(*frame);
  }
  std::unique_ptr<ResponseStream> initial = Watch(
      kConfigMaps, {{"sendInitialEvents", "true"}, {"resourceVersionMatch", "NotOlderThan"}});
  ASSERT_NE(initial, nullptr);
  for (const std::string& expected : created) {
    std::future<std::optional<std::string>> next =
        std::async(std::launch::async, [&] { return initial->Next(); });
    ASSERT_EQ(next.wait_for(seconds(10)), std::future_status::ready);
    EXPECT_EQ(next.get(), expected);
  }
}

TEST_P(WatchTest, SendInitialEventsFalseStartsWithoutSyntheticEvents) {  // R7.6
  CreateConfigMap("default", "a");
  const std::string at_a = CurrentRv();
  CreateConfigMap("default", "b");
  {
    std::unique_ptr<ResponseStream> stream =
        Watch(kConfigMaps, {{"sendInitialEvents", "false"},
                            {"resourceVersionMatch", "NotOlderThan"},
                            {"allowWatchBookmarks", "true"}});
    CreateConfigMap("default", "c");
    ExpectEvent(stream.get(), "ADDED", "c");
  }
  {
    std::unique_ptr<ResponseStream> stream =
        Watch(kConfigMaps, {{"sendInitialEvents", "false"},
                            {"resourceVersionMatch", "NotOlderThan"},
                            {"resourceVersion", at_a}});
    ExpectEvent(stream.get(), "ADDED", "b");
    ExpectEvent(stream.get(), "ADDED", "c");
  }
}

TEST_P(WatchTest, SendInitialEventsFromAFutureResourceVersionIs504) {  // R7.6, R5.14
  CreateConfigMap("default", "a");
  const std::string future = std::to_string(server_->storage().CurrentRevision() + 10);
  nlohmann::json status = Expect(504, "GET", kConfigMaps, nullptr,
                                 {{"watch", "true"},
                                  {"sendInitialEvents", "true"},
                                  {"resourceVersionMatch", "NotOlderThan"},
                                  {"resourceVersion", future}});
  EXPECT_EQ(status["reason"], "Timeout");
  EXPECT_EQ(status["details"]["causes"][0]["reason"], "ResourceVersionTooLarge");
}

TEST_P(WatchTest, SpecificResourceVersionReplaysExactlyTheLaterChanges) {  // R7.4
  nlohmann::json a = CreateConfigMap("default", "a");
  nlohmann::json b = CreateConfigMap("default", "b");
  const std::string from = b["metadata"]["resourceVersion"];
  nlohmann::json a2 = SetData("a", "two");
  Delete("b");
  nlohmann::json c = CreateConfigMap("default", "c");

  std::unique_ptr<ResponseStream> stream =
      Watch(kConfigMaps, {{"resourceVersion", from}, {"allowWatchBookmarks", "true"}});
  nlohmann::json modified = ExpectEvent(stream.get(), "MODIFIED", "a");
  EXPECT_EQ(modified["object"]["metadata"]["resourceVersion"], a2["metadata"]["resourceVersion"]);
  nlohmann::json deleted = ExpectEvent(stream.get(), "DELETED", "b");
  EXPECT_EQ(Rv(deleted["object"]), Rv(a2) + 1);
  ExpectEvent(stream.get(), "ADDED", "c");
  // Nothing else is queued: the next event is the next write (no initial-events bookmark).
  CreateConfigMap("default", "d");
  ExpectEvent(stream.get(), "ADDED", "d");
}

TEST_P(WatchTest, ListThenWatchMissesNothingWrittenInBetween) {  // R7.4, anchors 7.1 #10-#12
  CreateConfigMap("default", "doomed");
  CreateConfigMap("default", "changed");
  nlohmann::json list = Expect(200, "GET", kConfigMaps);
  ASSERT_EQ(list["items"].size(), 2u);
  // Between the informer's list and its watch: a delete, an update and a create.
  Delete("doomed");
  SetData("changed", "new");
  CreateConfigMap("default", "born");
  std::unique_ptr<ResponseStream> stream = Watch(
      kConfigMaps,
      {{"resourceVersion", list["metadata"]["resourceVersion"]}, {"allowWatchBookmarks", "true"}});
  ExpectEvent(stream.get(), "DELETED", "doomed");
  EXPECT_EQ(ExpectEvent(stream.get(), "MODIFIED", "changed")["object"]["data"]["k"], "new");
  ExpectEvent(stream.get(), "ADDED", "born");
}

TEST_P(WatchTest, HundredsOfUnreadEventsAreBufferedWithinTheQueueBound) {  // anchors 7.1 #13
  constexpr int kEvents = 300;  // well past client-go's fake (100), within the default bound
  std::unique_ptr<ResponseStream> stream = Watch(kConfigMaps, {{"resourceVersion", CurrentRv()}});
  for (int i = 0; i < kEvents; ++i) CreateConfigMap("default", "c" + std::to_string(1000 + i));
  for (int i = 0; i < kEvents; ++i) {
    ExpectEvent(stream.get(), "ADDED", "c" + std::to_string(1000 + i));
    if (HasFailure()) return;
  }
}

TEST_P(WatchTest, AFutureResourceVersionWaitsForLaterChanges) {  // R7.4
  CreateConfigMap("default", "a");
  const int64_t current = server_->storage().CurrentRevision();
  std::unique_ptr<ResponseStream> stream =
      Watch(kConfigMaps, {{"resourceVersion", std::to_string(current + 2)}});
  CreateConfigMap("default", "b");  // current + 1
  CreateConfigMap("default", "c");  // current + 2: "<n>" itself is not sent
  CreateConfigMap("default", "d");
  ExpectEvent(stream.get(), "ADDED", "d");
}

TEST_P(WatchTest, CompactedResourceVersionIsOneErrorEventThenTheEnd) {  // R7.4, R7.11
  const std::string old = CreateConfigMap("default", "a")["metadata"]["resourceVersion"];
  CreateConfigMap("default", "b");
  CreateConfigMap("default", "c");
  const int64_t compacted = server_->storage().CurrentRevision();
  server_->storage().Compact(compacted);

  std::unique_ptr<ResponseStream> stream =
      Watch(kConfigMaps, {{"resourceVersion", old}, {"allowWatchBookmarks", "true"}});
  nlohmann::json error = ExpectEvent(stream.get(), "ERROR", "");
  EXPECT_EQ(error["object"]["kind"], "Status");
  EXPECT_EQ(error["object"]["apiVersion"], "v1");
  EXPECT_EQ(error["object"]["status"], "Failure");
  EXPECT_EQ(error["object"]["code"], 410);
  EXPECT_EQ(error["object"]["reason"], "Expired");
  EXPECT_EQ(error["object"]["message"],
            "too old resource version: " + old + " (" + std::to_string(compacted) + ")");
  ExpectEnd(stream.get());
  // The compacted revision itself is still a valid start.
  std::unique_ptr<ResponseStream> ok =
      Watch(kConfigMaps, {{"resourceVersion", std::to_string(compacted)}});
  CreateConfigMap("default", "d");
  ExpectEvent(ok.get(), "ADDED", "d");
}

// --- R7.3: events ---------------------------------------------------------------------------

TEST_P(WatchTest, CreateUpdateDeleteAreAddedModifiedDeleted) {  // R7.3
  std::unique_ptr<ResponseStream> stream = Watch(kConfigMaps, {{"resourceVersion", CurrentRv()}});
  nlohmann::json created = CreateConfigMap("default", "a", {{"app", "web"}});
  nlohmann::json added = ExpectEvent(stream.get(), "ADDED", "a");
  EXPECT_EQ(added["object"], created);
  nlohmann::json updated = SetData("a", "new");
  nlohmann::json modified = ExpectEvent(stream.get(), "MODIFIED", "a");
  EXPECT_EQ(modified["object"], updated);
  Delete("a");
  nlohmann::json deleted = ExpectEvent(stream.get(), "DELETED", "a");
  // The last state, at the deletion's resourceVersion.
  EXPECT_EQ(deleted["object"]["data"]["k"], "new");
  EXPECT_EQ(deleted["object"]["metadata"]["uid"], created["metadata"]["uid"]);
  EXPECT_EQ(deleted["object"]["kind"], "ConfigMap");
  EXPECT_GT(Rv(deleted["object"]), Rv(updated));
  EXPECT_EQ(deleted["object"]["metadata"]["resourceVersion"],
            Expect(200, "GET", kConfigMaps)["metadata"]["resourceVersion"]);
  nlohmann::json expected = updated;
  expected["metadata"]["resourceVersion"] = deleted["object"]["metadata"]["resourceVersion"];
  EXPECT_EQ(deleted["object"], expected);
}

TEST_P(WatchTest, NoOpUpdateEmitsNoEvent) {  // R2.2
  nlohmann::json a = CreateConfigMap("default", "a");
  std::unique_ptr<ResponseStream> stream = Watch(kConfigMaps, {{"resourceVersion", CurrentRv()}});
  Update(a);
  CreateConfigMap("default", "b");
  ExpectEvent(stream.get(), "ADDED", "b");
}

TEST_P(WatchTest, FinalizerDeletionIsModifiedModifiedDeleted) {  // R7.3, R4.6
  Expect(201, "POST", kConfigMaps,
         {{"metadata", {{"name", "f"}, {"finalizers", {"example.com/hold"}}}}});
  std::unique_ptr<ResponseStream> stream = Watch(kConfigMaps, {{"resourceVersion", CurrentRv()}});
  Delete("f");
  nlohmann::json marked = ExpectEvent(stream.get(), "MODIFIED", "f");
  EXPECT_TRUE(marked["object"]["metadata"].contains("deletionTimestamp")) << marked;
  nlohmann::json object = Expect(200, "GET", std::string(kConfigMaps) + "/f");
  object["metadata"].erase("finalizers");
  Expect(200, "PUT", std::string(kConfigMaps) + "/f", object);
  nlohmann::json deleted = ExpectEvent(stream.get(), "DELETED", "f");
  EXPECT_TRUE(deleted["object"]["metadata"].contains("deletionTimestamp"));
  EXPECT_GT(Rv(deleted["object"]), Rv(marked["object"]));
  Expect(404, "GET", std::string(kConfigMaps) + "/f");
}

TEST_P(WatchTest, DeleteCollectionEmitsADeletedEventPerObject) {  // R1.7, R7.3
  CreateConfigMap("default", "a", {{"app", "web"}});
  CreateConfigMap("default", "b", {{"app", "db"}});
  CreateConfigMap("default", "c", {{"app", "web"}});
  std::unique_ptr<ResponseStream> stream = Watch(kConfigMaps, {{"resourceVersion", CurrentRv()}});
  Expect(200, "DELETE", kConfigMaps, nullptr, {{"labelSelector", "app=web"}});
  const int64_t first = Rv(ExpectEvent(stream.get(), "DELETED", "a")["object"]);
  EXPECT_EQ(Rv(ExpectEvent(stream.get(), "DELETED", "c")["object"]), first + 1);
  CreateConfigMap("default", "d");
  ExpectEvent(stream.get(), "ADDED", "d");
}

TEST_P(WatchTest, FramesAreOneCompactJsonLineEach) {  // R7.2
  CreateConfigMap("default", "a");
  std::unique_ptr<ResponseStream> stream = Watch(kConfigMaps);
  ASSERT_NE(stream, nullptr);
  std::future<std::optional<std::string>> next =
      std::async(std::launch::async, [&] { return stream->Next(); });
  ASSERT_EQ(next.wait_for(seconds(10)), std::future_status::ready);
  const std::optional<std::string> frame = next.get();
  ASSERT_TRUE(frame.has_value());
  ASSERT_FALSE(frame->empty());
  EXPECT_EQ(frame->back(), '\n');
  EXPECT_EQ(frame->find('\n'), frame->size() - 1) << *frame;
  EXPECT_TRUE(frame->starts_with("{\"type\":\"ADDED\",\"object\":{")) << *frame;
}

// --- R7.9: selectors ------------------------------------------------------------------------

TEST_P(WatchTest, LabelSelectorTransitionsAreAddedAndDeleted) {  // R7.9
  std::unique_ptr<ResponseStream> stream =
      Watch(kConfigMaps, {{"labelSelector", "app=web"}, {"resourceVersion", CurrentRv()}});
  CreateConfigMap("default", "other", {{"app", "db"}});  // never matches: no events
  CreateConfigMap("default", "a", {{"app", "web"}});
  ExpectEvent(stream.get(), "ADDED", "a");

  nlohmann::json left = SetLabels("a", {{"app", "db"}});
  nlohmann::json deleted = ExpectEvent(stream.get(), "DELETED", "a");
  // The old object (it matched), at the resourceVersion of the change that made it leave.
  EXPECT_EQ(deleted["object"]["metadata"]["labels"]["app"], "web");
  EXPECT_EQ(deleted["object"]["metadata"]["resourceVersion"], left["metadata"]["resourceVersion"]);

  SetData("a", "unseen");  // no/no: nothing
  nlohmann::json entered = SetLabels("a", {{"app", "web"}});
  nlohmann::json added = ExpectEvent(stream.get(), "ADDED", "a");
  EXPECT_EQ(added["object"], entered);
  EXPECT_EQ(added["object"]["data"]["k"], "unseen");

  SetData("a", "seen");
  EXPECT_EQ(ExpectEvent(stream.get(), "MODIFIED", "a")["object"]["data"]["k"], "seen");
  SetLabels("other", {{"app", "web"}});
  ExpectEvent(stream.get(), "ADDED", "other");
  Delete("other");
  ExpectEvent(stream.get(), "DELETED", "other");
}

// One change seen by watchers with different selectors and formats: each gets its own event
// (the frames are encoded once per format and shared, which must never mix them up).
TEST_P(WatchTest, WatchersOfOneChangeEachGetTheEventOfTheirOwnView) {  // R7.3, R7.9, R6.15
  CreateConfigMap("default", "a", {{"app", "web"}});
  const std::string from = CurrentRv();
  std::unique_ptr<ResponseStream> all = Watch(kConfigMaps, {{"resourceVersion", from}});
  std::unique_ptr<ResponseStream> all_too = Watch(kConfigMaps, {{"resourceVersion", from}});
  std::unique_ptr<ResponseStream> web =
      Watch(kConfigMaps, {{"labelSelector", "app=web"}, {"resourceVersion", from}});
  std::unique_ptr<ResponseStream> db =
      Watch(kConfigMaps, {{"labelSelector", "app=db"}, {"resourceVersion", from}});
  Request metadata_watch;
  metadata_watch.method = "GET";
  metadata_watch.path = kConfigMaps;
  metadata_watch.query = {{"watch", "true"}, {"resourceVersion", from}};
  metadata_watch.headers.Set("Accept", "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1");
  std::unique_ptr<ResponseStream> metadata = door_->Send(metadata_watch).stream;
  ASSERT_TRUE(all && all_too && web && db && metadata);

  const nlohmann::json changed = SetLabels("a", {{"app", "db"}});
  const nlohmann::json modified = ExpectEvent(all.get(), "MODIFIED", "a");
  EXPECT_EQ(modified["object"], changed);
  EXPECT_EQ(ExpectEvent(all_too.get(), "MODIFIED", "a"), modified);
  const nlohmann::json left = ExpectEvent(web.get(), "DELETED", "a");
  EXPECT_EQ(left["object"]["metadata"]["labels"]["app"], "web");
  EXPECT_EQ(left["object"]["metadata"]["resourceVersion"], changed["metadata"]["resourceVersion"]);
  EXPECT_EQ(ExpectEvent(db.get(), "ADDED", "a")["object"], changed);
  const nlohmann::json partial = ExpectEvent(metadata.get(), "MODIFIED", "a");
  EXPECT_EQ(partial["object"]["kind"], "PartialObjectMetadata");
  EXPECT_EQ(partial["object"]["apiVersion"], "meta.k8s.io/v1");
  EXPECT_EQ(partial["object"]["metadata"], changed["metadata"]);
  EXPECT_FALSE(partial["object"].contains("data"));
}

TEST_P(WatchTest, LabelSelectorFiltersTheInitialEvents) {  // R7.4, R7.9
  CreateConfigMap("default", "a", {{"app", "web"}});
  CreateConfigMap("default", "b", {{"app", "db"}});
  CreateConfigMap("default", "c", {{"app", "web"}});
  std::unique_ptr<ResponseStream> stream =
      Watch(kConfigMaps, {{"labelSelector", "app in (web)"}, {"allowWatchBookmarks", "true"}});
  ExpectEvent(stream.get(), "ADDED", "a");
  ExpectEvent(stream.get(), "ADDED", "c");
  ExpectEvent(stream.get(), "BOOKMARK", "");
}

TEST_P(WatchTest, FieldSelectorOnTheName) {  // R7.1, R7.9
  CreateConfigMap("default", "a");
  CreateConfigMap("default", "b");
  std::unique_ptr<ResponseStream> stream =
      Watch(kConfigMaps, {{"fieldSelector", "metadata.name=b"}});
  ExpectEvent(stream.get(), "ADDED", "b");
  SetData("a", "x");
  SetData("b", "y");
  EXPECT_EQ(ExpectEvent(stream.get(), "MODIFIED", "b")["object"]["data"]["k"], "y");
  Delete("a");
  Delete("b");
  ExpectEvent(stream.get(), "DELETED", "b");
}

TEST_P(WatchTest, BadSelectorsAreErrorsBeforeStreaming) {  // R7.12
  nlohmann::json status =
      Expect(400, "GET", kConfigMaps, nullptr, {{"watch", "true"}, {"labelSelector", "a b"}});
  EXPECT_EQ(status["reason"], "BadRequest");
  status = Expect(400, "GET", kConfigMaps, nullptr,
                  {{"watch", "true"}, {"fieldSelector", "spec.foo=x"}});
  EXPECT_EQ(status["message"],
            "\"spec.foo\" is not a known field selector: only \"metadata.name\", "
            "\"metadata.namespace\"");
}

TEST_P(WatchTest, WatchOfAMissingNamespaceIsNotAnError) {  // R7.12
  std::unique_ptr<ResponseStream> stream = Watch("/api/v1/namespaces/later/configmaps");
  Expect(201, "POST", "/api/v1/namespaces", {{"metadata", {{"name", "later"}}}});
  CreateConfigMap("later", "a");
  ExpectEvent(stream.get(), "ADDED", "a");
}

TEST_P(WatchTest, NamespacedWatchSeesOnlyItsNamespaceAndAllNamespacesSeesEvery) {  // R1.2
  Expect(201, "POST", "/api/v1/namespaces", {{"metadata", {{"name", "default2"}}}});
  std::unique_ptr<ResponseStream> scoped = Watch(kConfigMaps, {{"resourceVersion", CurrentRv()}});
  std::unique_ptr<ResponseStream> all =
      Watch("/api/v1/configmaps", {{"resourceVersion", CurrentRv()}});
  CreateConfigMap("default2", "x");
  CreateConfigMap("default", "y");
  ExpectEvent(scoped.get(), "ADDED", "y");
  EXPECT_EQ(ExpectEvent(all.get(), "ADDED", "x")["object"]["metadata"]["namespace"], "default2");
  EXPECT_EQ(ExpectEvent(all.get(), "ADDED", "y")["object"]["metadata"]["namespace"], "default");
}

TEST_P(WatchTest, LegacyWatchPaths) {  // R1.2, R7.1
  CreateConfigMap("default", "a");
  CreateConfigMap("default", "b");
  std::unique_ptr<ResponseStream> collection =
      OpenWatchThrough(*door_, "/api/v1/watch/namespaces/default/configmaps", {}, false);
  ExpectEvent(collection.get(), "ADDED", "a");
  ExpectEvent(collection.get(), "ADDED", "b");
  std::unique_ptr<ResponseStream> one =
      OpenWatchThrough(*door_, "/api/v1/watch/namespaces/default/configmaps/b", {}, false);
  ExpectEvent(one.get(), "ADDED", "b");
  SetData("a", "x");
  SetData("b", "y");
  ExpectEvent(collection.get(), "MODIFIED", "a");
  ExpectEvent(collection.get(), "MODIFIED", "b");
  ExpectEvent(one.get(), "MODIFIED", "b");

  // A field selector naming another object contradicts the path (R6.8).
  nlohmann::json status = Expect(400, "GET", "/api/v1/watch/namespaces/default/configmaps/b",
                                 nullptr, {{"fieldSelector", "metadata.name=a"}});
  EXPECT_EQ(status["message"], "fieldSelector metadata.name doesn't match requested name");
  // So does any field selector that does not pin the name.
  EXPECT_EQ(Expect(400, "GET", "/api/v1/watch/namespaces/default/configmaps/b", nullptr,
                   {{"fieldSelector", "metadata.namespace=default"}})["message"],
            "fieldSelector metadata.name doesn't match requested name");
  std::unique_ptr<ResponseStream> same =
      OpenWatchThrough(*door_, "/api/v1/watch/namespaces/default/configmaps/b",
                       {{"fieldSelector", "metadata.name=b"}}, false);
  ExpectEvent(same.get(), "ADDED", "b");
  std::unique_ptr<ResponseStream> all_namespaces =
      OpenWatchThrough(*door_, "/api/v1/watch/configmaps", {}, false);
  ExpectEvent(all_namespaces.get(), "ADDED", "a");
}

// --- R7.5: options --------------------------------------------------------------------------

TEST_P(WatchTest, InvalidWatchOptionsAre422) {  // R7.5
  struct Case {
    Query query;
    std::vector<std::string> causes;
  };
  const std::vector<Case> cases = {
      {{{"sendInitialEvents", "true"}},
       {"resourceVersionMatch: Forbidden: sendInitialEvents requires setting "
        "resourceVersionMatch to NotOlderThan"}},
      {{{"resourceVersionMatch", "NotOlderThan"}, {"resourceVersion", "1"}},
       {"resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless "
        "sendInitialEvents is provided"}},
      {{{"sendInitialEvents", "true"}, {"resourceVersionMatch", "Exact"}},
       {"resourceVersionMatch: Forbidden: sendInitialEvents requires setting "
        "resourceVersionMatch to NotOlderThan",
        "resourceVersionMatch: Unsupported value: \"Exact\": supported values: "
        "\"NotOlderThan\""}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::PrintToString(c.query));
    Query query = c.query;
    query.emplace("watch", "true");
    nlohmann::json status = Expect(422, "GET", kConfigMaps, nullptr, query);
    EXPECT_EQ(status["reason"], "Invalid");
    EXPECT_EQ(status["details"]["kind"], "ListOptions");
    EXPECT_EQ(status["details"]["group"], "meta.k8s.io");
    const std::string message = status["message"];
    EXPECT_TRUE(message.starts_with("ListOptions.meta.k8s.io \"\" is invalid: ")) << message;
    for (const std::string& cause : c.causes) {
      EXPECT_NE(message.find(cause), std::string::npos) << message;
    }
    EXPECT_EQ(status["details"]["causes"].size(), c.causes.size()) << status;
  }
}

// --- R7.7, R7.8: time -----------------------------------------------------------------------

TEST_P(WatchTest, TimeoutSecondsEndsTheStreamCleanly) {  // R7.8
  std::unique_ptr<ResponseStream> stream =
      Watch(kConfigMaps, {{"timeoutSeconds", "30"}, {"resourceVersion", CurrentRv()}});
  clock_.Step(seconds(29));
  CreateConfigMap("default", "a");
  ExpectEvent(stream.get(), "ADDED", "a");  // still open at 29 s
  clock_.Step(seconds(1));
  ExpectEnd(stream.get());
}

TEST_P(WatchTest, TimeoutEndsABlockedNext) {  // R7.8
  std::unique_ptr<ResponseStream> stream =
      Watch(kConfigMaps, {{"timeoutSeconds", "5"}, {"resourceVersion", CurrentRv()}});
  ASSERT_NE(stream, nullptr);
  std::future<std::optional<std::string>> next =
      std::async(std::launch::async, [&] { return stream->Next(); });
  clock_.Step(seconds(5));
  ASSERT_EQ(next.wait_for(seconds(10)), std::future_status::ready);
  EXPECT_FALSE(next.get().has_value());
}

TEST_P(WatchTest, WithoutTimeoutSecondsTheStreamLastsAtLeastHalfAnHour) {  // R7.8
  std::unique_ptr<ResponseStream> stream = Watch(kConfigMaps, {{"resourceVersion", CurrentRv()}});
  clock_.Step(std::chrono::minutes(29));
  CreateConfigMap("default", "a");
  ExpectEvent(stream.get(), "ADDED", "a");
  clock_.Step(std::chrono::minutes(31));
  ExpectEnd(stream.get());
}

TEST_P(WatchTest, PeriodicBookmarksCarryAResourceVersionNoOlderThanTheLastEvent) {  // R7.7
  std::unique_ptr<ResponseStream> stream = Watch(kConfigMaps, {{"allowWatchBookmarks", "true"},
                                                               {"resourceVersion", CurrentRv()},
                                                               {"timeoutSeconds", "600"}});
  nlohmann::json a = CreateConfigMap("default", "a");
  ExpectEvent(stream.get(), "ADDED", "a");
  clock_.Step(seconds(60));
  nlohmann::json bookmark = ExpectEvent(stream.get(), "BOOKMARK", "");
  EXPECT_GE(Rv(bookmark["object"]), Rv(a));
  EXPECT_EQ(bookmark["object"]["kind"], "ConfigMap");
  EXPECT_EQ(bookmark["object"]["apiVersion"], "v1");
  EXPECT_FALSE(bookmark["object"]["metadata"].contains("annotations")) << bookmark;
  EXPECT_EQ(bookmark["object"]["metadata"].size(), 1u) << bookmark;
  EXPECT_EQ(bookmark["object"].size(), 3u) << bookmark;

  // Another minute, after a change the selector-free watch saw.
  nlohmann::json b = CreateConfigMap("default", "b");
  ExpectEvent(stream.get(), "ADDED", "b");
  clock_.Step(seconds(60));
  EXPECT_GE(Rv(ExpectEvent(stream.get(), "BOOKMARK", "")["object"]), Rv(b));
}

TEST_P(WatchTest, BookmarksProgressPastChangesTheSelectorHides) {  // R7.7
  std::unique_ptr<ResponseStream> stream = Watch(kConfigMaps, {{"allowWatchBookmarks", "true"},
                                                               {"resourceVersion", CurrentRv()},
                                                               {"labelSelector", "app=web"},
                                                               {"timeoutSeconds", "600"}});
  nlohmann::json hidden = CreateConfigMap("default", "hidden", {{"app", "db"}});
  clock_.Step(seconds(60));
  EXPECT_GE(Rv(ExpectEvent(stream.get(), "BOOKMARK", "")["object"]), Rv(hidden));
}

TEST_P(WatchTest, ABookmarkComesBeforeTheTimeout) {  // R7.7
  std::unique_ptr<ResponseStream> stream = Watch(kConfigMaps, {{"allowWatchBookmarks", "true"},
                                                               {"resourceVersion", CurrentRv()},
                                                               {"timeoutSeconds", "30"}});
  clock_.Step(seconds(28));
  ExpectEvent(stream.get(), "BOOKMARK", "");
  clock_.Step(seconds(2));
  ExpectEnd(stream.get());
}

TEST_P(WatchTest, NoBookmarksWithoutAllowWatchBookmarks) {  // R7.7
  std::unique_ptr<ResponseStream> stream =
      Watch(kConfigMaps, {{"resourceVersion", CurrentRv()}, {"timeoutSeconds", "600"}});
  clock_.Step(seconds(180));
  CreateConfigMap("default", "a");
  ExpectEvent(stream.get(), "ADDED", "a");
}

// --- ResponseStream ---------------------------------------------------------------------------

TEST_P(WatchTest, CancelUnblocksNext) {  // ResponseStream contract
  std::unique_ptr<ResponseStream> stream = Watch(kConfigMaps, {{"resourceVersion", CurrentRv()}});
  ASSERT_NE(stream, nullptr);
  std::future<std::optional<std::string>> next =
      std::async(std::launch::async, [&] { return stream->Next(); });
  stream->Cancel();
  ASSERT_EQ(next.wait_for(seconds(10)), std::future_status::ready);
  EXPECT_FALSE(next.get().has_value());
  stream->Cancel();  // idempotent
  EXPECT_FALSE(stream->Next().has_value());
}

TEST_P(WatchTest, CancelDropsQueuedEvents) {  // ResponseStream contract
  CreateConfigMap("default", "a");
  CreateConfigMap("default", "b");
  std::unique_ptr<ResponseStream> stream = Watch(kConfigMaps);
  ASSERT_NE(stream, nullptr);
  CreateConfigMap("default", "c");
  stream->Cancel();
  ExpectEnd(stream.get());
}

TEST_P(WatchTest, DestroyingAnOpenStreamIsSafe) {  // ResponseStream contract
  for (int i = 0; i < 3; ++i) CreateConfigMap("default", "c" + std::to_string(i));
  {
    std::unique_ptr<ResponseStream> stream =
        Watch(kConfigMaps, {{"allowWatchBookmarks", "true"}, {"timeoutSeconds", "100"}});
  }
  // The stream's timers are gone: advancing past them runs nothing that touches it.
  clock_.Step(seconds(200));
  CreateConfigMap("default", "after");
}

// --- R7.10: slow watchers -------------------------------------------------------------------

// In-process only: over HTTP the front end drains the stream into the socket as fast as TCP
// takes it, so a client that does not read is only slow once the socket buffers (hundreds of
// KiB) are full; these 40 small events never get there.
class SlowWatcherTest : public WatchTest {};

TEST_P(SlowWatcherTest,
       AWatcherThatNeverReadsIsClosedWithoutAnErrorAndOthersGetEverything) {  // R7.10
  constexpr size_t kCapacity = 8;
  constexpr int kWrites = 40;
  auto storage = std::make_unique<InMemoryStorage>(
      InMemoryStorage::Options{.watch_queue_capacity = kCapacity});
  ApiServerOptions options;
  options.clock = &clock_;
  options.storage = std::move(storage);
  options.random_seed = 7;
  ApiServer server(std::move(options));
  std::unique_ptr<Door> door = GetParam().make(server);
  const std::string from = std::to_string(server.storage().CurrentRevision());
  std::unique_ptr<ResponseStream> slow =
      OpenWatchThrough(*door, kConfigMaps, {{"resourceVersion", from}});
  std::unique_ptr<ResponseStream> reader =
      OpenWatchThrough(*door, kConfigMaps, {{"resourceVersion", from}});
  ASSERT_NE(slow, nullptr);
  ASSERT_NE(reader, nullptr);

  for (int i = 0; i < kWrites; ++i) {
    const std::string name = "c" + std::to_string(100 + i);
    Request create;
    create.method = "POST";
    create.path = kConfigMaps;
    create.body = nlohmann::json{{"metadata", {{"name", name}}}}.dump();
    create.headers.Set("Content-Type", "application/json");
    ASSERT_EQ(door->Send(create).status, 201);
    // The reader keeps up: it gets every event, in order.
    ExpectEvent(reader.get(), "ADDED", name);
  }
  // The slow watcher gets what was queued before it was closed, a gap-free prefix, then the end
  // (no ERROR event: the client re-watches from its last resourceVersion).
  size_t received = 0;
  while (std::optional<nlohmann::json> event = NextEvent(*slow)) {
    ASSERT_EQ((*event)["type"], "ADDED") << *event;
    EXPECT_EQ((*event)["object"]["metadata"]["name"], "c" + std::to_string(100 + received));
    ++received;
    ASSERT_LE(received, static_cast<size_t>(kWrites));
  }
  EXPECT_GE(received, 1u);
  EXPECT_LT(received, static_cast<size_t>(kWrites));
  EXPECT_LE(received, kCapacity + 1);
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(WatchTest);
INSTANTIATE_TEST_SUITE_P(Doors, SlowWatcherTest, testing::Values(InProcess()),
                         [](const testing::TestParamInfo<DoorParam>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace kubefake::fakeserver
