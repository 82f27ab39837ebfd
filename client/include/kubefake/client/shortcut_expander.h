// ShortcutExpander: client-go's restmapper.NewShortcutExpander, the RESTMapper kubectl uses.
// Before asking its delegate it turns a short name from discovery into the resource
// ("po" -> pods, "deploy" -> deployments.apps), unless the name is already a resource's plural
// or singular. Thread-safe when the delegate and discovery are.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "kubefake/client/discovery_client.h"
#include "kubefake/client/rest_mapper.h"

namespace kubefake::client {

class ShortcutExpander final : public RESTMapper {
 public:
  // Receives `short name "<name>" could also match lower priority resource <resource.group>`
  // when a short name names resources of several groups (the first group wins).
  using WarningHandler = std::function<void(std::string_view)>;

  // Both are shared: kubectl hands the same cache to the deferred mapper and the expander.
  ShortcutExpander(std::shared_ptr<RESTMapper> delegate,
                   std::shared_ptr<DiscoveryInterface> discovery, WarningHandler warnings = {})
      : delegate_(std::move(delegate)),
        discovery_(std::move(discovery)),
        warnings_(std::move(warnings)) {}

  // KindFor asks twice when the first answer is a no-match, so a delegate that refreshed
  // discovery on the miss is asked again with the expansion the fresh discovery gives.
  Result<api::GroupVersionKind> KindFor(const api::GroupVersionResource& resource) override;
  Result<std::vector<api::GroupVersionKind>> KindsFor(
      const api::GroupVersionResource& resource) override;
  // An expanded short name keeps its group and drops its version, as client-go's does.
  Result<api::GroupVersionResource> ResourceFor(const api::GroupVersionResource& resource) override;
  Result<std::vector<api::GroupVersionResource>> ResourcesFor(
      const api::GroupVersionResource& resource) override;
  // Kinds have no short names: these two go to the delegate unchanged.
  Result<client::RESTMapping> RESTMapping(const api::GroupKind& kind,
                                          const std::vector<std::string>& versions = {}) override;
  Result<std::vector<client::RESTMapping>> RESTMappings(
      const api::GroupKind& kind, const std::vector<std::string>& versions = {}) override;
  Result<std::string> ResourceSingularizer(const std::string& resource) override;
  void Reset() override { delegate_->Reset(); }

 private:
  // The resource a short name stands for, or `resource` unchanged. Discovery errors leave it
  // unchanged (client-go logs them).
  api::GroupVersionResource Expand(const api::GroupVersionResource& resource) const;

  std::shared_ptr<RESTMapper> delegate_;
  std::shared_ptr<DiscoveryInterface> discovery_;
  WarningHandler warnings_;
};

}  // namespace kubefake::client
