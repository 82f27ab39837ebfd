// The RESTMapper kubectl builds (shortcut expander over a deferred discovery mapper over a
// memory cache) against the fake's engine over every transport: kubectl's names, preferred
// versions, scope, singulars, no-match errors, categories and a CRD added at run time; and the
// discovery mapper's priorities, guesses and ambiguity on hand-built discovery.
#include "kubefake/client/rest_mapper.h"

#include <gtest/gtest.h>

#include "client_test_fixture.h"
#include "kubefake/client/category_expander.h"
#include "kubefake/client/deferred_discovery_rest_mapper.h"
#include "kubefake/client/dynamic_client.h"
#include "kubefake/client/resource_arg.h"
#include "kubefake/client/shortcut_expander.h"
#include "widget_crd.h"

namespace kubefake::client {
namespace {

namespace metav1 = api::meta::v1;

using GVR = api::GroupVersionResource;
using GVK = api::GroupVersionKind;

// A cache that never vouches for its answers, as client-go's disk cache read from disk.
class StaleCache final : public CachedDiscoveryInterface {
 public:
  explicit StaleCache(std::shared_ptr<MemCacheDiscoveryClient> inner) : inner_(std::move(inner)) {}
  Result<VersionInfo> ServerVersion() override { return inner_->ServerVersion(); }
  Result<metav1::APIGroupList> ServerGroups() override { return inner_->ServerGroups(); }
  Result<metav1::APIResourceList> ServerResourcesForGroupVersion(
      const std::string& group_version) override {
    return inner_->ServerResourcesForGroupVersion(group_version);
  }
  Result<GroupsAndResources> ServerGroupsAndResources() override {
    return inner_->ServerGroupsAndResources();
  }
  bool Fresh() override { return false; }
  void Invalidate() override { inner_->Invalidate(); }

 private:
  std::shared_ptr<MemCacheDiscoveryClient> inner_;
};

class RestMapperTest : public ClientTest {
 protected:
  RestMapperTest()
      : cache_(std::make_shared<MemCacheDiscoveryClient>(
            std::move(DiscoveryClient::NewForConfig(config_).value()))),
        deferred_(std::make_shared<DeferredDiscoveryRESTMapper>(cache_)),
        mapper_(deferred_, cache_, [this](std::string_view w) { warnings_.emplace_back(w); }) {}

  void CreateCrd(const nlohmann::json& crd) {
    auto dynamic = DynamicClient::NewForConfig(config_);
    ASSERT_TRUE(dynamic);
    auto created = (*dynamic)
                       ->Resource({"apiextensions.k8s.io", "v1", "customresourcedefinitions"})
                       .Create(crd);
    ASSERT_TRUE(created) << created.error().message();
  }
  void CreateWidgetCrd() { CreateCrd(WidgetCrd()); }

  std::shared_ptr<MemCacheDiscoveryClient> cache_;
  std::shared_ptr<DeferredDiscoveryRESTMapper> deferred_;
  ShortcutExpander mapper_;
  std::vector<std::string> warnings_;
};

TEST_P(RestMapperTest, KubectlNamesResolveToThePluralResource) {
  const GVR pods{"", "v1", "pods"};
  const GVR deployments{"apps", "v1", "deployments"};
  const std::vector<std::pair<GVR, GVR>> cases = {
      {{"", "", "pods"}, pods},
      {{"", "", "pod"}, pods},
      {{"", "", "Pods"}, pods},
      {{"", "", "po"}, pods},
      {{"", "", "deploy"}, deployments},
      {{"", "", "deployment"}, deployments},
      {{"apps", "", "deployments"}, deployments},
      {{"apps", "v1", "deployments"}, deployments},
      {{"apps", "", "deploy"}, deployments},
      // A group prefix: storage for storage.k8s.io, autoscal with a short name.
      {{"storage", "", "storageclasses"}, {"storage.k8s.io", "v1", "storageclasses"}},
      {{"autoscal", "", "hpa"}, {"autoscaling", "v2", "horizontalpodautoscalers"}},
  };
  for (const auto& [partial, want] : cases) {
    auto got = mapper_.ResourceFor(partial);
    ASSERT_TRUE(got) << partial.String() << ": " << got.error().message();
    EXPECT_EQ(*got, want) << partial.String();
  }
  auto kind = mapper_.KindFor({"", "", "deploy"});
  ASSERT_TRUE(kind) << kind.error().message();
  EXPECT_EQ(*kind, (GVK{"apps", "v1", "Deployment"}));
  EXPECT_TRUE(warnings_.empty());
}

TEST_P(RestMapperTest, PreferredVersionWinsAndListsKeepDiscoveryOrder) {
  auto kind = mapper_.KindFor({"", "", "horizontalpodautoscalers"});
  ASSERT_TRUE(kind) << kind.error().message();
  EXPECT_EQ(*kind, (GVK{"autoscaling", "v2", "HorizontalPodAutoscaler"}));

  auto resources = mapper_.ResourcesFor({"", "", "hpa"});
  ASSERT_TRUE(resources) << resources.error().message();
  EXPECT_EQ(*resources, (std::vector<GVR>{{"autoscaling", "v2", "horizontalpodautoscalers"},
                                          {"autoscaling", "v1", "horizontalpodautoscalers"}}));

  auto v1 = mapper_.KindFor({"autoscaling", "v1", "horizontalpodautoscalers"});
  ASSERT_TRUE(v1) << v1.error().message();
  EXPECT_EQ(v1->version, "v1");
  // An expanded short name drops its version, as client-go's expander does.
  auto short_v1 = mapper_.KindFor({"autoscaling", "v1", "hpa"});
  ASSERT_TRUE(short_v1) << short_v1.error().message();
  EXPECT_EQ(short_v1->version, "v2");
}

TEST_P(RestMapperTest, RestMappingGivesResourceScopeAndHonoursVersions) {
  auto deployment = mapper_.RESTMapping({"apps", "Deployment"});
  ASSERT_TRUE(deployment) << deployment.error().message();
  EXPECT_EQ(*deployment, (RESTMapping{{"apps", "v1", "deployments"},
                                      {"apps", "v1", "Deployment"},
                                      RESTScopeName::kNamespace}));
  auto node = mapper_.RESTMapping({"", "Node"});
  ASSERT_TRUE(node) << node.error().message();
  EXPECT_EQ(node->resource, (GVR{"", "v1", "nodes"}));
  EXPECT_EQ(node->scope, RESTScopeName::kRoot);

  auto hpa = mapper_.RESTMapping({"autoscaling", "HorizontalPodAutoscaler"});
  ASSERT_TRUE(hpa);
  EXPECT_EQ(hpa->resource.version, "v2");
  auto hpa_v1 = mapper_.RESTMapping({"autoscaling", "HorizontalPodAutoscaler"}, {"v1"});
  ASSERT_TRUE(hpa_v1);
  EXPECT_EQ(hpa_v1->resource.version, "v1");
  auto all = mapper_.RESTMappings({"autoscaling", "HorizontalPodAutoscaler"});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].resource.version, "v2");
  EXPECT_EQ((*all)[1].resource.version, "v1");
}

TEST_P(RestMapperTest, MissesAreNoMatchErrorsWordedAsApimachinery) {
  auto no_kind = mapper_.RESTMapping({"apps", "Nothing"});
  ASSERT_FALSE(no_kind);
  EXPECT_TRUE(IsNoMatchError(no_kind.error()));
  EXPECT_FALSE(api::IsNotFound(no_kind.error()));
  EXPECT_EQ(no_kind.error().message(), "no matches for kind \"Nothing\" in group \"apps\"");

  auto no_version = mapper_.RESTMapping({"apps", "Deployment"}, {"v9"});
  ASSERT_FALSE(no_version);
  EXPECT_EQ(no_version.error().message(),
            "no matches for kind \"Deployment\" in version \"apps/v9\"");
  auto no_versions = mapper_.RESTMappings({"apps", "Deployment"}, {"v9", "v8", "v9"});
  ASSERT_FALSE(no_versions);
  EXPECT_EQ(no_versions.error().message(),
            "no matches for kind \"Deployment\" in versions [\"v8\" \"v9\"]");

  auto no_resource = mapper_.ResourceFor({"", "", "nothings"});
  ASSERT_FALSE(no_resource);
  EXPECT_TRUE(IsNoMatchError(no_resource.error()));
  EXPECT_EQ(no_resource.error().message(), "no matches for /, Resource=nothings");
  auto wrong_group = mapper_.KindFor({"apps", "", "pods"});
  ASSERT_FALSE(wrong_group);
  EXPECT_EQ(wrong_group.error().message(), "no matches for apps/, Resource=pods");

  auto empty = mapper_.ResourceFor({"apps", "v1", ""});
  ASSERT_FALSE(empty);
  EXPECT_FALSE(IsNoMatchError(empty.error()));
  EXPECT_EQ(empty.error().message(), "a resource must be present, got: apps/v1, Resource=");
}

TEST_P(RestMapperTest, ResourceSingularizerExpandsShortNames) {
  EXPECT_EQ(mapper_.ResourceSingularizer("pods").value_or("?"), "pod");
  EXPECT_EQ(mapper_.ResourceSingularizer("po").value_or("?"), "pod");
  EXPECT_EQ(mapper_.ResourceSingularizer("netpol").value_or("?"), "networkpolicy");
  auto missing = mapper_.ResourceSingularizer("nothings");
  ASSERT_FALSE(missing);
  EXPECT_TRUE(IsNoMatchError(missing.error()));
}

TEST_P(RestMapperTest, FreshCacheKeepsAMissUntilResetThenFindsTheNewCrd) {
  ASSERT_TRUE(mapper_.KindFor({"", "", "pods"}));
  CreateWidgetCrd();
  const int before = transport_->count();
  auto miss = mapper_.KindFor({"", "", "widgets"});
  ASSERT_FALSE(miss);
  EXPECT_TRUE(IsNoMatchError(miss.error()));
  EXPECT_EQ(transport_->count(), before);  // the memory cache was fresh: no retry

  mapper_.Reset();
  auto kind = mapper_.KindFor({"", "", "wd"});
  ASSERT_TRUE(kind) << kind.error().message();
  EXPECT_EQ(*kind, (GVK{"example.com", "v1", "Widget"}));
  auto mapping = mapper_.RESTMapping({"example.com", "Widget"});
  ASSERT_TRUE(mapping) << mapping.error().message();
  EXPECT_EQ(mapping->resource, (GVR{"example.com", "v1", "widgets"}));
  EXPECT_EQ(mapping->scope, RESTScopeName::kNamespace);
  EXPECT_EQ(mapper_.ResourceSingularizer("widgets").value_or("?"), "widget");
}

TEST_P(RestMapperTest, ShortNameOfSeveralGroupsGoesToTheFirstAndWarns) {
  nlohmann::json crd = WidgetCrd();
  crd["metadata"]["name"] = "pokemons.example.com";
  crd["spec"]["names"] = {
      {"plural", "pokemons"}, {"singular", "pokemon"}, {"kind", "Pokemon"}, {"shortNames", {"po"}}};
  CreateCrd(crd);
  auto resource = mapper_.ResourceFor({"", "", "po"});
  ASSERT_TRUE(resource) << resource.error().message();
  EXPECT_EQ(*resource, (GVR{"", "v1", "pods"}));
  EXPECT_EQ(warnings_,
            (std::vector<std::string>{"short name \"po\" could also match lower priority resource "
                                      "pokemons.example.com"}));
  auto in_group = mapper_.ResourceFor({"example.com", "", "po"});
  ASSERT_TRUE(in_group) << in_group.error().message();
  EXPECT_EQ(*in_group, (GVR{"example.com", "v1", "pokemons"}));
}

TEST_P(RestMapperTest, StaleCacheMissResetsAndRetriesOnce) {
  auto stale = std::make_shared<StaleCache>(cache_);
  auto deferred = std::make_shared<DeferredDiscoveryRESTMapper>(stale);
  ASSERT_TRUE(deferred->KindFor({"", "", "pods"}));
  CreateWidgetCrd();
  auto kind = deferred->KindFor({"example.com", "", "widgets"});
  ASSERT_TRUE(kind) << kind.error().message();
  EXPECT_EQ(kind->kind, "Widget");

  // A real miss is asked once more, not forever: one refresh of discovery.
  const int before = transport_->count();
  auto miss = deferred->ResourcesFor({"", "", "nothings"});
  ASSERT_FALSE(miss);
  EXPECT_TRUE(IsNoMatchError(miss.error()));
  EXPECT_EQ(transport_->count(), before + 2);  // /api and /apis, aggregated
}

TEST_P(RestMapperTest, CategoriesExpandAsKubectlGetAll) {
  CategoryExpander categories(cache_);
  auto all = categories.Expand("all");
  ASSERT_TRUE(all);
  auto has = [&](const api::GroupResource& resource) {
    return std::ranges::find(*all, resource) != all->end();
  };
  EXPECT_TRUE(has({"", "pods"}));
  EXPECT_TRUE(has({"", "services"}));
  EXPECT_TRUE(has({"apps", "deployments"}));
  EXPECT_TRUE(has({"batch", "cronjobs"}));
  EXPECT_FALSE(has({"", "configmaps"}));
  EXPECT_FALSE(has({"", "nodes"}));
  EXPECT_EQ(all->front(), (api::GroupResource{"", "pods"}));
  EXPECT_EQ(std::ranges::count(*all, api::GroupResource{"autoscaling", "horizontalpodautoscalers"}),
            2);
  EXPECT_FALSE(categories.Expand("nothing"));

  CreateWidgetCrd();
  cache_->Invalidate();
  auto gadgets = categories.Expand("gadgets");
  ASSERT_TRUE(gadgets);
  EXPECT_EQ(*gadgets, (std::vector<api::GroupResource>{{"example.com", "widgets"}}));
}

TEST_P(RestMapperTest, KubectlArgumentsMapAsResourcesThenAsKinds) {
  const std::vector<std::pair<std::string, GVR>> cases = {
      {"po", {"", "v1", "pods"}},
      {"deploy", {"apps", "v1", "deployments"}},
      {"deployments.apps", {"apps", "v1", "deployments"}},
      {"deployments.v1.apps", {"apps", "v1", "deployments"}},
      {"hpa.v1.autoscaling", {"autoscaling", "v2", "horizontalpodautoscalers"}},
      {"horizontalpodautoscalers.v1.autoscaling",
       {"autoscaling", "v1", "horizontalpodautoscalers"}},
      {"Deployment", {"apps", "v1", "deployments"}},
      {"Deployment.v1.apps", {"apps", "v1", "deployments"}},
      {"ns", {"", "v1", "namespaces"}},
  };
  for (const auto& [arg, want] : cases) {
    auto mapping = MappingFor(mapper_, arg);
    ASSERT_TRUE(mapping) << arg << ": " << mapping.error().message();
    EXPECT_EQ(mapping->resource, want) << arg;
  }
  auto ns = MappingFor(mapper_, "ns");
  ASSERT_TRUE(ns);
  EXPECT_EQ(ns->scope, RESTScopeName::kRoot);
  auto missing = MappingFor(mapper_, "nothings.example.com");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message(), "the server doesn't have a resource type \"nothings\"");
}

INSTANTIATE_TEST_SUITE_P(Transports, RestMapperTest, AllTransports(),
                         [](const auto& info) { return info.param.name; });

// Hand-built discovery, as an old or odd server may serve it.

metav1::APIResource Resource(std::string name, std::string singular, std::string kind) {
  metav1::APIResource resource;
  resource.name = std::move(name);
  resource.singular_name = std::move(singular);
  resource.kind = std::move(kind);
  resource.namespaced = true;
  return resource;
}

APIGroupResources Group(std::string name, std::vector<std::string> versions,
                        std::vector<metav1::APIResource> resources) {
  APIGroupResources group;
  group.group.name = name;
  for (const std::string& v : versions) {
    group.group.versions.push_back({name.empty() ? v : name + "/" + v, v});
    group.versioned_resources[v] = resources;
  }
  group.group.preferred_version = group.group.versions.front();
  return group;
}

TEST(DiscoveryRestMapperTest, SingularIsGuessedFromTheKindWhenDiscoveryHasNone) {
  auto mapper = NewDiscoveryRESTMapper(
      {Group("policy.example.com", {"v1"}, {Resource("policies", "", "Policy")})});
  auto plural = mapper->ResourceFor({"", "", "policy"});
  ASSERT_TRUE(plural) << plural.error().message();
  EXPECT_EQ(plural->resource, "policies");
  EXPECT_EQ(mapper->ResourceSingularizer("policies").value_or("?"), "policy");
  // Kinds are mapped lower-cased too, and <Kind>List to a guessed resource.
  auto lower = mapper->RESTMapping({"policy.example.com", "policy"});
  ASSERT_TRUE(lower) << lower.error().message();
  EXPECT_EQ(lower->resource.resource, "policies");
  auto list = mapper->KindFor({"", "", "policylists"});
  ASSERT_TRUE(list) << list.error().message();
  EXPECT_EQ(list->kind, "PolicyList");
}

TEST(DiscoveryRestMapperTest, TwoMatchesInOneGroupVersionAreAmbiguous) {
  auto mapper = NewDiscoveryRESTMapper({Group(
      "example.com", {"v1"},
      {Resource("gadgets", "gadget", "Gadget"), Resource("gadget", "gadgetone", "GadgetOne")})});
  auto resource = mapper->ResourceFor({"", "", "gadget"});
  ASSERT_FALSE(resource);
  EXPECT_TRUE(IsAmbiguousError(resource.error()));
  EXPECT_FALSE(IsNoMatchError(resource.error()));
  EXPECT_EQ(resource.error().message(),
            "/, Resource=gadget matches multiple resources [example.com/v1, Resource=gadget "
            "example.com/v1, Resource=gadgets]");
}

TEST(DiscoveryRestMapperTest, NonPreferredVersionsComeAfterThePreferredOne) {
  APIGroupResources group =
      Group("example.com", {"v1beta1", "v1"}, {Resource("gadgets", "gadget", "Gadget")});
  group.group.preferred_version = group.group.versions[1];  // v1, listed second
  auto mapper = NewDiscoveryRESTMapper({group});
  auto kind = mapper->KindFor({"", "", "gadgets"});
  ASSERT_TRUE(kind) << kind.error().message();
  EXPECT_EQ(kind->version, "v1");
  auto kinds = mapper->KindsFor({"", "", "gadgets"});
  ASSERT_TRUE(kinds);
  EXPECT_EQ(kinds->front().version, "v1beta1");  // discovery order
  auto mapping = mapper->RESTMapping({"example.com", "Gadget"});
  ASSERT_TRUE(mapping);
  EXPECT_EQ(mapping->resource.version, "v1");
}

}  // namespace
}  // namespace kubefake::client
