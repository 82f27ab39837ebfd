// DeferredDiscoveryRESTMapper: client-go's restmapper.DeferredDiscoveryRESTMapper. It builds
// its discovery mapper on first use from a discovery cache; Reset() invalidates the cache and
// drops the mapper. A miss while the cache is not Fresh() resets and retries once, so a
// resource added since the cache was filled (a new CRD) is found. Thread-safe.
#pragma once

#include <memory>
#include <mutex>

#include "kubefake/client/discovery_client.h"
#include "kubefake/client/rest_mapper.h"

namespace kubefake::client {

class DeferredDiscoveryRESTMapper final : public RESTMapper {
 public:
  // `discovery` is shared with whoever else reads the cache.
  explicit DeferredDiscoveryRESTMapper(std::shared_ptr<CachedDiscoveryInterface> discovery)
      : discovery_(std::move(discovery)) {}

  // Each: the built mapper's answer; on an error (an empty list for KindsFor, ResourcesFor
  // and RESTMappings) with a cache that is not fresh, the answer after one Reset().
  // Errors: discovery's, and the mapper's.
  Result<api::GroupVersionKind> KindFor(const api::GroupVersionResource& resource) override;
  Result<std::vector<api::GroupVersionKind>> KindsFor(
      const api::GroupVersionResource& resource) override;
  Result<api::GroupVersionResource> ResourceFor(const api::GroupVersionResource& resource) override;
  Result<std::vector<api::GroupVersionResource>> ResourcesFor(
      const api::GroupVersionResource& resource) override;
  Result<client::RESTMapping> RESTMapping(const api::GroupKind& kind,
                                          const std::vector<std::string>& versions = {}) override;
  Result<std::vector<client::RESTMapping>> RESTMappings(
      const api::GroupKind& kind, const std::vector<std::string>& versions = {}) override;
  Result<std::string> ResourceSingularizer(const std::string& resource) override;
  // Invalidates the discovery cache; the next call rebuilds the mapper.
  void Reset() override;

 private:
  // The built mapper, building it from discovery if needed.
  Result<std::shared_ptr<RESTMapper>> Delegate();
  // Runs `call` on the mapper, and once more after Reset() when it missed on a stale cache.
  template <typename T, typename Call>
  Result<T> WithRetry(Call call);

  std::shared_ptr<CachedDiscoveryInterface> discovery_;
  std::mutex mutex_;
  std::shared_ptr<RESTMapper> delegate_;  // guarded by mutex_
};

}  // namespace kubefake::client
