// NamespacedClients: the typed clients of one namespaced resource, one per namespace asked for,
// made on first use and kept as long as the group-version client, so an accessor can hand out a
// reference (`CoreV1().Pods("default")`). Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "kubefake/api/group_version.h"
#include "kubefake/client/dynamic_client.h"

namespace kubefake::client::kubernetes {

template <typename Client>
class NamespacedClients {
 public:
  NamespacedClients(const std::shared_ptr<const RESTClient>& client, api::GroupVersionResource gvr)
      : resource_(client, std::move(gvr)) {}

  // The client for namespace `ns` ("" for every namespace).
  Client& For(std::string_view ns) {
    std::lock_guard lock(mutex_);
    auto it = clients_.find(ns);
    if (it == clients_.end()) {
      auto client = std::make_unique<Client>(resource_.Namespace(std::string(ns)));
      it = clients_.emplace(std::string(ns), std::move(client)).first;
    }
    return *it->second;
  }

 private:
  const DynamicResource resource_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Client>, std::less<>> clients_;  // guarded by mutex_
};

}  // namespace kubefake::client::kubernetes
