// Legacy discovery documents as ordered JSON.
#include "legacy_discovery.h"

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "content_digest.h"

namespace kubefake::fakeserver {
namespace {

using nlohmann::ordered_json;

ordered_json GroupVersionForDiscovery(std::string_view group, const std::string& version) {
  return {{"groupVersion", api::GroupVersion{std::string(group), version}.String()},
          {"version", version}};
}

// name, versions, preferredVersion of an APIGroup (without kind and apiVersion).
ordered_json GroupFields(const api::ResourceCatalog& catalog, const std::string& group) {
  const std::vector<std::string> versions = catalog.Versions(group);
  ordered_json listed = ordered_json::array();
  for (const std::string& version : versions) {
    listed.push_back(GroupVersionForDiscovery(group, version));
  }
  return {{"name", group},
          {"versions", std::move(listed)},
          {"preferredVersion", GroupVersionForDiscovery(group, versions.front())}};
}

ordered_json ResourceEntry(const api::ResourceInfo& resource) {
  ordered_json entry = {{"name", resource.name},
                        {"singularName", resource.singular_name},
                        {"namespaced", resource.namespaced},
                        {"kind", resource.kind},
                        {"verbs", resource.verbs}};
  if (!resource.short_names.empty()) entry["shortNames"] = resource.short_names;
  if (!resource.categories.empty()) entry["categories"] = resource.categories;
  if (std::string hash = DiscoveryStorageVersionHash(resource); !hash.empty()) {
    entry["storageVersionHash"] = std::move(hash);
  }
  return entry;
}

ordered_json SubresourceEntry(const api::ResourceInfo& resource,
                              const api::SubresourceInfo& subresource) {
  ordered_json entry = {{"name", resource.name + "/" + subresource.name},
                        {"singularName", ""},
                        {"namespaced", resource.namespaced}};
  if (subresource.kind.GetGroupVersion() != resource.GetGroupVersion()) {
    if (!subresource.kind.group.empty()) entry["group"] = subresource.kind.group;
    if (!subresource.kind.version.empty()) entry["version"] = subresource.kind.version;
  }
  entry["kind"] = subresource.kind.kind;
  entry["verbs"] = subresource.verbs;
  return entry;
}

}  // namespace

std::string DiscoveryStorageVersionHash(const api::ResourceInfo& resource) {
  if (!resource.storage_version_hash.empty()) return resource.storage_version_hash;
  // The core group's entries come from discovery data, which has the hash wherever the
  // resource is stored; elsewhere every stored resource is watchable.
  if (resource.group.empty() || !resource.HasVerb("watch")) return "";
  return StorageVersionHash(resource.group, resource.version, resource.kind);
}

ordered_json ApiVersionsDocument(const api::ResourceCatalog& catalog,
                                 std::string_view server_address) {
  ordered_json versions = ordered_json::array();
  for (const std::string& version : catalog.Versions("")) versions.push_back(version);
  ordered_json addresses = ordered_json::array();
  if (!server_address.empty()) {
    addresses.push_back({{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", server_address}});
  }
  return {{"kind", "APIVersions"},
          {"versions", std::move(versions)},
          {"serverAddressByClientCIDRs", std::move(addresses)}};
}

ordered_json ApiGroupListDocument(const api::ResourceCatalog& catalog) {
  ordered_json groups = ordered_json::array();
  for (const std::string& group : catalog.Groups()) {
    if (!group.empty()) groups.push_back(GroupFields(catalog, group));
  }
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", std::move(groups)}};
}

std::optional<ordered_json> ApiGroupDocument(const api::ResourceCatalog& catalog,
                                             std::string_view group) {
  if (group.empty() || catalog.Versions(group).empty()) return std::nullopt;
  ordered_json document = {{"kind", "APIGroup"}, {"apiVersion", "v1"}};
  ordered_json fields = GroupFields(catalog, std::string(group));
  for (auto& [key, value] : fields.items()) document[key] = std::move(value);
  return document;
}

std::optional<ordered_json> ApiResourceListDocument(const api::ResourceCatalog& catalog,
                                                    const api::GroupVersion& gv) {
  const std::vector<api::ResourceCatalog::Entry> resources = catalog.Resources(gv);
  if (resources.empty()) return std::nullopt;
  ordered_json entries = ordered_json::array();
  for (const api::ResourceCatalog::Entry& resource : resources) {
    entries.push_back(ResourceEntry(*resource));
    for (const api::SubresourceInfo& subresource : resource->subresources) {
      entries.push_back(SubresourceEntry(*resource, subresource));
    }
  }
  ordered_json document = {{"kind", "APIResourceList"}};
  if (!gv.group.empty()) document["apiVersion"] = "v1";
  document["groupVersion"] = gv.String();
  document["resources"] = std::move(entries);
  return document;
}

}  // namespace kubefake::fakeserver
