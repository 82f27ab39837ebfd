// ShortcutExpander: short names from ServerGroupsAndResources, in discovery order.
#include "kubefake/client/shortcut_expander.h"

#include <set>

namespace kubefake::client {
namespace {

struct Shortcut {
  api::GroupResource short_form;
  api::GroupResource long_form;
};

}  // namespace

api::GroupVersionResource ShortcutExpander::Expand(
    const api::GroupVersionResource& resource) const {
  auto all = discovery_->ServerGroupsAndResources();
  if (!all) return resource;
  std::vector<Shortcut> shortcuts;
  for (const auto& list : all->resources) {
    auto group_version = api::GroupVersion::Parse(list.group_version);
    if (!group_version) continue;
    for (const auto& api_resource : list.resources) {
      // A full name (plural or singular) is never expanded.
      if ((resource.group.empty() || resource.group == group_version->group) &&
          (resource.resource == api_resource.name ||
           resource.resource == api_resource.singular_name)) {
        return resource;
      }
      for (const std::string& short_name :
           api_resource.short_names.value_or(std::vector<std::string>{})) {
        shortcuts.push_back(
            {{group_version->group, short_name}, {group_version->group, api_resource.name}});
      }
    }
  }
  std::optional<api::GroupResource> found;
  std::set<api::GroupResource> warned;
  for (const Shortcut& item : shortcuts) {
    if (!resource.group.empty() && resource.group != item.short_form.group) continue;
    if (resource.resource != item.short_form.resource) continue;
    if (!found) {
      found = item.long_form;
      continue;
    }
    // The same resource in another version is no ambiguity.
    if (item.long_form == *found || !warned.insert(item.long_form).second) continue;
    if (warnings_) {
      warnings_("short name \"" + resource.resource +
                "\" could also match lower priority resource " + item.long_form.String());
    }
  }
  if (found) return {found->group, "", found->resource};
  // A group prefix ("autoscal") with a short name in a group it starts.
  if (resource.group.empty()) return resource;
  for (const Shortcut& item : shortcuts) {
    if (item.short_form.group.starts_with(resource.group) &&
        resource.resource == item.short_form.resource) {
      return {item.long_form.group, resource.version, item.long_form.resource};
    }
  }
  return resource;
}

Result<api::GroupVersionKind> ShortcutExpander::KindFor(const api::GroupVersionResource& resource) {
  auto kind = delegate_->KindFor(Expand(resource));
  if (!kind && IsNoMatchError(kind.error())) return delegate_->KindFor(Expand(resource));
  return kind;
}

Result<std::vector<api::GroupVersionKind>> ShortcutExpander::KindsFor(
    const api::GroupVersionResource& resource) {
  return delegate_->KindsFor(Expand(resource));
}

Result<api::GroupVersionResource> ShortcutExpander::ResourceFor(
    const api::GroupVersionResource& resource) {
  return delegate_->ResourceFor(Expand(resource));
}

Result<std::vector<api::GroupVersionResource>> ShortcutExpander::ResourcesFor(
    const api::GroupVersionResource& resource) {
  return delegate_->ResourcesFor(Expand(resource));
}

Result<RESTMapping> ShortcutExpander::RESTMapping(const api::GroupKind& kind,
                                                  const std::vector<std::string>& versions) {
  return delegate_->RESTMapping(kind, versions);
}

Result<std::vector<RESTMapping>> ShortcutExpander::RESTMappings(
    const api::GroupKind& kind, const std::vector<std::string>& versions) {
  return delegate_->RESTMappings(kind, versions);
}

Result<std::string> ShortcutExpander::ResourceSingularizer(const std::string& resource) {
  return delegate_->ResourceSingularizer(Expand({"", "", resource}).resource);
}

}  // namespace kubefake::client
