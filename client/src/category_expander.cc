// CategoryExpander: categories of every served resource from ServerGroupsAndResources.
#include "kubefake/client/category_expander.h"

#include <algorithm>

namespace kubefake::client {

std::optional<std::vector<api::GroupResource>> CategoryExpander::Expand(
    const std::string& category) const {
  auto all = discovery_->ServerGroupsAndResources();
  if (!all) return std::nullopt;
  std::optional<std::vector<api::GroupResource>> found;
  for (const auto& list : all->resources) {
    auto group_version = api::GroupVersion::Parse(list.group_version);
    if (!group_version) continue;
    for (const auto& resource : list.resources) {
      if (!resource.categories ||
          std::ranges::find(*resource.categories, category) == resource.categories->end()) {
        continue;
      }
      if (!found) found.emplace();
      found->push_back({group_version->group, resource.name});
    }
  }
  return found;
}

}  // namespace kubefake::client
