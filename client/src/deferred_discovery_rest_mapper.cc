// DeferredDiscoveryRESTMapper: a lazily built discovery mapper with one retry on a stale miss.
#include "kubefake/client/deferred_discovery_rest_mapper.h"

namespace kubefake::client {

Result<std::shared_ptr<RESTMapper>> DeferredDiscoveryRESTMapper::Delegate() {
  std::lock_guard lock(mutex_);
  if (!delegate_) {
    auto groups = GetAPIGroupResources(*discovery_);
    if (!groups) return Fail(groups.error());
    delegate_ = NewDiscoveryRESTMapper(*groups);
  }
  return delegate_;
}

void DeferredDiscoveryRESTMapper::Reset() {
  std::lock_guard lock(mutex_);
  discovery_->Invalidate();
  delegate_.reset();
}

template <typename T, typename Call>
Result<T> DeferredDiscoveryRESTMapper::WithRetry(Call call) {
  // client-go retries lists only when they come back empty; an error is the only way ours
  // come back empty, so one test covers both.
  for (int attempt = 0;; ++attempt) {
    auto mapper = Delegate();
    if (!mapper) return Fail(mapper.error());
    Result<T> result = call(**mapper);
    if (result || attempt > 0 || discovery_->Fresh()) return result;
    Reset();
  }
}

Result<api::GroupVersionKind> DeferredDiscoveryRESTMapper::KindFor(
    const api::GroupVersionResource& resource) {
  return WithRetry<api::GroupVersionKind>([&](RESTMapper& m) { return m.KindFor(resource); });
}

Result<std::vector<api::GroupVersionKind>> DeferredDiscoveryRESTMapper::KindsFor(
    const api::GroupVersionResource& resource) {
  return WithRetry<std::vector<api::GroupVersionKind>>(
      [&](RESTMapper& m) { return m.KindsFor(resource); });
}

Result<api::GroupVersionResource> DeferredDiscoveryRESTMapper::ResourceFor(
    const api::GroupVersionResource& resource) {
  return WithRetry<api::GroupVersionResource>(
      [&](RESTMapper& m) { return m.ResourceFor(resource); });
}

Result<std::vector<api::GroupVersionResource>> DeferredDiscoveryRESTMapper::ResourcesFor(
    const api::GroupVersionResource& resource) {
  return WithRetry<std::vector<api::GroupVersionResource>>(
      [&](RESTMapper& m) { return m.ResourcesFor(resource); });
}

Result<RESTMapping> DeferredDiscoveryRESTMapper::RESTMapping(
    const api::GroupKind& kind, const std::vector<std::string>& versions) {
  return WithRetry<client::RESTMapping>(
      [&](RESTMapper& m) { return m.RESTMapping(kind, versions); });
}

Result<std::vector<RESTMapping>> DeferredDiscoveryRESTMapper::RESTMappings(
    const api::GroupKind& kind, const std::vector<std::string>& versions) {
  return WithRetry<std::vector<client::RESTMapping>>(
      [&](RESTMapper& m) { return m.RESTMappings(kind, versions); });
}

Result<std::string> DeferredDiscoveryRESTMapper::ResourceSingularizer(const std::string& resource) {
  return WithRetry<std::string>([&](RESTMapper& m) { return m.ResourceSingularizer(resource); });
}

}  // namespace kubefake::client
