// DiscoveryClient: what the server serves, client-go's discovery.DiscoveryClient: its
// version, API groups and the resources of each group-version. It asks /api and /apis for
// aggregated discovery (apidiscovery.k8s.io/v2, one request for everything) as client-go
// does and falls back to the legacy documents (one request per group-version) when the server
// answers with those. MemCacheDiscoveryClient keeps the answers until Invalidate().
// Both are thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kubefake/api/result.h"
#include "kubefake/api/types/meta/v1.h"
#include "kubefake/client/config.h"
#include "kubefake/client/rest_client.h"

namespace kubefake::client {

// version.Info, as GET /version answers.
struct VersionInfo {
  std::string major;
  std::string minor;
  std::string git_version;
  std::string git_commit;
  std::string git_tree_state;
  std::string build_date;
  std::string go_version;
  std::string compiler;
  std::string platform;
};

struct GroupsAndResources {
  std::vector<api::meta::v1::APIGroup> groups;
  std::vector<api::meta::v1::APIResourceList> resources;  // one per group-version
};

// discovery.DiscoveryInterface, abstract so a cache (or a mock) can stand in.
class DiscoveryInterface {
 public:
  virtual ~DiscoveryInterface() = default;

  virtual Result<VersionInfo> ServerVersion() = 0;
  // The core group ("", from /api) first, then the named groups in the server's order.
  virtual Result<api::meta::v1::APIGroupList> ServerGroups() = 0;
  // "v1" or "apps/v1". Errors: NotFound for a group-version the server does not serve.
  virtual Result<api::meta::v1::APIResourceList> ServerResourcesForGroupVersion(
      const std::string& group_version) = 0;
  virtual Result<GroupsAndResources> ServerGroupsAndResources() = 0;
  // For each group, every resource (no subresources) once, from the group's preferred version
  // when it serves it, else from the first version that does; one list per served
  // group-version in the server's order (empty when the other versions supply everything).
  virtual Result<std::vector<api::meta::v1::APIResourceList>> ServerPreferredResources();
  // ServerPreferredResources keeping namespaced resources; lists left empty are dropped.
  Result<std::vector<api::meta::v1::APIResourceList>> ServerPreferredNamespacedResources();
};

// discovery.CachedDiscoveryInterface: a discovery cache a RESTMapper can refresh.
class CachedDiscoveryInterface : public DiscoveryInterface {
 public:
  // True when the cached answers came from the server since the last Invalidate(), so a
  // miss is real and asking again is pointless (false = the caller should Invalidate and
  // retry, as a cache read from disk would say).
  virtual bool Fresh() = 0;
  // Forgets everything; the next calls ask the server again (after a CRD was added).
  virtual void Invalidate() = 0;
};

class DiscoveryClient final : public DiscoveryInterface {
 public:
  explicit DiscoveryClient(std::shared_ptr<const RESTClient> client) : client_(std::move(client)) {}

  // discovery.NewDiscoveryClientForConfig. Errors: the transport's.
  static Result<std::unique_ptr<DiscoveryClient>> NewForConfig(const Config& config);

  Result<VersionInfo> ServerVersion() override;
  Result<api::meta::v1::APIGroupList> ServerGroups() override;
  Result<api::meta::v1::APIResourceList> ServerResourcesForGroupVersion(
      const std::string& group_version) override;
  Result<GroupsAndResources> ServerGroupsAndResources() override;

 private:
  // /api and /apis; `resources` is set when the server answered with aggregated discovery.
  struct Apis {
    std::vector<api::meta::v1::APIGroup> groups;
    std::optional<std::vector<api::meta::v1::APIResourceList>> resources;
  };
  Result<Apis> DownloadApis();

  std::shared_ptr<const RESTClient> client_;
};

// discovery/cached/memory: answers from memory after the first successful call of each kind.
// Fresh() as client-go's memory cache: true once groups and resources are cached.
class MemCacheDiscoveryClient final : public CachedDiscoveryInterface {
 public:
  // `delegate` does the requests; owned.
  explicit MemCacheDiscoveryClient(std::unique_ptr<DiscoveryInterface> delegate)
      : delegate_(std::move(delegate)) {}

  Result<VersionInfo> ServerVersion() override;
  Result<api::meta::v1::APIGroupList> ServerGroups() override;
  Result<api::meta::v1::APIResourceList> ServerResourcesForGroupVersion(
      const std::string& group_version) override;
  Result<GroupsAndResources> ServerGroupsAndResources() override;

  bool Fresh() override;
  void Invalidate() override;

 private:
  std::unique_ptr<DiscoveryInterface> delegate_;
  std::mutex mutex_;
  std::optional<GroupsAndResources> groups_and_resources_;
  std::optional<api::meta::v1::APIGroupList> groups_;
  std::map<std::string, api::meta::v1::APIResourceList> resources_;
};

}  // namespace kubefake::client
