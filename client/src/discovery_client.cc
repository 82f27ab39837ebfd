// DiscoveryClient: aggregated discovery with legacy fallback, and ServerPreferredResources.
#include "kubefake/client/discovery_client.h"

#include <map>
#include <set>

#include "kubefake/api/typed_codec.h"

namespace kubefake::client {
namespace {

namespace metav1 = api::meta::v1;

// client-go's AcceptV2 without its protobuf clauses (kubefake's client speaks JSON only).
constexpr char kAcceptAggregated[] =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
    "application/json";

// Whether a Content-Type carries g=apidiscovery.k8s.io, v=v2 and as=APIGroupDiscoveryList.
bool IsAggregated(std::string_view content_type) {
  std::set<std::string> params;
  size_t start = content_type.find(';');
  while (start != std::string_view::npos) {
    const size_t end = content_type.find(';', start + 1);
    std::string param(
        content_type.substr(start + 1, end == std::string_view::npos ? end : end - start - 1));
    std::erase(param, ' ');
    params.insert(param);
    start = end;
  }
  return content_type.starts_with("application/json") && params.contains("g=apidiscovery.k8s.io") &&
         params.contains("v=v2") && params.contains("as=APIGroupDiscoveryList");
}

std::vector<std::string> Strings(const nlohmann::json& object, const char* key) {
  std::vector<std::string> out;
  if (auto it = object.find(key); it != object.end() && it->is_array()) {
    for (const auto& item : *it) {
      if (item.is_string()) out.push_back(item.get<std::string>());
    }
  }
  return out;
}

std::optional<std::vector<std::string>> OptionalStrings(const nlohmann::json& object,
                                                        const char* key) {
  std::vector<std::string> values = Strings(object, key);
  if (values.empty()) return std::nullopt;
  return values;
}

// One apidiscovery v2 APIVersionDiscovery as a legacy APIResourceList.
metav1::APIResourceList ResourcesOfVersion(const std::string& group_version,
                                           const nlohmann::json& version) {
  metav1::APIResourceList list;
  list.group_version = group_version;
  for (const nlohmann::json& resource : version.value("resources", nlohmann::json::array())) {
    metav1::APIResource converted;
    converted.name = resource.value("resource", "");
    converted.singular_name = resource.value("singularResource", "");
    converted.namespaced = resource.value("scope", "") == "Namespaced";
    converted.kind = resource.value("responseKind", nlohmann::json::object()).value("kind", "");
    converted.verbs = Strings(resource, "verbs");
    converted.short_names = OptionalStrings(resource, "shortNames");
    converted.categories = OptionalStrings(resource, "categories");
    list.resources.push_back(converted);
    for (const nlohmann::json& sub : resource.value("subresources", nlohmann::json::array())) {
      metav1::APIResource subresource;
      subresource.name = converted.name + "/" + sub.value("subresource", "");
      subresource.namespaced = converted.namespaced;
      subresource.kind = sub.value("responseKind", nlohmann::json::object()).value("kind", "");
      subresource.verbs = Strings(sub, "verbs");
      list.resources.push_back(std::move(subresource));
    }
  }
  return list;
}

// An APIGroupDiscoveryList into groups and per-version resources.
void ReadAggregated(const nlohmann::json& document, std::vector<metav1::APIGroup>& groups,
                    std::vector<metav1::APIResourceList>& resources) {
  for (const nlohmann::json& item : document.value("items", nlohmann::json::array())) {
    metav1::APIGroup group;
    group.name = item.value("metadata", nlohmann::json::object()).value("name", "");
    for (const nlohmann::json& version : item.value("versions", nlohmann::json::array())) {
      const std::string v = version.value("version", "");
      const std::string group_version = group.name.empty() ? v : group.name + "/" + v;
      group.versions.push_back({group_version, v});
      resources.push_back(ResourcesOfVersion(group_version, version));
    }
    if (!group.versions.empty()) group.preferred_version = group.versions.front();
    groups.push_back(std::move(group));
  }
}

Result<nlohmann::json> GetJson(const RESTClient& client, const std::string& path,
                               bool* aggregated) {
  RestRequest request = client.Get().AbsPath(path);
  request.SetHeader("Accept", kAcceptAggregated);
  // The Content-Type's parameters say which document came back, as client-go checks them.
  RestResult result = request.Do();
  *aggregated = IsAggregated(result.content_type());
  return result.Json();
}

}  // namespace

Result<std::vector<metav1::APIResourceList>> DiscoveryInterface::ServerPreferredResources() {
  auto all = ServerGroupsAndResources();
  if (!all) return Fail(all.error());
  std::map<std::string, const metav1::APIResourceList*> by_group_version;
  for (const auto& list : all->resources) by_group_version[list.group_version] = &list;
  std::vector<metav1::APIResourceList> result;
  for (const metav1::APIGroup& group : all->groups) {
    // Which served version supplies each resource: the first that has it, unless the
    // preferred version has it too.
    const std::string preferred = group.preferred_version ? group.preferred_version->version : "";
    std::map<std::string, const metav1::APIResource*> chosen;
    const size_t first = result.size();
    for (const auto& version : group.versions) {
      auto it = by_group_version.find(version.group_version);
      if (it == by_group_version.end()) continue;
      result.push_back({});
      result.back().group_version = version.group_version;
      for (const metav1::APIResource& resource : it->second->resources) {
        if (resource.name.find('/') != std::string::npos) continue;
        if (chosen.contains(resource.name) && version.version != preferred) continue;
        chosen[resource.name] = &resource;
      }
    }
    for (size_t i = first; i < result.size(); ++i) {
      for (const metav1::APIResource& resource :
           by_group_version.at(result[i].group_version)->resources) {
        auto it = chosen.find(resource.name);
        if (it != chosen.end() && it->second == &resource) result[i].resources.push_back(resource);
      }
    }
  }
  return result;
}

Result<std::vector<metav1::APIResourceList>>
DiscoveryInterface::ServerPreferredNamespacedResources() {
  auto all = ServerPreferredResources();
  if (!all) return Fail(all.error());
  std::vector<metav1::APIResourceList> result;
  for (metav1::APIResourceList& list : *all) {
    std::erase_if(list.resources, [](const metav1::APIResource& r) { return !r.namespaced; });
    if (!list.resources.empty()) result.push_back(std::move(list));
  }
  return result;
}

Result<std::unique_ptr<DiscoveryClient>> DiscoveryClient::NewForConfig(const Config& config) {
  auto client = UnversionedRESTClientFor(JsonConfigFor(config));
  if (!client) return Fail(client.error());
  return std::make_unique<DiscoveryClient>(std::shared_ptr<const RESTClient>(std::move(*client)));
}

Result<VersionInfo> DiscoveryClient::ServerVersion() {
  auto json = client_->Get().AbsPath("/version").Do().Json();
  if (!json) return Fail(json.error());
  if (!json->is_object()) return Fail(api::NewBadRequest("unable to parse the server version"));
  return VersionInfo{
      json->value("major", ""),     json->value("minor", ""),        json->value("gitVersion", ""),
      json->value("gitCommit", ""), json->value("gitTreeState", ""), json->value("buildDate", ""),
      json->value("goVersion", ""), json->value("compiler", ""),     json->value("platform", "")};
}

Result<DiscoveryClient::Apis> DiscoveryClient::DownloadApis() {
  Apis apis;
  std::vector<metav1::APIResourceList> resources;
  bool all_aggregated = true;
  bool aggregated = false;
  auto core = GetJson(*client_, "/api", &aggregated);
  if (!core) return Fail(core.error());
  if (aggregated) {
    ReadAggregated(*core, apis.groups, resources);
  } else {
    all_aggregated = false;
    auto versions = api::Decode<metav1::APIVersions>(*core);
    if (!versions) return Fail(versions.error());
    metav1::APIGroup group;
    for (const std::string& v : versions->versions) group.versions.push_back({v, v});
    if (!group.versions.empty()) group.preferred_version = group.versions.front();
    apis.groups.push_back(std::move(group));
  }
  auto named = GetJson(*client_, "/apis", &aggregated);
  if (!named) return Fail(named.error());
  if (aggregated) {
    ReadAggregated(*named, apis.groups, resources);
  } else {
    all_aggregated = false;
    auto list = api::Decode<metav1::APIGroupList>(*named);
    if (!list) return Fail(list.error());
    apis.groups.insert(apis.groups.end(), list->groups.begin(), list->groups.end());
  }
  if (all_aggregated) apis.resources = std::move(resources);
  return apis;
}

Result<metav1::APIGroupList> DiscoveryClient::ServerGroups() {
  auto apis = DownloadApis();
  if (!apis) return Fail(apis.error());
  metav1::APIGroupList list;
  list.groups = std::move(apis->groups);
  return list;
}

Result<metav1::APIResourceList> DiscoveryClient::ServerResourcesForGroupVersion(
    const std::string& group_version) {
  const std::string path = group_version == "v1" ? "/api/v1" : "/apis/" + group_version;
  auto json = client_->Get().AbsPath(path).Do().Json();
  if (!json) return Fail(json.error());
  auto list = api::Decode<metav1::APIResourceList>(*json);
  if (!list) return Fail(list.error());
  // An empty groupVersion is filled in, as client-go does for old servers.
  if (list->group_version.empty()) list->group_version = group_version;
  return list;
}

Result<GroupsAndResources> DiscoveryClient::ServerGroupsAndResources() {
  auto apis = DownloadApis();
  if (!apis) return Fail(apis.error());
  GroupsAndResources out;
  out.groups = std::move(apis->groups);
  if (apis->resources) {
    out.resources = std::move(*apis->resources);
    return out;
  }
  for (const metav1::APIGroup& group : out.groups) {
    for (const auto& version : group.versions) {
      auto list = ServerResourcesForGroupVersion(version.group_version);
      if (!list) return Fail(list.error());
      out.resources.push_back(std::move(*list));
    }
  }
  return out;
}

Result<VersionInfo> MemCacheDiscoveryClient::ServerVersion() { return delegate_->ServerVersion(); }

Result<metav1::APIGroupList> MemCacheDiscoveryClient::ServerGroups() {
  std::lock_guard lock(mutex_);
  if (!groups_) {
    auto groups = delegate_->ServerGroups();
    if (!groups) return groups;
    groups_ = std::move(*groups);
  }
  return *groups_;
}

Result<metav1::APIResourceList> MemCacheDiscoveryClient::ServerResourcesForGroupVersion(
    const std::string& group_version) {
  std::lock_guard lock(mutex_);
  auto it = resources_.find(group_version);
  if (it == resources_.end()) {
    auto list = delegate_->ServerResourcesForGroupVersion(group_version);
    if (!list) return list;
    it = resources_.emplace(group_version, std::move(*list)).first;
  }
  return it->second;
}

Result<GroupsAndResources> MemCacheDiscoveryClient::ServerGroupsAndResources() {
  std::lock_guard lock(mutex_);
  if (!groups_and_resources_) {
    auto all = delegate_->ServerGroupsAndResources();
    if (!all) return all;
    groups_and_resources_ = std::move(*all);
  }
  return *groups_and_resources_;
}

bool MemCacheDiscoveryClient::Fresh() {
  std::lock_guard lock(mutex_);
  return groups_and_resources_.has_value();
}

void MemCacheDiscoveryClient::Invalidate() {
  std::lock_guard lock(mutex_);
  groups_and_resources_.reset();
  groups_.reset();
  resources_.clear();
}

}  // namespace kubefake::client
