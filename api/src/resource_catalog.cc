#include "kubefake/api/resource_catalog.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <utility>

#include "generated/builtin_resources.h"
#include "kubefake/api/ascii.h"

namespace kubefake::api {
namespace {

std::vector<std::string> ToStrings(std::span<const std::string_view> views) {
  return {views.begin(), views.end()};
}

ResourceCatalog::Entry FromBuiltin(const generated::BuiltinResource& row) {
  auto info = std::make_shared<ResourceInfo>();
  info->group = row.group;
  info->version = row.version;
  info->name = row.name;
  info->singular_name = row.singular_name;
  info->kind = row.kind;
  info->list_kind = row.list_kind;
  info->namespaced = row.namespaced;
  info->verbs = ToStrings(row.verbs);
  info->short_names = ToStrings(row.short_names);
  info->categories = ToStrings(row.categories);
  info->subresources.reserve(row.subresources.size());
  for (const generated::BuiltinSubresource& sub : row.subresources) {
    info->subresources.push_back(SubresourceInfo{
        .name = std::string(sub.name),
        .kind = {std::string(sub.group), std::string(sub.version), std::string(sub.kind)},
        .verbs = ToStrings(sub.verbs),
    });
  }
  info->storage_version_hash = row.storage_version_hash;
  return info;
}

// The built-in entries, converted from the generated table once per process.
const std::vector<ResourceCatalog::Entry>& BuiltInEntries() {
  static const std::vector<ResourceCatalog::Entry> entries = [] {
    std::vector<ResourceCatalog::Entry> list;
    for (const generated::BuiltinResource& row : generated::BuiltinResources()) {
      list.push_back(FromBuiltin(row));
    }
    return list;
  }();
  return entries;
}

bool Contains(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// A kube-like version "v<major>[alpha|beta<minor>]" split into its parts, as apimachinery's
// version.CompareKubeAwareVersionStrings reads it.
struct KubeVersion {
  int stability;  // 2 GA, 1 beta, 0 alpha
  int major;
  int minor;
};

std::optional<int> ParseNumber(std::string_view digits) {
  if (!IsAsciiDigits(digits)) return std::nullopt;
  int value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<KubeVersion> ParseKubeVersion(std::string_view version) {
  if (version.size() < 2 || version[0] != 'v') return std::nullopt;
  std::string_view rest = version.substr(1);
  std::size_t letters = rest.find_first_not_of("0123456789");
  std::optional<int> major = ParseNumber(rest.substr(0, letters));
  if (!major) return std::nullopt;
  if (letters == std::string_view::npos) return KubeVersion{2, *major, 0};
  rest = rest.substr(letters);
  int stability = 0;
  if (rest.starts_with("beta")) {
    stability = 1;
    rest.remove_prefix(4);
  } else if (rest.starts_with("alpha")) {
    rest.remove_prefix(5);
  } else {
    return std::nullopt;
  }
  std::optional<int> minor = ParseNumber(rest);
  if (!minor) return std::nullopt;
  return KubeVersion{stability, *major, *minor};
}

// True when version `a` has priority over `b`: GA before beta before alpha, then the higher
// major, then the higher minor; kube-like versions before others, others by name.
bool KubeAwareVersionBefore(std::string_view a, std::string_view b) {
  std::optional<KubeVersion> ka = ParseKubeVersion(a);
  std::optional<KubeVersion> kb = ParseKubeVersion(b);
  if (!ka && !kb) return a < b;
  if (!ka || !kb) return ka.has_value();
  if (ka->stability != kb->stability) return ka->stability > kb->stability;
  if (ka->major != kb->major) return ka->major > kb->major;
  return ka->minor > kb->minor;
}

std::size_t HashCombine(std::size_t seed, std::string_view value) {
  return seed ^
         (std::hash<std::string_view>{}(value) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

StatusDetails ResourceDetails(std::string group, std::string resource) {
  StatusDetails details;
  details.group = std::move(group);
  details.kind = std::move(resource);
  return details;
}

Error CatalogConflict(std::string message, const ResourceInfo& info) {
  return Error(409, Reason::kAlreadyExists, std::move(message),
               ResourceDetails(info.group, info.name));
}

}  // namespace

bool SubresourceInfo::HasVerb(std::string_view verb) const { return Contains(verbs, verb); }

bool ResourceInfo::HasVerb(std::string_view verb) const { return Contains(verbs, verb); }

const SubresourceInfo* ResourceInfo::FindSubresource(std::string_view sub_name) const {
  for (const SubresourceInfo& sub : subresources) {
    if (sub.name == sub_name) return &sub;
  }
  return nullptr;
}

std::size_t ResourceCatalog::GvrHash::operator()(const GroupVersionResource& gvr) const {
  return HashCombine(HashCombine(std::hash<std::string_view>{}(gvr.group), gvr.version),
                     gvr.resource);
}

std::size_t ResourceCatalog::GvkHash::operator()(const GroupVersionKind& gvk) const {
  return HashCombine(HashCombine(std::hash<std::string_view>{}(gvk.group), gvk.version), gvk.kind);
}

ResourceCatalog ResourceCatalog::BuiltIn() {
  const std::vector<Entry>& entries = BuiltInEntries();
  ResourceCatalog catalog;
  catalog.by_gvr_.reserve(entries.size());
  catalog.by_gvk_.reserve(entries.size());
  for (const Entry& entry : entries) catalog.AppendBuiltIn(entry);
  return catalog;
}

void ResourceCatalog::AppendBuiltIn(Entry entry) {
  if (groups_.empty() || groups_.back().name != entry->group) {
    groups_.push_back(GroupEntry{.name = entry->group, .built_in = true, .versions = {}});
  }
  GroupEntry& group = groups_.back();
  if (group.versions.empty() || group.versions.back().version != entry->version) {
    group.versions.push_back(VersionEntry{.version = entry->version, .resources = {}});
  }
  Index(entry);
  group.versions.back().resources.push_back(std::move(entry));
}

void ResourceCatalog::Index(const Entry& entry) {
  by_gvr_.emplace(entry->GetGroupVersionResource(), entry);
  by_gvk_.emplace(entry->GetGroupVersionKind(), entry);
}

ResourceCatalog::GroupEntry& ResourceCatalog::GroupFor(const std::string& group) {
  for (GroupEntry& entry : groups_) {
    if (entry.name == group) return entry;
  }
  // A new group goes after the built-in groups, among the added ones by name.
  auto position = std::find_if(groups_.begin(), groups_.end(), [&](const GroupEntry& entry) {
    return !entry.built_in && group < entry.name;
  });
  return *groups_.insert(position, GroupEntry{.name = group, .built_in = false, .versions = {}});
}

ResourceCatalog::VersionEntry& ResourceCatalog::VersionFor(GroupEntry& group,
                                                           const std::string& version) {
  for (VersionEntry& entry : group.versions) {
    if (entry.version == version) return entry;
  }
  auto position = std::find_if(
      group.versions.begin(), group.versions.end(),
      [&](const VersionEntry& entry) { return KubeAwareVersionBefore(version, entry.version); });
  return *group.versions.insert(position, VersionEntry{.version = version, .resources = {}});
}

Result<void> ResourceCatalog::Add(ResourceInfo info) {
  if (info.version.empty() || info.name.empty() || info.kind.empty()) {
    return Fail(NewBadRequest("a resource needs a version, a name and a kind"));
  }
  if (info.name.find('/') != std::string::npos) {
    return Fail(NewBadRequest("resource name " + info.name + " must not contain '/'"));
  }
  for (const SubresourceInfo& sub : info.subresources) {
    if (sub.name.empty()) {
      return Fail(NewBadRequest("resource " + info.name + " has a subresource without a name"));
    }
  }
  GroupVersionResource gvr = info.GetGroupVersionResource();
  if (by_gvr_.contains(gvr)) {
    return Fail(CatalogConflict("resource " + gvr.String() + " is already in the catalog", info));
  }
  if (auto it = by_gvk_.find(info.GetGroupVersionKind()); it != by_gvk_.end()) {
    return Fail(CatalogConflict("kind " + info.GetGroupVersionKind().String() +
                                    " is already served by resource " + it->second->name,
                                info));
  }
  auto entry = std::make_shared<const ResourceInfo>(std::move(info));
  VersionEntry& version = VersionFor(GroupFor(entry->group), entry->version);
  Index(entry);
  version.resources.push_back(std::move(entry));
  return {};
}

Result<void> ResourceCatalog::Remove(const GroupVersionResource& gvr) {
  auto found = by_gvr_.find(gvr);
  if (found == by_gvr_.end()) {
    return Fail(Error(404, Reason::kNotFound, "resource " + gvr.String() + " is not in the catalog",
                      ResourceDetails(gvr.group, gvr.resource)));
  }
  Entry entry = found->second;
  by_gvr_.erase(found);
  by_gvk_.erase(entry->GetGroupVersionKind());
  auto group = std::find_if(groups_.begin(), groups_.end(),
                            [&](const GroupEntry& g) { return g.name == gvr.group; });
  auto version = std::find_if(group->versions.begin(), group->versions.end(),
                              [&](const VersionEntry& v) { return v.version == gvr.version; });
  std::erase(version->resources, entry);
  if (version->resources.empty()) group->versions.erase(version);
  if (group->versions.empty()) groups_.erase(group);
  return {};
}

ResourceCatalog::Entry ResourceCatalog::Find(const GroupVersionResource& gvr) const {
  auto it = by_gvr_.find(gvr);
  return it == by_gvr_.end() ? nullptr : it->second;
}

ResourceCatalog::Entry ResourceCatalog::FindByKind(const GroupVersionKind& gvk) const {
  auto it = by_gvk_.find(gvk);
  return it == by_gvk_.end() ? nullptr : it->second;
}

std::optional<SubresourceInfo> ResourceCatalog::FindSubresource(
    const GroupVersionResource& gvr, std::string_view subresource) const {
  auto it = by_gvr_.find(gvr);
  if (it == by_gvr_.end()) return std::nullopt;
  const SubresourceInfo* sub = it->second->FindSubresource(subresource);
  if (sub == nullptr) return std::nullopt;
  return *sub;
}

std::vector<ResourceCatalog::Entry> ResourceCatalog::FindGroupResource(
    const GroupResource& gr) const {
  std::vector<Entry> found;
  for (const GroupEntry& group : groups_) {
    if (group.name != gr.group) continue;
    for (const VersionEntry& version : group.versions) {
      for (const Entry& entry : version.resources) {
        if (entry->name == gr.resource) found.push_back(entry);
      }
    }
  }
  return found;
}

std::vector<ResourceCatalog::Entry> ResourceCatalog::FindGroupKind(const GroupKind& gk) const {
  std::vector<Entry> found;
  for (const GroupEntry& group : groups_) {
    if (group.name != gk.group) continue;
    for (const VersionEntry& version : group.versions) {
      for (const Entry& entry : version.resources) {
        if (entry->kind == gk.kind) found.push_back(entry);
      }
    }
  }
  return found;
}

std::vector<ResourceCatalog::Entry> ResourceCatalog::FindByResource(std::string_view name) const {
  std::vector<Entry> found;
  for (const GroupEntry& group : groups_) {
    for (const VersionEntry& version : group.versions) {
      for (const Entry& entry : version.resources) {
        if (entry->name == name || entry->singular_name == name) found.push_back(entry);
      }
    }
  }
  return found;
}

std::vector<ResourceCatalog::Entry> ResourceCatalog::FindByShortName(
    std::string_view short_name) const {
  std::vector<Entry> found;
  for (const GroupEntry& group : groups_) {
    for (const VersionEntry& version : group.versions) {
      for (const Entry& entry : version.resources) {
        if (Contains(entry->short_names, short_name)) found.push_back(entry);
      }
    }
  }
  return found;
}

std::vector<ResourceCatalog::Entry> ResourceCatalog::FindByCategory(
    std::string_view category) const {
  std::vector<Entry> found;
  for (const GroupEntry& group : groups_) {
    for (const VersionEntry& version : group.versions) {
      for (const Entry& entry : version.resources) {
        if (Contains(entry->categories, category)) found.push_back(entry);
      }
    }
  }
  return found;
}

std::vector<ResourceCatalog::Entry> ResourceCatalog::Resources(const GroupVersion& gv) const {
  for (const GroupEntry& group : groups_) {
    if (group.name != gv.group) continue;
    for (const VersionEntry& version : group.versions) {
      if (version.version == gv.version) return version.resources;
    }
  }
  return {};
}

std::vector<ResourceCatalog::Entry> ResourceCatalog::All() const {
  std::vector<Entry> all;
  all.reserve(by_gvr_.size());
  for (const GroupEntry& group : groups_) {
    for (const VersionEntry& version : group.versions) {
      all.insert(all.end(), version.resources.begin(), version.resources.end());
    }
  }
  return all;
}

std::vector<std::string> ResourceCatalog::Groups() const {
  std::vector<std::string> names;
  names.reserve(groups_.size());
  for (const GroupEntry& group : groups_) names.push_back(group.name);
  return names;
}

std::vector<GroupVersion> ResourceCatalog::GroupVersions() const {
  std::vector<GroupVersion> versions;
  for (const GroupEntry& group : groups_) {
    for (const VersionEntry& version : group.versions) {
      versions.push_back(GroupVersion{group.name, version.version});
    }
  }
  return versions;
}

std::vector<std::string> ResourceCatalog::Versions(std::string_view group_name) const {
  std::vector<std::string> versions;
  for (const GroupEntry& group : groups_) {
    if (group.name != group_name) continue;
    for (const VersionEntry& version : group.versions) versions.push_back(version.version);
  }
  return versions;
}

std::optional<std::string> ResourceCatalog::PreferredVersion(std::string_view group_name) const {
  for (const GroupEntry& group : groups_) {
    if (group.name == group_name) return group.versions.front().version;
  }
  return std::nullopt;
}

}  // namespace kubefake::api
