// NewDiscoveryRESTMapper: one GroupVersionMapper per served group-version, united as
// apimachinery's MultiRESTMapper (results in discovery order, duplicates once) and narrowed
// by PriorityRESTMapper's resource and kind patterns.
#include <algorithm>
#include <optional>

#include "group_version_mapper.h"
#include "kubefake/api/ascii.h"
#include "kubefake/client/discovery_client.h"
#include "kubefake/client/rest_mapper.h"
#include "rest_mapper_errors.h"

namespace kubefake::client {
namespace {

namespace metav1 = api::meta::v1;

// A priority pattern: an empty optional matches anything (meta.AnyGroup, AnyVersion).
struct Pattern {
  std::optional<std::string> group;
  std::optional<std::string> version;

  bool Matches(const std::string& g, const std::string& v) const {
    return (!group || *group == g) && (!version || *version == v);
  }
};

template <typename T>
void AppendOnce(std::vector<T>& to, const T& item) {
  if (std::ranges::find(to, item) == to.end()) to.push_back(item);
}

// PriorityRESTMapper's narrowing: each pattern keeps the candidates it matches when it
// matches any, until one is left. Returns what is left (one item: the answer).
template <typename T>
std::vector<T> Narrow(std::vector<T> remaining, const std::vector<Pattern>& patterns) {
  for (const Pattern& pattern : patterns) {
    if (remaining.size() <= 1) break;
    std::vector<T> matched;
    for (const T& item : remaining) {
      if (pattern.Matches(item.group, item.version)) matched.push_back(item);
    }
    if (!matched.empty()) remaining = std::move(matched);
  }
  return remaining;
}

class DiscoveryRESTMapper final : public RESTMapper {
 public:
  DiscoveryRESTMapper(std::vector<GroupVersionMapper> mappers, std::vector<Pattern> priorities)
      : mappers_(std::move(mappers)), priorities_(std::move(priorities)) {}

  Result<api::GroupVersionKind> KindFor(const api::GroupVersionResource& resource) override {
    auto kinds = KindsFor(resource);
    if (!kinds) return Fail(kinds.error());
    if (auto left = Narrow(*kinds, priorities_); left.size() == 1) return left.front();
    return Fail(AmbiguousResourceError(resource, {}, *kinds));
  }

  Result<std::vector<api::GroupVersionKind>> KindsFor(
      const api::GroupVersionResource& resource) override {
    auto partial = Coerce(resource);
    if (!partial) return Fail(partial.error());
    std::vector<api::GroupVersionKind> kinds;
    for (const GroupVersionMapper& mapper : mappers_) {
      if (auto kind = mapper.KindFor(*partial)) AppendOnce(kinds, *kind);
    }
    if (kinds.empty()) return Fail(NoResourceMatchError(resource));
    return kinds;
  }

  Result<api::GroupVersionResource> ResourceFor(
      const api::GroupVersionResource& resource) override {
    auto resources = ResourcesFor(resource);
    if (!resources) return Fail(resources.error());
    if (auto left = Narrow(*resources, priorities_); left.size() == 1) return left.front();
    return Fail(AmbiguousResourceError(resource, *resources, {}));
  }

  Result<std::vector<api::GroupVersionResource>> ResourcesFor(
      const api::GroupVersionResource& resource) override {
    auto partial = Coerce(resource);
    if (!partial) return Fail(partial.error());
    std::vector<api::GroupVersionResource> resources;
    for (const GroupVersionMapper& mapper : mappers_) {
      for (const auto& found : mapper.ResourcesFor(*partial)) AppendOnce(resources, found);
    }
    if (resources.empty()) return Fail(NoResourceMatchError(resource));
    return resources;
  }

  Result<client::RESTMapping> RESTMapping(const api::GroupKind& kind,
                                          const std::vector<std::string>& versions) override {
    auto mappings = RESTMappings(kind, versions);
    if (!mappings) return Fail(mappings.error());
    // The versions asked for come before the discovery priorities.
    std::vector<Pattern> patterns;
    for (const std::string& version : versions) patterns.push_back({kind.group, version});
    patterns.insert(patterns.end(), priorities_.begin(), priorities_.end());
    std::vector<api::GroupVersionKind> kinds;
    for (const auto& mapping : *mappings) kinds.push_back(mapping.group_version_kind);
    // Candidates the patterns cannot tell apart: the first in discovery order.
    const api::GroupVersionKind chosen = Narrow(std::move(kinds), patterns).front();
    return *std::ranges::find(*mappings, chosen, &client::RESTMapping::group_version_kind);
  }

  Result<std::vector<client::RESTMapping>> RESTMappings(
      const api::GroupKind& kind, const std::vector<std::string>& versions) override {
    std::vector<client::RESTMapping> mappings;
    for (const GroupVersionMapper& mapper : mappers_) {
      if (auto mapping = mapper.MappingFor(kind, versions)) mappings.push_back(*mapping);
    }
    if (mappings.empty()) return Fail(NoKindMatchError(kind, versions));
    return mappings;
  }

  Result<std::string> ResourceSingularizer(const std::string& resource) override {
    // Each group-version answers alone; the first that knows one singular wins.
    auto partial = Coerce({"", "", resource});
    if (!partial) return Fail(partial.error());
    std::optional<api::Error> last_error;
    for (const GroupVersionMapper& mapper : mappers_) {
      const auto plurals = mapper.ResourcesFor(*partial);
      if (plurals.empty()) {
        last_error = NoResourceMatchError(*partial);
        continue;
      }
      std::optional<std::string> singular;
      bool several = false;
      for (const auto& plural : plurals) {
        const auto current = mapper.SingularOf(plural.resource);
        if (singular && current && *current != *singular) several = true;
        if (!singular) singular = current;
      }
      if (several) {
        std::string list = "[";
        for (size_t i = 0; i < plurals.size(); ++i) list += (i ? " " : "") + plurals[i].String();
        last_error = MapperError("multiple possible singular resources (" + list + "]) found for " +
                                 resource);
        continue;
      }
      return *singular;
    }
    if (last_error) return Fail(*last_error);
    return std::string();
  }

 private:
  // meta's coerceResourceForMatching, and DefaultRESTMapper's demand for a resource.
  static Result<api::GroupVersionResource> Coerce(api::GroupVersionResource resource) {
    resource.resource = api::AsciiLowered(resource.resource);
    if (resource.version == "__internal") resource.version.clear();
    if (resource.resource.empty()) {
      return Fail(MapperError("a resource must be present, got: " + resource.String()));
    }
    return resource;
  }

  std::vector<GroupVersionMapper> mappers_;
  std::vector<Pattern> priorities_;
};

GroupVersionMapper MapperFor(const api::GroupVersion& group_version,
                             const std::vector<metav1::APIResource>& resources) {
  GroupVersionMapper mapper(group_version);
  for (const metav1::APIResource& resource : resources) {
    if (resource.name.find('/') != std::string::npos) continue;  // a subresource
    const RESTScopeName scope =
        resource.namespaced ? RESTScopeName::kNamespace : RESTScopeName::kRoot;
    // Old servers list no singular: it is guessed from the kind.
    const std::string singular = resource.singular_name.empty()
                                     ? GuessKindToResource(resource.kind).second
                                     : resource.singular_name;
    mapper.AddSpecific(api::AsciiLowered(resource.kind), resource.name, singular, scope);
    mapper.AddSpecific(resource.kind, resource.name, singular, scope);
    mapper.Add(resource.kind + "List", scope);
  }
  mapper.Add("List", RESTScopeName::kRoot);
  return mapper;
}

}  // namespace

Result<std::vector<APIGroupResources>> GetAPIGroupResources(DiscoveryInterface& discovery) {
  auto all = discovery.ServerGroupsAndResources();
  if (!all) return Fail(all.error());
  std::map<std::string, const metav1::APIResourceList*> by_group_version;
  for (const auto& list : all->resources) by_group_version[list.group_version] = &list;
  std::vector<APIGroupResources> out;
  for (const metav1::APIGroup& group : all->groups) {
    APIGroupResources entry{group, {}};
    for (const auto& version : group.versions) {
      auto it = by_group_version.find(version.group_version);
      if (it != by_group_version.end()) {
        entry.versioned_resources[version.version] = it->second->resources;
      }
    }
    out.push_back(std::move(entry));
  }
  return out;
}

std::unique_ptr<RESTMapper> NewDiscoveryRESTMapper(const std::vector<APIGroupResources>& groups) {
  std::vector<GroupVersionMapper> mappers;
  // The core v1 first, then per group its preferred version and its others; last, any version
  // of each group in the server's order.
  std::vector<Pattern> priorities{{"", "v1"}};
  for (const APIGroupResources& group : groups) {
    const std::string& name = group.group.name;
    const std::string preferred =
        group.group.preferred_version ? group.group.preferred_version->version : "";
    if (!preferred.empty() && group.versioned_resources.contains(preferred)) {
      priorities.push_back({name, preferred});
    }
    for (const auto& version : group.group.versions) {
      auto resources = group.versioned_resources.find(version.version);
      if (resources == group.versioned_resources.end()) continue;
      if (version.version != preferred) priorities.push_back({name, version.version});
      mappers.push_back(MapperFor({name, version.version}, resources->second));
    }
  }
  for (const APIGroupResources& group : groups) priorities.push_back({group.group.name, {}});
  return std::make_unique<DiscoveryRESTMapper>(std::move(mappers), std::move(priorities));
}

}  // namespace kubefake::client
