#include "scenario/recorded_resource.h"

#include <algorithm>
#include <memory>

#include "kubefake/api/error.h"
#include "kubefake/client/resource_arg.h"
#include "kubefake/client/rest_mapper.h"

namespace kubefake::testkit {
namespace {

bool HasVerb(const api::meta::v1::APIResource& resource, std::string_view verb) {
  return std::ranges::find(resource.verbs, verb) != resource.verbs.end();
}

bool Listable(const api::meta::v1::APIResource& resource) {
  return HasVerb(resource, "list") && HasVerb(resource, "watch");
}

// The resources of `version` in `group`, with has_status from their subresources.
std::vector<RecordedResource> ResourcesOf(const client::APIGroupResources& group,
                                          const std::string& version) {
  std::vector<RecordedResource> found;
  const auto served = group.versioned_resources.find(version);
  if (served == group.versioned_resources.end()) return found;
  for (const api::meta::v1::APIResource& resource : served->second) {
    if (resource.name.find('/') != std::string::npos || !Listable(resource)) continue;
    const bool has_status =
        std::ranges::any_of(served->second, [&](const api::meta::v1::APIResource& sub) {
          return sub.name == resource.name + "/status";
        });
    found.push_back({.gvr = {group.group.name, version, resource.name},
                     .kind = resource.kind,
                     .namespaced = resource.namespaced,
                     .has_status = has_status});
  }
  return found;
}

std::string PreferredVersion(const client::APIGroupResources& group) {
  if (group.group.preferred_version) return group.group.preferred_version->version;
  return group.versioned_resources.empty() ? "" : group.versioned_resources.begin()->first;
}

}  // namespace

std::string RecordedResource::Name() const {
  return gvr.group.empty() ? gvr.resource : gvr.resource + "." + gvr.group;
}

std::string RecordedResource::ApiVersion() const {
  return gvr.group.empty() ? gvr.version : gvr.group + "/" + gvr.version;
}

Result<std::vector<RecordedResource>> DefaultRecordedResources(
    client::DiscoveryInterface& discovery, bool namespaced_only) {
  Result<std::vector<client::APIGroupResources>> groups = client::GetAPIGroupResources(discovery);
  if (!groups) return Fail(groups.error());
  std::vector<RecordedResource> resources;
  for (const client::APIGroupResources& group : *groups) {
    for (RecordedResource& resource : ResourcesOf(group, PreferredVersion(group))) {
      const std::string name = resource.Name();
      if (std::ranges::find(kNoisyResources, name) != std::end(kNoisyResources)) continue;
      if (namespaced_only && !resource.namespaced && name != "namespaces") continue;
      resources.push_back(std::move(resource));
    }
  }
  return resources;
}

Result<std::vector<RecordedResource>> NamedRecordedResources(
    client::DiscoveryInterface& discovery, const std::vector<std::string>& names) {
  Result<std::vector<client::APIGroupResources>> groups = client::GetAPIGroupResources(discovery);
  if (!groups) return Fail(groups.error());
  std::unique_ptr<client::RESTMapper> mapper = client::NewDiscoveryRESTMapper(*groups);
  std::vector<RecordedResource> resources;
  for (const std::string& name : names) {
    Result<client::RESTMapping> mapping = client::MappingFor(*mapper, name);
    if (!mapping) return Fail(mapping.error());
    const api::GroupVersionResource& gvr = mapping->resource;
    if (std::ranges::any_of(resources, [&](const auto& known) { return known.gvr == gvr; })) {
      continue;
    }
    const auto group = std::ranges::find_if(
        *groups, [&](const client::APIGroupResources& g) { return g.group.name == gvr.group; });
    std::vector<RecordedResource> listable;
    if (group != groups->end()) listable = ResourcesOf(*group, gvr.version);
    const auto found = std::ranges::find_if(
        listable, [&](const RecordedResource& resource) { return resource.gvr == gvr; });
    if (found == listable.end()) {
      return Fail(api::NewBadRequest("resource " + name +
                                     " cannot be recorded: it does not support list and watch"));
    }
    resources.push_back(*found);
  }
  return resources;
}

std::optional<RecordedResource> CustomResourceOf(const nlohmann::json& crd) {
  const nlohmann::json status = crd.value("status", nlohmann::json::object());
  const bool established = std::ranges::any_of(
      status.value("conditions", nlohmann::json::array()), [](const nlohmann::json& condition) {
        return condition.is_object() && condition.value("type", "") == "Established" &&
               condition.value("status", "") == "True";
      });
  const nlohmann::json spec = crd.value("spec", nlohmann::json::object());
  const nlohmann::json names = spec.value("names", nlohmann::json::object());
  const nlohmann::json versions = spec.value("versions", nlohmann::json::array());
  const nlohmann::json* chosen = nullptr;
  for (const nlohmann::json& version : versions) {
    if (!version.value("served", false)) continue;
    if (chosen == nullptr || version.value("storage", false)) chosen = &version;
  }
  if (!established || chosen == nullptr) return std::nullopt;
  return RecordedResource{
      .gvr = {spec.value("group", ""), chosen->value("name", ""), names.value("plural", "")},
      .kind = names.value("kind", ""),
      .namespaced = spec.value("scope", "") == "Namespaced",
      .has_status = chosen->value("subresources", nlohmann::json::object()).contains("status")};
}

}  // namespace kubefake::testkit
