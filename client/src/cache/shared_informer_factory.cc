// SharedInformerFactory: a map of informers with the threads that run them.
#include "kubefake/client/cache/shared_informer_factory.h"

#include <utility>

namespace kubefake::client::cache {

SharedInformerFactory::SharedInformerFactory(std::shared_ptr<const DynamicClient> client,
                                             std::shared_ptr<api::Clock> clock, Options options)
    : client_(std::move(client)), clock_(std::move(clock)), options_(std::move(options)) {}

SharedInformerFactory::~SharedInformerFactory() { Shutdown(); }

SharedIndexInformer& SharedInformerFactory::ForResource(const api::GroupVersionResource& gvr) {
  std::lock_guard lock(mutex_);
  Entry& entry = informers_[gvr.String()];
  if (entry.informer == nullptr) {
    entry.informer = std::make_unique<SharedIndexInformer>(
        NewDynamicListWatch(client_->Resource(gvr).Namespace(options_.ns), options_.tweak),
        clock_, options_.default_resync, Indexers{{kNamespaceIndex, MetaNamespaceIndexFunc}},
        options_.reflector);
  }
  return *entry.informer;
}

void SharedInformerFactory::Start() {
  std::lock_guard lock(mutex_);
  if (shut_down_) return;
  for (auto& [name, entry] : informers_) {
    if (entry.runner.joinable()) continue;
    SharedIndexInformer* informer = entry.informer.get();
    entry.runner = std::jthread([informer](std::stop_token stop) { informer->Run(stop); });
  }
}

std::map<std::string, bool> SharedInformerFactory::WaitForCacheSync(
    std::chrono::steady_clock::time_point deadline) {
  std::vector<std::pair<std::string, const SharedIndexInformer*>> started;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, entry] : informers_) {
      if (entry.runner.joinable()) started.emplace_back(name, entry.informer.get());
    }
  }
  std::map<std::string, bool> synced;
  for (const auto& [name, informer] : started) synced[name] = informer->WaitForSync({}, deadline);
  return synced;
}

void SharedInformerFactory::Shutdown() {
  // Joined without the lock: a handler may call into the factory while its informer stops.
  // Entries are never erased, so the pointers stay valid.
  std::vector<std::jthread*> runners;
  {
    std::lock_guard lock(mutex_);
    shut_down_ = true;
    for (auto& [name, entry] : informers_) {
      entry.runner.request_stop();
      runners.push_back(&entry.runner);
    }
  }
  for (std::jthread* runner : runners) {
    if (runner->joinable()) runner->join();
  }
}

}  // namespace kubefake::client::cache
