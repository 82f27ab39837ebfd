// ResourceCatalog: every resource the API serves (group, version, plural and singular name,
// kind, list kind, scope, verbs, short names, categories, subresources) in discovery order.
// Kubernetes counterpart: the apiserver's installed resources as discovery reports them
// (metav1.APIResource, apidiscovery/v2); CRDs add and remove entries at run time.
// Thread-compatible: const methods may run concurrently; Add and Remove need the caller's lock.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kubefake/api/group_version.h"
#include "kubefake/api/result.h"

namespace kubefake::api {

// A subresource such as pods/status or deployments/scale (an APIResource named
// "<resource>/<name>" in legacy discovery, an APISubresourceDiscovery in aggregated discovery).
struct SubresourceInfo {
  std::string name;  // "status", "scale", "log"
  // The kind the subresource takes and returns (responseKind), always fully qualified:
  // deployments/scale is autoscaling/v1 Scale, pods/status is /v1 Pod.
  GroupVersionKind kind;
  std::vector<std::string> verbs;

  bool HasVerb(std::string_view verb) const;

  bool operator==(const SubresourceInfo&) const = default;
};

// A top-level resource of one group-version; field names follow metav1.APIResource.
struct ResourceInfo {
  std::string group;  // "" for the core group
  std::string version;
  std::string name;                // the plural resource: "deployments"
  std::string singular_name;       // "deployment"
  std::string kind;                // "Deployment"
  std::string list_kind;           // "DeploymentList"; empty when the resource has no list verb
  bool namespaced = false;         // scope: Namespaced (true) or Cluster (false)
  std::vector<std::string> verbs;  // discovery order; alphabetical for built-ins (R9.1)
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  std::vector<SubresourceInfo> subresources;  // sorted by name for built-ins
  // Discovery's storageVersionHash. Built-ins carry it where the discovery data has it (the
  // core group); empty elsewhere.
  std::string storage_version_hash;

  GroupVersion GetGroupVersion() const { return {group, version}; }
  GroupVersionResource GetGroupVersionResource() const { return {group, version, name}; }
  GroupVersionKind GetGroupVersionKind() const { return {group, version, kind}; }
  GroupResource GetGroupResource() const { return {group, name}; }
  GroupKind GetGroupKind() const { return {group, kind}; }
  bool HasVerb(std::string_view verb) const;
  // The subresource called `name` ("status"), or nullptr. The pointer lives as long as this
  // ResourceInfo.
  const SubresourceInfo* FindSubresource(std::string_view name) const;

  bool operator==(const ResourceInfo&) const = default;
};

// The catalog. Entries are immutable and shared: a lookup returns a shared_ptr that stays
// valid after the entry is removed or the catalog is destroyed, so a caller may use it after
// releasing the lock that guards the catalog.
//
// Order: groups in priority order (core first, then the groups as /apis lists them, then the
// groups added at run time by name, as CRD groups share one APIService priority); versions of a
// group in preference order, the first being the preferred version (a version added at run
// time takes its kube-aware place: v2, v1, v1beta2, v1beta1, v1alpha1, then others by name);
// resources of a group-version as discovery lists them (a resource added at run time goes
// last). Multi-result lookups answer in this order, which is the order kubectl's RESTMapper
// uses to resolve an ambiguous name.
//
// All lookups are exact and case-sensitive. Lower-casing user input and matching kinds
// case-insensitively, as kubectl does, is the RESTMapper's job, not the catalog's.
class ResourceCatalog {
 public:
  using Entry = std::shared_ptr<const ResourceInfo>;

  // An empty catalog.
  ResourceCatalog() = default;

  // Every built-in resource of Kubernetes 1.33 (88 top-level resources in all served
  // group-versions, alpha and beta included; which of them to serve is the caller's choice:
  // Remove the rest). Entries are built once per process and shared; each call only builds
  // the indexes (tens of microseconds).
  static ResourceCatalog BuiltIn();

  // Adds a resource (a CRD version, usually).
  // Errors: AlreadyExists when the group-version already has a resource named `info.name`, or
  // one of kind `info.kind`; BadRequest when version, name or kind is empty, the name contains
  // '/', or a subresource has an empty name.
  Result<void> Add(ResourceInfo info);

  // Removes the resource `gvr`; its group-version and group go when they become empty.
  // Errors: NotFound.
  Result<void> Remove(const GroupVersionResource& gvr);

  // The resource `gvr` ("apps/v1, Resource=deployments"), or nullptr. O(1).
  Entry Find(const GroupVersionResource& gvr) const;
  // The resource that serves kind `gvk` in its group-version, or nullptr. O(1).
  Entry FindByKind(const GroupVersionKind& gvk) const;
  // Subresource `subresource` ("status") of resource `gvr`; nullopt when either is unknown.
  std::optional<SubresourceInfo> FindSubresource(const GroupVersionResource& gvr,
                                                 std::string_view subresource) const;

  // The following scan the catalog (O(number of resources)) and answer in catalog order.

  // Every version of the group-resource `gr` ("deployments.apps"), preferred version first.
  std::vector<Entry> FindGroupResource(const GroupResource& gr) const;
  // Every version of the group-kind `gk`, preferred version first.
  std::vector<Entry> FindGroupKind(const GroupKind& gk) const;
  // Every resource, in any group and version, whose plural or singular name is `name`
  // ("events" finds core v1 and events.k8s.io/v1).
  std::vector<Entry> FindByResource(std::string_view name) const;
  // Every resource that has `short_name` ("po", "deploy") among its short names.
  std::vector<Entry> FindByShortName(std::string_view short_name) const;
  // Every resource in `category` ("all").
  std::vector<Entry> FindByCategory(std::string_view category) const;

  // The resources of group-version `gv` in discovery order; empty when `gv` is not served.
  std::vector<Entry> Resources(const GroupVersion& gv) const;
  // Every resource, in catalog order.
  std::vector<Entry> All() const;
  // Group names in priority order; "" (core) first when present.
  std::vector<std::string> Groups() const;
  // Every group-version in catalog order (core v1 first).
  std::vector<GroupVersion> GroupVersions() const;
  // The versions of `group`, preferred first; empty when the group is not served.
  std::vector<std::string> Versions(std::string_view group) const;
  // The preferred (first) version of `group`; nullopt when the group is not served.
  std::optional<std::string> PreferredVersion(std::string_view group) const;

  // Number of top-level resources (one per group-version-resource).
  std::size_t size() const { return by_gvr_.size(); }
  bool empty() const { return by_gvr_.empty(); }

 private:
  struct VersionEntry {
    std::string version;
    std::vector<Entry> resources;
  };
  struct GroupEntry {
    std::string name;
    bool built_in = false;  // ordered by discovery data, not by name
    std::vector<VersionEntry> versions;
  };
  struct GvrHash {
    std::size_t operator()(const GroupVersionResource& gvr) const;
  };
  struct GvkHash {
    std::size_t operator()(const GroupVersionKind& gvk) const;
  };

  // Appends `entry` after everything in the catalog; no checks (for the built-in table).
  void AppendBuiltIn(Entry entry);
  void Index(const Entry& entry);
  GroupEntry& GroupFor(const std::string& group);
  VersionEntry& VersionFor(GroupEntry& group, const std::string& version);

  std::vector<GroupEntry> groups_;
  std::unordered_map<GroupVersionResource, Entry, GvrHash> by_gvr_;
  std::unordered_map<GroupVersionKind, Entry, GvkHash> by_gvk_;
};

}  // namespace kubefake::api
