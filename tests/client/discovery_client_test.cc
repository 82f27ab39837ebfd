// DiscoveryClient against the fake's engine over every transport: version, groups, resources,
// aggregated discovery in two requests and the legacy fallback giving the same answer,
// preferred resources, and the memory cache with Invalidate.
#include "kubefake/client/discovery_client.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "client_test_fixture.h"

namespace kubefake::client {
namespace {

namespace metav1 = api::meta::v1;

// Sends every request with Accept: application/json, as an old client would: the server then
// answers with legacy discovery.
class LegacyAcceptTransport final : public Transport {
 public:
  explicit LegacyAcceptTransport(std::shared_ptr<Transport> inner) : inner_(std::move(inner)) {}
  Result<TransportResponse> Send(const TransportRequest& request) override {
    TransportRequest legacy = request;
    legacy.headers.Set("Accept", "application/json");
    return inner_->Send(legacy);
  }

 private:
  std::shared_ptr<Transport> inner_;
};

const metav1::APIResource* FindResource(const std::vector<metav1::APIResourceList>& lists,
                                        const std::string& group_version, const std::string& name) {
  for (const auto& list : lists) {
    if (list.group_version != group_version) continue;
    for (const auto& resource : list.resources) {
      if (resource.name == name) return &resource;
    }
  }
  return nullptr;
}

class DiscoveryClientTest : public ClientTest {
 protected:
  std::unique_ptr<DiscoveryClient> Discovery(const Config& config) {
    return std::move(DiscoveryClient::NewForConfig(config).value());
  }
};

TEST_P(DiscoveryClientTest, ServerVersionIsTheEmulatedRelease) {
  auto version = Discovery(config_)->ServerVersion();
  ASSERT_TRUE(version) << version.error().message();
  EXPECT_EQ(version->major, "1");
  EXPECT_EQ(version->minor, "33");
  EXPECT_TRUE(version->git_version.starts_with("v1.33.")) << version->git_version;
}

TEST_P(DiscoveryClientTest, ServerGroupsStartWithTheCoreGroup) {
  auto groups = Discovery(config_)->ServerGroups();
  ASSERT_TRUE(groups) << groups.error().message();
  ASSERT_FALSE(groups->groups.empty());
  EXPECT_EQ(groups->groups[0].name, "");
  EXPECT_EQ(groups->groups[0].versions.at(0).group_version, "v1");
  auto apps = std::ranges::find(groups->groups, "apps", &metav1::APIGroup::name);
  ASSERT_NE(apps, groups->groups.end());
  ASSERT_TRUE(apps->preferred_version);
  EXPECT_EQ(apps->preferred_version->group_version, "apps/v1");
}

TEST_P(DiscoveryClientTest, ServerResourcesForGroupVersionListsResourcesAndSubresources) {
  auto apps = Discovery(config_)->ServerResourcesForGroupVersion("apps/v1");
  ASSERT_TRUE(apps) << apps.error().message();
  EXPECT_EQ(apps->group_version, "apps/v1");
  const std::vector<metav1::APIResourceList> lists{*apps};
  const metav1::APIResource* deployments = FindResource(lists, "apps/v1", "deployments");
  ASSERT_NE(deployments, nullptr);
  EXPECT_EQ(deployments->kind, "Deployment");
  EXPECT_TRUE(deployments->namespaced);
  EXPECT_EQ(deployments->short_names, (std::vector<std::string>{"deploy"}));
  EXPECT_NE(FindResource(lists, "apps/v1", "deployments/scale"), nullptr);

  auto missing = Discovery(config_)->ServerResourcesForGroupVersion("nothing.example.com/v1");
  ASSERT_FALSE(missing);
  EXPECT_TRUE(api::IsNotFound(missing.error()));
}

TEST_P(DiscoveryClientTest, AggregatedDiscoveryNeedsTwoRequestsAndMatchesLegacy) {
  auto aggregated = Discovery(config_)->ServerGroupsAndResources();
  ASSERT_TRUE(aggregated) << aggregated.error().message();
  EXPECT_EQ(transport_->count(), 2);

  Config legacy_config = config_;
  auto legacy_transport = std::make_shared<CountingTransport>(
      std::make_shared<LegacyAcceptTransport>(config_.transport));
  legacy_config.transport = legacy_transport;
  auto legacy = Discovery(legacy_config)->ServerGroupsAndResources();
  ASSERT_TRUE(legacy) << legacy.error().message();
  EXPECT_GT(legacy_transport->count(), 2);

  ASSERT_EQ(aggregated->groups.size(), legacy->groups.size());
  ASSERT_EQ(aggregated->resources.size(), legacy->resources.size());
  for (const auto& list : legacy->resources) {
    for (const auto& resource : list.resources) {
      const metav1::APIResource* same =
          FindResource(aggregated->resources, list.group_version, resource.name);
      ASSERT_NE(same, nullptr) << list.group_version << " " << resource.name;
      EXPECT_EQ(same->kind, resource.kind) << resource.name;
      EXPECT_EQ(same->namespaced, resource.namespaced) << resource.name;
      EXPECT_EQ(same->verbs, resource.verbs) << resource.name;
    }
  }
}

TEST_P(DiscoveryClientTest, PreferredResourcesNameEachResourceOnceWithoutSubresources) {
  auto preferred = Discovery(config_)->ServerPreferredResources();
  ASSERT_TRUE(preferred) << preferred.error().message();
  int hpas = 0;
  for (const auto& list : *preferred) {
    for (const auto& resource : list.resources) {
      EXPECT_EQ(resource.name.find('/'), std::string::npos) << resource.name;
      if (resource.name == "horizontalpodautoscalers") {
        ++hpas;
        EXPECT_EQ(list.group_version, "autoscaling/v2");
      }
    }
  }
  EXPECT_EQ(hpas, 1);
  EXPECT_NE(FindResource(*preferred, "v1", "pods"), nullptr);
}

TEST_P(DiscoveryClientTest, PreferredResourcesKeepAListPerServedVersionInServerOrder) {
  auto preferred = Discovery(config_)->ServerPreferredResources();
  ASSERT_TRUE(preferred) << preferred.error().message();
  std::vector<std::string> autoscaling;
  for (const auto& list : *preferred) {
    if (list.group_version.starts_with("autoscaling/")) {
      autoscaling.push_back(list.group_version + ":" + std::to_string(list.resources.size()));
    }
  }
  // v1 serves only what v2, the preferred version, serves too: its list stays, empty.
  EXPECT_EQ(autoscaling, (std::vector<std::string>{"autoscaling/v2:1", "autoscaling/v1:0"}));
}

TEST_P(DiscoveryClientTest, PreferredNamespacedResourcesLeaveOutClusterScopedOnes) {
  auto namespaced = Discovery(config_)->ServerPreferredNamespacedResources();
  ASSERT_TRUE(namespaced) << namespaced.error().message();
  for (const auto& list : *namespaced) {
    EXPECT_FALSE(list.resources.empty()) << list.group_version;
    for (const auto& resource : list.resources) {
      EXPECT_TRUE(resource.namespaced) << list.group_version << " " << resource.name;
    }
  }
  EXPECT_NE(FindResource(*namespaced, "v1", "pods"), nullptr);
  EXPECT_NE(FindResource(*namespaced, "apps/v1", "deployments"), nullptr);
  EXPECT_EQ(FindResource(*namespaced, "v1", "nodes"), nullptr);
  EXPECT_EQ(FindResource(*namespaced, "v1", "namespaces"), nullptr);
  EXPECT_TRUE(std::ranges::none_of(*namespaced, [](const auto& list) {
    return list.group_version == "rbac.authorization.k8s.io/v1" &&
           std::ranges::any_of(list.resources,
                               [](const auto& r) { return r.name == "clusterroles"; });
  }));
}

TEST_P(DiscoveryClientTest, MemoryCacheIsFreshOnceFilledAndStaleAfterInvalidate) {
  MemCacheDiscoveryClient cached(Discovery(config_));
  EXPECT_FALSE(cached.Fresh());
  ASSERT_TRUE(cached.ServerGroupsAndResources());
  EXPECT_TRUE(cached.Fresh());
  cached.Invalidate();
  EXPECT_FALSE(cached.Fresh());
}

TEST_P(DiscoveryClientTest, MemoryCacheAnswersUntilInvalidated) {
  MemCacheDiscoveryClient cached(Discovery(config_));
  ASSERT_TRUE(cached.ServerGroupsAndResources());
  ASSERT_TRUE(cached.ServerGroups());
  const int after_first = transport_->count();
  ASSERT_TRUE(cached.ServerGroupsAndResources());
  ASSERT_TRUE(cached.ServerGroups());
  EXPECT_EQ(transport_->count(), after_first);
  cached.Invalidate();
  ASSERT_TRUE(cached.ServerGroupsAndResources());
  EXPECT_GT(transport_->count(), after_first);
  EXPECT_TRUE(cached.ServerResourcesForGroupVersion("apps/v1"));
  const int after_resources = transport_->count();
  EXPECT_TRUE(cached.ServerResourcesForGroupVersion("apps/v1"));
  EXPECT_EQ(transport_->count(), after_resources);
}

INSTANTIATE_TEST_SUITE_P(Transports, DiscoveryClientTest, AllTransports(),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace kubefake::client
