// SharedInformerFactory: one shared informer per resource for a whole program, client-go's
// informers.SharedInformerFactory and dynamicinformer.DynamicSharedInformerFactory in one.
// Informers are dynamic underneath; TypedInformer<T> views one as typed. Thread-safe.
//
// Usage:
//   cache::SharedInformerFactory factory(dynamic_client, clock, {.ns = "default"});
//   auto pods = factory.TypedInformer<api::core::v1::Pod>({"", "v1", "pods"});
//   auto registration = pods.AddEventHandler({.on_add = ...});
//   factory.Start();
//   factory.WaitForCacheSync(deadline);
//   auto web = pods.GetLister().Namespace("default").Get("web");
//   factory.Shutdown();  // also done by the destructor
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kubefake/api/clock.h"
#include "kubefake/api/group_version.h"
#include "kubefake/client/cache/list_watch.h"
#include "kubefake/client/cache/reflector.h"
#include "kubefake/client/cache/shared_index_informer.h"
#include "kubefake/client/dynamic_client.h"

namespace kubefake::client::cache {

template <typename T>
class Informer;

struct SharedInformerFactoryOptions {
  std::string ns{};          // "" watches every namespace (informers.WithNamespace)
  TweakListOptions tweak{};  // informers.WithTweakListOptions
  std::chrono::nanoseconds default_resync{};
  ReflectorOptions reflector{};
};

class SharedInformerFactory {
 public:
  using Options = SharedInformerFactoryOptions;

  SharedInformerFactory(std::shared_ptr<const DynamicClient> client,
                        std::shared_ptr<api::Clock> clock, Options options = {});
  // Shutdown.
  ~SharedInformerFactory();
  SharedInformerFactory(const SharedInformerFactory&) = delete;
  SharedInformerFactory& operator=(const SharedInformerFactory&) = delete;

  // The informer of `gvr`, created on first use (ForResource). It lives as long as the
  // factory.
  SharedIndexInformer& ForResource(const api::GroupVersionResource& gvr);
  // The typed view of ForResource(gvr) (include informer.h to use it).
  template <typename T>
  Informer<T> TypedInformer(const api::GroupVersionResource& gvr) {
    return Informer<T>(ForResource(gvr), api::GroupResource{gvr.group, gvr.resource});
  }

  // Runs every informer created so far that is not running yet, each on its own thread.
  void Start();
  // Waits for every started informer to sync; the result per GroupVersionResource::String().
  std::map<std::string, bool> WaitForCacheSync(std::chrono::steady_clock::time_point deadline);
  // Stops every informer and waits for their threads. Informers created later are not started.
  void Shutdown();

 private:
  struct Entry {
    std::unique_ptr<SharedIndexInformer> informer;
    std::jthread runner;
  };

  std::shared_ptr<const DynamicClient> client_;
  std::shared_ptr<api::Clock> clock_;
  Options options_;
  std::mutex mutex_;
  std::map<std::string, Entry> informers_;  // by GroupVersionResource::String(); guarded by mutex_
  bool shut_down_ = false;                  // guarded by mutex_
};

}  // namespace kubefake::client::cache
