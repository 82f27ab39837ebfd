// Concurrency of the engine: writers and watchers on many threads (issue 3 "Done when",
// R7.10, anchors 7.1 #10-#13). Every watcher must receive every change exactly once, in
// resourceVersion order, and replaying what it received must give the final state.
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine_test.h"

namespace kubefake::fakeserver {
namespace {

constexpr int kWriters = 4;
constexpr int kObjectsPerWriter = 12;
constexpr int kWatchers = 3;
constexpr char kDone[] = "zz-done";

using EngineConcurrencyTest = EngineTest;

// Even watchers resume from a resourceVersion; odd ones start with the current state and so
// receive one initial ADDED first.
bool Resumes(int watcher) { return watcher % 2 == 0; }
size_t Skip(int watcher) { return Resumes(watcher) ? 0 : 1; }

struct Seen {
  std::vector<nlohmann::json> events;
  bool ended_early = false;
};

// What a watcher's events leave behind: name -> object.
std::map<std::string, nlohmann::json> Replay(const std::vector<nlohmann::json>& events,
                                             std::map<std::string, nlohmann::json> state) {
  for (const nlohmann::json& event : events) {
    const std::string name = event["object"]["metadata"]["name"];
    if (event["type"] == "DELETED") {
      state.erase(name);
    } else {
      state[name] = event["object"];
    }
  }
  return state;
}

TEST_P(EngineConcurrencyTest, EveryWatcherReceivesEveryChangeOnceInOrder) {
  // One object written before the watches start, so the initial events are exercised too.
  CreateConfigMap("default", "seed");
  const std::string start = std::to_string(server_->storage().CurrentRevision());

  std::vector<std::unique_ptr<ResponseStream>> streams;
  for (int w = 0; w < kWatchers; ++w) {
    Request request;
    request.method = "GET";
    request.path = kConfigMaps;
    request.query = {{"watch", "true"}, {"allowWatchBookmarks", "true"}};
    if (Resumes(w)) request.query.emplace("resourceVersion", start);
    Response response = door_->Send(request);
    ASSERT_EQ(response.status, 200) << response.body;
    ASSERT_NE(response.stream, nullptr);
    streams.push_back(std::move(response.stream));
  }
  std::vector<Seen> seen(kWatchers);
  std::vector<std::thread> watchers;
  for (int w = 0; w < kWatchers; ++w) {
    watchers.emplace_back([&, w] {
      while (true) {
        std::optional<nlohmann::json> event = NextEvent(*streams[w]);
        if (!event) {
          seen[w].ended_early = true;
          return;
        }
        if ((*event)["type"] == "BOOKMARK") continue;
        seen[w].events.push_back(*event);
        if ((*event)["object"]["metadata"]["name"] == kDone) return;
      }
    });
  }

  // Writers: each owns its objects; create, update twice, and delete every third.
  std::vector<std::thread> writers;
  std::vector<int> failures(kWriters, 0);
  for (int t = 0; t < kWriters; ++t) {
    writers.emplace_back([&, t] {
      auto send = [&](std::string method, std::string path, const nlohmann::json& body) {
        Request request;
        request.method = std::move(method);
        request.path = std::move(path);
        if (!body.is_null()) {
          request.body = body.dump();
          request.headers.Set("Content-Type", "application/json");
        }
        return door_->Send(request);
      };
      for (int i = 0; i < kObjectsPerWriter; ++i) {
        const std::string name = "w" + std::to_string(t) + "-" + std::to_string(i);
        const std::string path = std::string(kConfigMaps) + "/" + name;
        Response created =
            send("POST", kConfigMaps, {{"metadata", {{"name", name}}}, {"data", {{"step", "0"}}}});
        if (created.status != 201) ++failures[t];
        nlohmann::json object = Json(created);
        for (int step = 1; step <= 2; ++step) {
          object["data"]["step"] = std::to_string(step);
          Response updated = send("PUT", path, object);
          if (updated.status != 200) ++failures[t];
          object = Json(updated);
        }
        if (i % 3 == 0 && send("DELETE", path, nullptr).status != 200) ++failures[t];
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  for (int t = 0; t < kWriters; ++t) EXPECT_EQ(failures[t], 0) << "writer " << t;
  CreateConfigMap("default", kDone);
  for (std::thread& watcher : watchers) watcher.join();

  // The final state, as a list reads it.
  nlohmann::json list = Expect(200, "GET", kConfigMaps);
  std::map<std::string, nlohmann::json> final_state;
  for (nlohmann::json item : list["items"]) {
    item["kind"] = "ConfigMap";
    item["apiVersion"] = "v1";
    final_state[item["metadata"]["name"]] = item;
  }
  const size_t deleted = (kObjectsPerWriter + 2) / 3 * kWriters;
  ASSERT_EQ(final_state.size(), 2 + kWriters * kObjectsPerWriter - deleted);
  // Every change of the writers: 3 or 4 per object.
  const size_t changes = kWriters * kObjectsPerWriter * 3 + deleted;

  for (int w = 0; w < kWatchers; ++w) {
    SCOPED_TRACE("watcher " + std::to_string(w));
    EXPECT_FALSE(seen[w].ended_early);
    const std::vector<nlohmann::json>& events = seen[w].events;
    // A watcher that starts with the current state gets ADDED for "seed" first; then every
    // change, then the final create.
    EXPECT_EQ(events.size(), changes + 1 + Skip(w));
    int64_t last = 0;
    std::set<int64_t> revisions;
    std::map<std::string, int> per_object;
    for (size_t i = 0; i < events.size(); ++i) {
      const int64_t rv =
          std::stoll(events[i]["object"]["metadata"]["resourceVersion"].get<std::string>());
      if (i < Skip(w)) {
        EXPECT_EQ(events[i]["object"]["metadata"]["name"], "seed");
      } else {
        EXPECT_GT(rv, last) << "out of order at event " << i;
        EXPECT_TRUE(revisions.insert(rv).second) << "duplicate resourceVersion " << rv;
      }
      last = std::max(last, rv);
      ++per_object[events[i]["object"]["metadata"]["name"]];
    }
    for (int t = 0; t < kWriters; ++t) {
      for (int i = 0; i < kObjectsPerWriter; ++i) {
        const std::string name = "w" + std::to_string(t) + "-" + std::to_string(i);
        EXPECT_EQ(per_object[name], i % 3 == 0 ? 4 : 3) << name;
      }
    }
    // The revisions are exactly those the writers produced: consecutive from the start.
    if (!revisions.empty()) {
      EXPECT_EQ(*revisions.rbegin() - *revisions.begin() + 1,
                static_cast<int64_t>(revisions.size()));
    }
    // A resumed watcher starts from the state at `start`: the seed alone.
    std::map<std::string, nlohmann::json> initial;
    if (Resumes(w)) initial["seed"] = final_state["seed"];
    EXPECT_EQ(Replay(events, initial), final_state);
  }
  // All watchers saw the same sequence.
  for (int w = 1; w < kWatchers; ++w) {
    const size_t skip_a = Skip(0);
    const size_t skip_b = Skip(w);
    ASSERT_EQ(seen[0].events.size() - skip_a, seen[w].events.size() - skip_b);
    for (size_t i = 0; i + skip_a < seen[0].events.size(); ++i) {
      EXPECT_EQ(seen[0].events[i + skip_a], seen[w].events[i + skip_b]) << "watcher " << w;
    }
  }
}

TEST_P(EngineConcurrencyTest, SelectorWatchersFollowLabelTransitionsUnderConcurrentWrites) {
  // Writers toggle a label; a watcher on app=web must see an alternating ADDED/DELETED story per
  // object that ends in the final state.
  constexpr int kToggles = 15;
  const std::string start = std::to_string(server_->storage().CurrentRevision());
  Request request;
  request.method = "GET";
  request.path = kConfigMaps;
  request.query = {{"watch", "true"}, {"resourceVersion", start}, {"labelSelector", "app=web"}};
  Response response = door_->Send(request);
  ASSERT_EQ(response.status, 200) << response.body;
  ASSERT_NE(response.stream, nullptr);
  std::unique_ptr<ResponseStream> stream = std::move(response.stream);

  std::vector<nlohmann::json> events;
  std::thread watcher([&] {
    while (std::optional<nlohmann::json> event = NextEvent(*stream)) {
      events.push_back(*event);
      if ((*event)["object"]["metadata"]["name"] == kDone) return;
    }
  });

  std::vector<std::thread> writers;
  for (int t = 0; t < kWriters; ++t) {
    writers.emplace_back([&, t] {
      const std::string name = "t" + std::to_string(t);
      Request create;
      create.method = "POST";
      create.path = kConfigMaps;
      create.body =
          nlohmann::json{{"metadata", {{"name", name}, {"labels", {{"app", "db"}}}}}}.dump();
      create.headers.Set("Content-Type", "application/json");
      nlohmann::json object = Json(door_->Send(create));
      for (int i = 0; i < kToggles; ++i) {
        object["metadata"]["labels"]["app"] = i % 2 == 0 ? "web" : "db";
        Request update;
        update.method = "PUT";
        update.path = std::string(kConfigMaps) + "/" + name;
        update.body = object.dump();
        update.headers.Set("Content-Type", "application/json");
        Response updated = door_->Send(update);
        EXPECT_EQ(updated.status, 200) << updated.body;
        object = Json(updated);
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  CreateConfigMap("default", kDone, {{"app", "web"}});
  watcher.join();

  std::map<std::string, std::vector<std::string>> story;
  int64_t last = 0;
  for (const nlohmann::json& event : events) {
    const int64_t rv =
        std::stoll(event["object"]["metadata"]["resourceVersion"].get<std::string>());
    EXPECT_GT(rv, last);
    last = rv;
    story[event["object"]["metadata"]["name"]].push_back(event["type"]);
  }
  for (int t = 0; t < kWriters; ++t) {
    const std::vector<std::string>& types = story["t" + std::to_string(t)];
    ASSERT_EQ(types.size(), static_cast<size_t>(kToggles)) << t;
    for (size_t i = 0; i < types.size(); ++i) {
      EXPECT_EQ(types[i], i % 2 == 0 ? "ADDED" : "DELETED") << t << " at " << i;
    }
  }
  // kToggles is odd: every object ends matching, as a selector list shows.
  nlohmann::json list = Expect(200, "GET", kConfigMaps, nullptr, {{"labelSelector", "app=web"}});
  EXPECT_EQ(list["items"].size(), static_cast<size_t>(kWriters + 1));
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(EngineConcurrencyTest);

}  // namespace
}  // namespace kubefake::fakeserver
