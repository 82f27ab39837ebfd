// InformerTest: the fixture of the informer suites that run against the fake over every
// transport: a SharedIndexInformer on ConfigMaps in "default" behind a GatedListWatch, an
// EventRecorder registered as its handler, in-process writes that set the scene, and a check
// that the handler and the cache converge to exactly the server's state.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <thread>

#include "../client_test_fixture.h"
#include "event_recorder.h"
#include "gated_list_watch.h"
#include "kubefake/client/cache/shared_index_informer.h"
#include "kubefake/client/dynamic_client.h"

namespace kubefake::client::cache {

inline const api::GroupVersionResource kConfigMaps{"", "v1", "configmaps"};

inline nlohmann::json ConfigMap(const std::string& name, const std::string& value = "v") {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"labels", {{"app", "demo"}}}}},
          {"data", {{"k", value}}}};
}

inline std::chrono::steady_clock::time_point Deadline() {
  return std::chrono::steady_clock::now() + std::chrono::seconds(30);
}

class InformerTest : public ClientTest {
 protected:
  InformerTest()
      : dynamic_(std::move(DynamicClient::NewForConfig(config_).value())),
        writer_(std::move(DynamicClient::NewForConfig(WriterConfig()).value())),
        gate_(NewDynamicListWatch(dynamic_->Resource(kConfigMaps).Namespace("default"))) {
    options_.min_watch_timeout = std::chrono::seconds(10);  // each watch ends within 20 s of fake time
    options_.initial_backoff = std::chrono::nanoseconds::zero();
  }

  ~InformerTest() override {
    runner_ = {};  // stops and joins the informer before the server goes away
  }

  // The test's own writes and reads of the server go in-process whatever the informer uses:
  // they set the scene, the informer's transport is what is under test.
  Config WriterConfig() const {
    Config config = config_;
    config.transport = std::make_shared<testkit::InProcessTransport>(*server_);
    return config;
  }

  DynamicResource ConfigMaps() const { return writer_->Resource(kConfigMaps).Namespace("default"); }

  void Create(const std::string& name) { ASSERT_TRUE(ConfigMaps().Create(ConfigMap(name)).has_value()); }
  void Delete(const std::string& name) { ASSERT_TRUE(ConfigMaps().Delete(name).has_value()); }
  void Change(const std::string& name, const std::string& value) {
    ASSERT_TRUE(ConfigMaps()
                    .Patch(name, PatchType::kMerge, nlohmann::json{{"data", {{"k", value}}}}.dump())
                    .has_value());
  }

  // The server's state: key -> resourceVersion.
  std::map<std::string, std::string> ServerState() const {
    std::map<std::string, std::string> state;
    nlohmann::json list = ConfigMaps().List().value();
    for (const nlohmann::json& item : list["items"]) {
      state[EventRecorder::Key(item)] = EventRecorder::Rv(item);
    }
    return state;
  }

  std::map<std::string, std::string> CacheState() const {
    std::map<std::string, std::string> state;
    for (const ObjectPtr& object : informer_->GetIndexer().List()) {
      state[EventRecorder::Key(*object)] = EventRecorder::Rv(*object);
    }
    return state;
  }

  // Creates the informer over the gated ListWatch with `recorder_` registered, and runs it
  // without waiting for its sync.
  void Run() {
    informer_ = std::make_unique<SharedIndexInformer>(gate_.Get(), clock_,
                                                      std::chrono::nanoseconds::zero(),
                                                      Indexers{}, options_);
    registration_ = std::move(informer_->AddEventHandler(recorder_.Handler()).value());
    runner_ = std::jthread([this](std::stop_token stop) { informer_->Run(stop); });
  }

  // Runs the informer and waits until it and `recorder_` have synced.
  void Start() {
    Run();
    ASSERT_TRUE(WaitForCacheSync(runner_.get_stop_token(), Deadline(), {informer_.get()}));
    ASSERT_TRUE(registration_->WaitForSync({}, Deadline()));
  }

  // Waits until the handler's view equals the server's state, then checks the cache too.
  void ExpectConverged() {
    std::map<std::string, std::string> server = ServerState();
    EXPECT_TRUE(recorder_.WaitFor([&](const EventRecorder::View& view) { return view.objects == server; }))
        << "handler saw " << recorder_.Snapshot().objects.size() << " objects, server has "
        << server.size();
    EXPECT_EQ(CacheState(), server);
  }

  // Holds the next watch call, then ends the open watch the way the server does: its
  // timeoutSeconds passes. Returns once the informer waits on the held call.
  void EndTheWatchAndHoldTheNext() {
    ASSERT_TRUE(gate_.WaitForOpenWatch());
    gate_.HoldNextWatch();
    clock_->Step(std::chrono::seconds(21));
    ASSERT_TRUE(gate_.WaitUntilHeld());
  }

  std::unique_ptr<DynamicClient> dynamic_;
  std::unique_ptr<DynamicClient> writer_;
  GatedListWatch gate_;
  ReflectorOptions options_;
  EventRecorder recorder_;
  std::unique_ptr<SharedIndexInformer> informer_;
  std::unique_ptr<HandlerRegistration> registration_;
  std::jthread runner_;
};

}  // namespace kubefake::client::cache
