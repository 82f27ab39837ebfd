// CategoryExpander: kubectl's (cli-runtime restmapper) discovery category expander, which
// turns `kubectl get all` into the resources whose discovery entry lists the category `all`.
// Thread-safe when discovery is.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kubefake/api/group_version.h"
#include "kubefake/client/discovery_client.h"

namespace kubefake::client {

class CategoryExpander {
 public:
  // `discovery` is shared (kubectl hands it the same cache as its RESTMapper).
  explicit CategoryExpander(std::shared_ptr<DiscoveryInterface> discovery)
      : discovery_(std::move(discovery)) {}

  // The group-resources in `category`, in discovery order, once per group-version that lists
  // them (autoscaling's horizontalpodautoscalers twice when v1 and v2 are served), as kubectl's
  // expander returns them. nullopt when no resource lists the category, or discovery fails.
  std::optional<std::vector<api::GroupResource>> Expand(const std::string& category) const;

 private:
  std::shared_ptr<DiscoveryInterface> discovery_;
};

}  // namespace kubefake::client
