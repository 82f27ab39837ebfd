// Typed informers, listers and the SharedInformerFactory against the fake over every transport
// and content type: namespace and tweak-list-options scoping, typed handlers, lister reads by
// label selector and by name, and a typed ListWatch over the clientset.
#include <gtest/gtest.h>

#include <thread>

#include "../client_test_fixture.h"
#include "event_recorder.h"
#include "kubefake/api/types/core/v1.h"
#include "kubefake/client/cache/informer.h"
#include "kubefake/client/cache/shared_informer_factory.h"
#include "kubefake/client/cache/typed_list_watch.h"
#include "kubefake/client/clientset.h"
#include "kubefake/client/kubernetes/typed/core/v1.h"

namespace kubefake::client::cache {
namespace {

using api::core::v1::ConfigMap;

const api::GroupVersionResource kConfigMaps{"", "v1", "configmaps"};

std::chrono::steady_clock::time_point Deadline() {
  return std::chrono::steady_clock::now() + std::chrono::seconds(30);
}

std::vector<std::string> Names(const std::vector<std::shared_ptr<const ConfigMap>>& objects) {
  std::vector<std::string> names;
  for (const auto& object : objects) names.push_back(object->metadata->name.value_or(""));
  return names;
}

class TypedInformerTest : public ClientTest {
 protected:
  TypedInformerTest() : clientset_(std::move(Clientset::NewForConfig(config_).value())) {}

  void Create(const std::string& ns, const std::string& name, const std::string& app) {
    ConfigMap config_map;
    config_map.metadata.emplace();
    config_map.metadata->name = name;
    config_map.metadata->labels = std::map<std::string, std::string>{{"app", app}};
    ASSERT_TRUE(clientset_->CoreV1().ConfigMaps(ns).Create(config_map).has_value());
  }

  std::unique_ptr<Clientset> clientset_;
};

TEST_P(TypedInformerTest, FactoryScopesByNamespaceAndTweakAndListersReadTyped) {
  api::core::v1::Namespace other;
  other.metadata.emplace();
  other.metadata->name = "other";
  ASSERT_TRUE(clientset_->CoreV1().Namespaces().Create(other).has_value());
  Create("default", "web1", "web");
  Create("default", "db", "db");
  Create("other", "web2", "web");
  auto dynamic = std::shared_ptr<const DynamicClient>(
      std::move(DynamicClient::NewForConfig(config_).value()));
  SharedInformerFactory factory(
      dynamic, clock_,
      {.ns = "default", .tweak = [](ListOptions& options) { options.label_selector = "app=web"; }});
  Informer<ConfigMap> config_maps = factory.TypedInformer<ConfigMap>(kConfigMaps);
  EXPECT_EQ(&factory.ForResource(kConfigMaps), &config_maps.GetInformer());  // shared
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> added;
  auto registration = std::move(
      config_maps
          .AddEventHandler({.on_add =
                                [&](const std::shared_ptr<const ConfigMap>& object, bool) {
                                  std::lock_guard lock(mutex);
                                  added.push_back(object->metadata->name.value_or(""));
                                  changed.notify_all();
                                }})
          .value());
  factory.Start();
  EXPECT_EQ(factory.WaitForCacheSync(Deadline()),
            (std::map<std::string, bool>{{kConfigMaps.String(), true}}));
  Lister<ConfigMap> lister = config_maps.GetLister();
  EXPECT_EQ(Names(lister.List().value()), std::vector<std::string>{"web1"});
  Create("default", "web3", "web");
  Create("default", "db2", "db");
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(30), [&] { return added.size() == 2; }));
    EXPECT_EQ(added, (std::vector<std::string>{"web1", "web3"}));
  }
  api::LabelSelector only_web3 = api::LabelSelector::Parse("app=web").value();
  EXPECT_EQ(Names(lister.Namespace("default").List(only_web3).value()),
            (std::vector<std::string>{"web1", "web3"}));
  EXPECT_TRUE(lister.Namespace("other").List().value().empty());
  EXPECT_EQ(lister.Namespace("default").Get("web3").value()->metadata->labels->at("app"), "web");
  Result<std::shared_ptr<const ConfigMap>> missing = lister.Namespace("default").Get("db");
  ASSERT_FALSE(missing.has_value());
  EXPECT_TRUE(api::IsNotFound(missing.error()));
  EXPECT_EQ(missing.error().message(), "configmaps \"db\" not found");
  factory.Shutdown();
  EXPECT_TRUE(config_maps.GetInformer().IsStopped());
}

TEST_P(TypedInformerTest, TypedListWatchOverTheClientsetFeedsAnInformer) {
  Create("default", "a", "x");
  SharedIndexInformer informer(NewTypedListWatch(clientset_->CoreV1().ConfigMaps("default")),
                               clock_);
  EventRecorder recorder;
  auto registration = std::move(informer.AddEventHandler(recorder.Handler()).value());
  std::jthread runner([&](std::stop_token stop) { informer.Run(stop); });
  ASSERT_TRUE(WaitForCacheSync(runner.get_stop_token(), Deadline(), {&informer}));
  Create("default", "b", "x");
  ASSERT_TRUE(clientset_->CoreV1().ConfigMaps("default").Delete("a").has_value());
  EXPECT_TRUE(recorder.WaitFor([](const EventRecorder::View& view) {
    return view.objects.size() == 1 && view.objects.contains("default/b") &&
           view.deleted == std::vector<std::string>{"default/a"};
  }));
  EXPECT_EQ(informer.GetIndexer().ListKeys(), std::vector<std::string>{"default/b"});
  EXPECT_EQ(informer.WatchListCount(), 1);
}

INSTANTIATE_TEST_SUITE_P(Transports, TypedInformerTest, AllTransportsAndContentTypes(),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace kubefake::client::cache
