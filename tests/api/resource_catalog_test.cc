// Tests for ResourceCatalog: the generated Kubernetes 1.33 built-in table spot-checked against
// the discovery data (R9.1, R9.2, R10.1), and run-time entries (CRDs) added and removed.
#include "kubefake/api/resource_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace kubefake::api {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using ::testing::IsNull;
using ::testing::NotNull;

using Strings = std::vector<std::string>;

// "v1/pods", "apps/v1/deployments": one string per entry, for readable expectations.
Strings Names(const std::vector<ResourceCatalog::Entry>& entries) {
  Strings names;
  for (const auto& entry : entries) {
    names.push_back(entry->GetGroupVersion().String() + "/" + entry->name);
  }
  return names;
}

Strings GroupVersionStrings(const std::vector<GroupVersion>& gvs) {
  Strings out;
  for (const GroupVersion& gv : gvs) out.push_back(gv.String());
  return out;
}

class BuiltInCatalogTest : public ::testing::Test {
 protected:
  ResourceCatalog catalog_ = ResourceCatalog::BuiltIn();
};

TEST_F(BuiltInCatalogTest, HoldsThe88TopLevelResourcesOfKubernetes133) {
  EXPECT_EQ(catalog_.size(), 88u);
  EXPECT_EQ(catalog_.All().size(), 88u);
}

// R9.2: /apis lists groups in priority order and versions in preference order; core comes
// from /api and is first (kubectl's RESTMapper puts it first).
TEST_F(BuiltInCatalogTest, ListsEveryGroupVersionInDiscoveryOrder) {
  EXPECT_THAT(
      GroupVersionStrings(catalog_.GroupVersions()),
      ElementsAre("v1", "apiregistration.k8s.io/v1", "apps/v1", "events.k8s.io/v1",
                  "authentication.k8s.io/v1", "authorization.k8s.io/v1", "autoscaling/v2",
                  "autoscaling/v1", "batch/v1", "certificates.k8s.io/v1",
                  "certificates.k8s.io/v1beta1", "certificates.k8s.io/v1alpha1",
                  "networking.k8s.io/v1", "networking.k8s.io/v1beta1", "policy/v1",
                  "rbac.authorization.k8s.io/v1", "storage.k8s.io/v1", "storage.k8s.io/v1beta1",
                  "storage.k8s.io/v1alpha1", "admissionregistration.k8s.io/v1",
                  "admissionregistration.k8s.io/v1beta1", "admissionregistration.k8s.io/v1alpha1",
                  "apiextensions.k8s.io/v1", "scheduling.k8s.io/v1", "coordination.k8s.io/v1",
                  "coordination.k8s.io/v1beta1", "coordination.k8s.io/v1alpha2", "node.k8s.io/v1",
                  "discovery.k8s.io/v1", "resource.k8s.io/v1beta2", "resource.k8s.io/v1beta1",
                  "resource.k8s.io/v1alpha3", "flowcontrol.apiserver.k8s.io/v1",
                  "internal.apiserver.k8s.io/v1alpha1", "storagemigration.k8s.io/v1alpha1"));
  Strings groups = catalog_.Groups();
  ASSERT_EQ(groups.size(), 23u);
  EXPECT_EQ(groups.front(), "");
  EXPECT_EQ(groups[1], "apiregistration.k8s.io");
  EXPECT_EQ(groups.back(), "storagemigration.k8s.io");
}

struct PreferredVersionCase {
  std::string test_name;
  std::string group;
  std::optional<std::string> preferred;
  Strings versions;
};
void PrintTo(const PreferredVersionCase& c, std::ostream* os) { *os << c.test_name; }

class PreferredVersionTest : public BuiltInCatalogTest,
                             public ::testing::WithParamInterface<PreferredVersionCase> {};

// R9.1: preferredVersion is the first version discovery lists.
TEST_P(PreferredVersionTest, IsTheFirstVersionDiscoveryLists) {
  const PreferredVersionCase& c = GetParam();
  EXPECT_EQ(catalog_.PreferredVersion(c.group), c.preferred);
  EXPECT_EQ(catalog_.Versions(c.group), c.versions);
}

INSTANTIATE_TEST_SUITE_P(
    Groups, PreferredVersionTest,
    ::testing::Values(
        PreferredVersionCase{"Core", "", "v1", {"v1"}},
        PreferredVersionCase{"Autoscaling", "autoscaling", "v2", {"v2", "v1"}},
        PreferredVersionCase{"Batch", "batch", "v1", {"v1"}},
        PreferredVersionCase{
            "Certificates", "certificates.k8s.io", "v1", {"v1", "v1beta1", "v1alpha1"}},
        PreferredVersionCase{
            "Coordination", "coordination.k8s.io", "v1", {"v1", "v1beta1", "v1alpha2"}},
        PreferredVersionCase{"ResourceHasNoGaVersion",
                             "resource.k8s.io",
                             "v1beta2",
                             {"v1beta2", "v1beta1", "v1alpha3"}},
        PreferredVersionCase{"AlphaOnly", "storagemigration.k8s.io", "v1alpha1", {"v1alpha1"}},
        PreferredVersionCase{"UnknownGroup", "example.com", std::nullopt, {}},
        PreferredVersionCase{"ExtensionsIsNotServed", "extensions", std::nullopt, {}}),
    [](const auto& info) { return info.param.test_name; });

struct ResourceCase {
  std::string test_name;
  GroupVersionResource gvr;
  std::string singular_name;
  std::string kind;
  std::string list_kind;
  bool namespaced;
  Strings verbs;
  Strings short_names;
  Strings categories;
  Strings subresources;
};
void PrintTo(const ResourceCase& c, std::ostream* os) { *os << c.test_name; }

const Strings kAllVerbs = {"create", "delete", "deletecollection", "get",
                           "list",   "patch",  "update",           "watch"};

class BuiltInResourceTest : public BuiltInCatalogTest,
                            public ::testing::WithParamInterface<ResourceCase> {};

// R9.1/R9.2: name, singularName, kind, scope, verbs, shortNames, categories, subresources as the
// 1.33 discovery documents list them; list kinds from the list operations of swagger.json.
TEST_P(BuiltInResourceTest, MatchesDiscovery) {
  const ResourceCase& c = GetParam();
  ResourceCatalog::Entry info = catalog_.Find(c.gvr);
  ASSERT_THAT(info, NotNull()) << c.gvr.String();
  EXPECT_EQ(info->GetGroupVersionResource(), c.gvr);
  EXPECT_EQ(info->singular_name, c.singular_name);
  EXPECT_EQ(info->kind, c.kind);
  EXPECT_EQ(info->list_kind, c.list_kind);
  EXPECT_EQ(info->namespaced, c.namespaced);
  EXPECT_EQ(info->verbs, c.verbs);
  EXPECT_EQ(info->short_names, c.short_names);
  EXPECT_EQ(info->categories, c.categories);
  Strings subresources;
  for (const SubresourceInfo& sub : info->subresources) subresources.push_back(sub.name);
  EXPECT_EQ(subresources, c.subresources);
}

INSTANTIATE_TEST_SUITE_P(
    Resources, BuiltInResourceTest,
    ::testing::Values(ResourceCase{"Pods",
                                   {"", "v1", "pods"},
                                   "pod",
                                   "Pod",
                                   "PodList",
                                   true,
                                   kAllVerbs,
                                   {"po"},
                                   {"all"},
                                   {"attach", "binding", "ephemeralcontainers", "eviction", "exec",
                                    "log", "portforward", "proxy", "resize", "status"}},
                      ResourceCase{"Nodes",
                                   {"", "v1", "nodes"},
                                   "node",
                                   "Node",
                                   "NodeList",
                                   false,
                                   kAllVerbs,
                                   {"no"},
                                   {},
                                   {"proxy", "status"}},
                      ResourceCase{"Services",
                                   {"", "v1", "services"},
                                   "service",
                                   "Service",
                                   "ServiceList",
                                   true,
                                   kAllVerbs,
                                   {"svc"},
                                   {"all"},
                                   {"proxy", "status"}},
                      ResourceCase{"NamespacesHaveNoDeleteCollection",
                                   {"", "v1", "namespaces"},
                                   "namespace",
                                   "Namespace",
                                   "NamespaceList",
                                   false,
                                   {"create", "delete", "get", "list", "patch", "update", "watch"},
                                   {"ns"},
                                   {},
                                   {"finalize", "status"}},
                      ResourceCase{"BindingsAreCreateOnlyWithoutListKind",
                                   {"", "v1", "bindings"},
                                   "binding",
                                   "Binding",
                                   "",
                                   true,
                                   {"create"},
                                   {},
                                   {},
                                   {}},
                      ResourceCase{"ComponentStatusesAreReadOnly",
                                   {"", "v1", "componentstatuses"},
                                   "componentstatus",
                                   "ComponentStatus",
                                   "ComponentStatusList",
                                   false,
                                   {"get", "list"},
                                   {"cs"},
                                   {},
                                   {}},
                      ResourceCase{"Deployments",
                                   {"apps", "v1", "deployments"},
                                   "deployment",
                                   "Deployment",
                                   "DeploymentList",
                                   true,
                                   kAllVerbs,
                                   {"deploy"},
                                   {"all"},
                                   {"scale", "status"}},
                      ResourceCase{"CustomResourceDefinitions",
                                   {"apiextensions.k8s.io", "v1", "customresourcedefinitions"},
                                   "customresourcedefinition",
                                   "CustomResourceDefinition",
                                   "CustomResourceDefinitionList",
                                   false,
                                   kAllVerbs,
                                   {"crd", "crds"},
                                   {"api-extensions"},
                                   {"status"}},
                      ResourceCase{"HorizontalPodAutoscalersV2",
                                   {"autoscaling", "v2", "horizontalpodautoscalers"},
                                   "horizontalpodautoscaler",
                                   "HorizontalPodAutoscaler",
                                   "HorizontalPodAutoscalerList",
                                   true,
                                   kAllVerbs,
                                   {"hpa"},
                                   {"all"},
                                   {"status"}},
                      ResourceCase{"SelfSubjectAccessReviews",
                                   {"authorization.k8s.io", "v1", "selfsubjectaccessreviews"},
                                   "selfsubjectaccessreview",
                                   "SelfSubjectAccessReview",
                                   "",
                                   false,
                                   {"create"},
                                   {},
                                   {},
                                   {}},
                      ResourceCase{"CertificateCsrApproval",
                                   {"certificates.k8s.io", "v1", "certificatesigningrequests"},
                                   "certificatesigningrequest",
                                   "CertificateSigningRequest",
                                   "CertificateSigningRequestList",
                                   false,
                                   kAllVerbs,
                                   {"csr"},
                                   {},
                                   {"approval", "status"}},
                      ResourceCase{
                          "AlphaMutatingAdmissionPolicies",
                          {"admissionregistration.k8s.io", "v1alpha1", "mutatingadmissionpolicies"},
                          "mutatingadmissionpolicy",
                          "MutatingAdmissionPolicy",
                          "MutatingAdmissionPolicyList",
                          false,
                          kAllVerbs,
                          {},
                          {"api-extensions"},
                          {}}),
    [](const auto& info) { return info.param.test_name; });

struct SubresourceCase {
  std::string test_name;
  GroupVersionResource gvr;
  std::string subresource;
  GroupVersionKind kind;
  Strings verbs;
};
void PrintTo(const SubresourceCase& c, std::ostream* os) { *os << c.test_name; }

class BuiltInSubresourceTest : public BuiltInCatalogTest,
                               public ::testing::WithParamInterface<SubresourceCase> {};

// R9.1/R9.2: a subresource's responseKind is fully qualified (an empty group/version in
// aggregated discovery means the enclosing one); pods/resize is 1.33's and comes from the paths.
TEST_P(BuiltInSubresourceTest, HasDiscoveryKindAndVerbs) {
  const SubresourceCase& c = GetParam();
  std::optional<SubresourceInfo> sub = catalog_.FindSubresource(c.gvr, c.subresource);
  ASSERT_TRUE(sub.has_value()) << c.gvr.String() << " " << c.subresource;
  EXPECT_EQ(sub->name, c.subresource);
  EXPECT_EQ(sub->kind, c.kind);
  EXPECT_EQ(sub->verbs, c.verbs);
}

const GroupVersionResource kPodsGvr{"", "v1", "pods"};
const GroupVersionResource kDeploymentsGvr{"apps", "v1", "deployments"};
const GroupVersionKind kPodKind{"", "v1", "Pod"};
const Strings kGetPatchUpdate = {"get", "patch", "update"};

INSTANTIATE_TEST_SUITE_P(
    Subresources, BuiltInSubresourceTest,
    ::testing::Values(
        SubresourceCase{"PodsStatus", kPodsGvr, "status", kPodKind, kGetPatchUpdate},
        SubresourceCase{"PodsBinding", kPodsGvr, "binding", {"", "v1", "Binding"}, {"create"}},
        SubresourceCase{
            "PodsEviction", kPodsGvr, "eviction", {"policy", "v1", "Eviction"}, {"create"}},
        SubresourceCase{"PodsEphemeralContainers", kPodsGvr, "ephemeralcontainers", kPodKind,
                        kGetPatchUpdate},
        SubresourceCase{"PodsLog", kPodsGvr, "log", kPodKind, {"get"}},
        SubresourceCase{"PodsResize", kPodsGvr, "resize", kPodKind, kGetPatchUpdate},
        SubresourceCase{
            "PodsAttach", kPodsGvr, "attach", {"", "v1", "PodAttachOptions"}, {"create", "get"}},
        SubresourceCase{
            "PodsExec", kPodsGvr, "exec", {"", "v1", "PodExecOptions"}, {"create", "get"}},
        SubresourceCase{"PodsPortForward",
                        kPodsGvr,
                        "portforward",
                        {"", "v1", "PodPortForwardOptions"},
                        {"create", "get"}},
        SubresourceCase{"PodsProxy",
                        kPodsGvr,
                        "proxy",
                        {"", "v1", "PodProxyOptions"},
                        {"create", "delete", "get", "patch", "update"}},
        SubresourceCase{"DeploymentsScale",
                        kDeploymentsGvr,
                        "scale",
                        {"autoscaling", "v1", "Scale"},
                        kGetPatchUpdate},
        SubresourceCase{"DeploymentsStatus",
                        kDeploymentsGvr,
                        "status",
                        {"apps", "v1", "Deployment"},
                        kGetPatchUpdate},
        SubresourceCase{"ReplicationControllersScale",
                        {"", "v1", "replicationcontrollers"},
                        "scale",
                        {"autoscaling", "v1", "Scale"},
                        kGetPatchUpdate},
        SubresourceCase{"NamespacesFinalize",
                        {"", "v1", "namespaces"},
                        "finalize",
                        {"", "v1", "Namespace"},
                        {"update"}},
        SubresourceCase{"ServiceAccountsToken",
                        {"", "v1", "serviceaccounts"},
                        "token",
                        {"authentication.k8s.io", "v1", "TokenRequest"},
                        {"create"}},
        SubresourceCase{"CsrApproval",
                        {"certificates.k8s.io", "v1", "certificatesigningrequests"},
                        "approval",
                        {"certificates.k8s.io", "v1", "CertificateSigningRequest"},
                        kGetPatchUpdate}),
    [](const auto& info) { return info.param.test_name; });

TEST_F(BuiltInCatalogTest, FindSubresourceAnswersNulloptForUnknownNames) {
  EXPECT_EQ(catalog_.FindSubresource(kPodsGvr, "scale"), std::nullopt);
  EXPECT_EQ(catalog_.FindSubresource({"", "v1", "widgets"}, "status"), std::nullopt);
  EXPECT_EQ(catalog_.FindSubresource({"apps", "v1beta1", "deployments"}, "scale"), std::nullopt);
}

// R9.1: storageVersionHash as core discovery reports it; none is invented where the data
// has none (named groups, and core resources that are not stored).
TEST_F(BuiltInCatalogTest, CarriesStorageVersionHashesWhereDiscoveryHasThem) {
  EXPECT_EQ(catalog_.Find(kPodsGvr)->storage_version_hash, "xPOwRZ+Yhw8=");
  EXPECT_EQ(catalog_.Find({"", "v1", "configmaps"})->storage_version_hash, "qFsyl6wFWjQ=");
  EXPECT_EQ(catalog_.Find({"", "v1", "bindings"})->storage_version_hash, "");
  EXPECT_EQ(catalog_.Find(kDeploymentsGvr)->storage_version_hash, "");
}

// R9.1: built-in verbs are sorted alphabetically; every kind is served once per group-version.
TEST_F(BuiltInCatalogTest, EveryEntryIsConsistent) {
  for (const ResourceCatalog::Entry& info : catalog_.All()) {
    SCOPED_TRACE(info->GetGroupVersionResource().String());
    EXPECT_TRUE(std::is_sorted(info->verbs.begin(), info->verbs.end()));
    EXPECT_EQ(catalog_.Find(info->GetGroupVersionResource()), info);
    EXPECT_EQ(catalog_.FindByKind(info->GetGroupVersionKind()), info);
    EXPECT_FALSE(info->singular_name.empty());
    EXPECT_EQ(info->list_kind.empty(), !info->HasVerb("list"));
    if (!info->list_kind.empty()) {
      EXPECT_EQ(info->list_kind, info->kind + "List");
    }
    for (const SubresourceInfo& sub : info->subresources) {
      EXPECT_FALSE(sub.kind.version.empty()) << sub.name;
      EXPECT_TRUE(std::is_sorted(sub.verbs.begin(), sub.verbs.end())) << sub.name;
    }
  }
}

TEST_F(BuiltInCatalogTest, ListsTheResourcesOfAGroupVersionInDiscoveryOrder) {
  EXPECT_THAT(Names(catalog_.Resources({"apps", "v1"})),
              ElementsAre("apps/v1/controllerrevisions", "apps/v1/daemonsets",
                          "apps/v1/deployments", "apps/v1/replicasets", "apps/v1/statefulsets"));
  EXPECT_THAT(catalog_.Resources({"apps", "v1beta1"}), IsEmpty());
  EXPECT_EQ(catalog_.Resources({"", "v1"}).size(), 17u);
}

struct KindCase {
  std::string test_name;
  GroupVersionKind gvk;
  std::optional<GroupVersionResource> gvr;
};
void PrintTo(const KindCase& c, std::ostream* os) { *os << c.test_name; }

class FindByKindTest : public BuiltInCatalogTest, public ::testing::WithParamInterface<KindCase> {};

TEST_P(FindByKindTest, MapsAKindToItsResource) {
  const KindCase& c = GetParam();
  ResourceCatalog::Entry info = catalog_.FindByKind(c.gvk);
  if (!c.gvr) {
    EXPECT_THAT(info, IsNull());
    return;
  }
  ASSERT_THAT(info, NotNull());
  EXPECT_EQ(info->GetGroupVersionResource(), *c.gvr);
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, FindByKindTest,
    ::testing::Values(
        KindCase{"Deployment", {"apps", "v1", "Deployment"}, kDeploymentsGvr},
        KindCase{"Pod", {"", "v1", "Pod"}, kPodsGvr},
        KindCase{"CoreEvent", {"", "v1", "Event"}, GroupVersionResource{"", "v1", "events"}},
        KindCase{"EventsEvent",
                 {"events.k8s.io", "v1", "Event"},
                 GroupVersionResource{"events.k8s.io", "v1", "events"}},
        KindCase{"Endpoints", {"", "v1", "Endpoints"}, GroupVersionResource{"", "v1", "endpoints"}},
        KindCase{"ScaleIsOnlyASubresourceKind", {"autoscaling", "v1", "Scale"}, std::nullopt},
        KindCase{"KindsAreCaseSensitive", {"apps", "v1", "deployment"}, std::nullopt},
        KindCase{"WrongVersion", {"apps", "v1beta1", "Deployment"}, std::nullopt},
        KindCase{"ListKindIsNotAResourceKind", {"", "v1", "PodList"}, std::nullopt}),
    [](const auto& info) { return info.param.test_name; });

TEST_F(BuiltInCatalogTest, FindsEveryVersionOfAGroupKindPreferredFirst) {
  EXPECT_THAT(Names(catalog_.FindGroupKind({"autoscaling", "HorizontalPodAutoscaler"})),
              ElementsAre("autoscaling/v2/horizontalpodautoscalers",
                          "autoscaling/v1/horizontalpodautoscalers"));
  EXPECT_THAT(catalog_.FindGroupKind({"extensions", "Deployment"}), IsEmpty());
}

struct NameLookupCase {
  std::string test_name;
  std::string name;
  Strings found;
};
void PrintTo(const NameLookupCase& c, std::ostream* os) { *os << c.test_name; }

class FindByShortNameTest : public BuiltInCatalogTest,
                            public ::testing::WithParamInterface<NameLookupCase> {};

// Lookups are exact: kubectl lower-cases what the user typed before it asks (not the catalog's
// job), so "PO" finds nothing here.
TEST_P(FindByShortNameTest, FindsEveryResourceWithTheShortNameInCatalogOrder) {
  EXPECT_THAT(Names(catalog_.FindByShortName(GetParam().name)), ElementsAreArray(GetParam().found));
}

INSTANTIATE_TEST_SUITE_P(
    ShortNames, FindByShortNameTest,
    ::testing::Values(
        NameLookupCase{"Po", "po", {"v1/pods"}}, NameLookupCase{"Svc", "svc", {"v1/services"}},
        NameLookupCase{"Deploy", "deploy", {"apps/v1/deployments"}},
        NameLookupCase{"Crd", "crd", {"apiextensions.k8s.io/v1/customresourcedefinitions"}},
        NameLookupCase{"Crds", "crds", {"apiextensions.k8s.io/v1/customresourcedefinitions"}},
        NameLookupCase{
            "HpaInEveryVersionPreferredFirst",
            "hpa",
            {"autoscaling/v2/horizontalpodautoscalers", "autoscaling/v1/horizontalpodautoscalers"}},
        NameLookupCase{
            "EvInBothEventGroupsCoreFirst", "ev", {"v1/events", "events.k8s.io/v1/events"}},
        NameLookupCase{"UpperCaseFindsNothing", "PO", {}},
        NameLookupCase{"PluralIsNotAShortName", "pods", {}}),
    [](const auto& info) { return info.param.test_name; });

class FindByResourceTest : public BuiltInCatalogTest,
                           public ::testing::WithParamInterface<NameLookupCase> {};

TEST_P(FindByResourceTest, MatchesPluralOrSingularAcrossGroups) {
  EXPECT_THAT(Names(catalog_.FindByResource(GetParam().name)), ElementsAreArray(GetParam().found));
}

INSTANTIATE_TEST_SUITE_P(
    Resources, FindByResourceTest,
    ::testing::Values(NameLookupCase{"EventsInCoreAndEventsGroup",
                                     "events",
                                     {"v1/events", "events.k8s.io/v1/events"}},
                      NameLookupCase{"Singular", "deployment", {"apps/v1/deployments"}},
                      NameLookupCase{"EveryVersion",
                                     "volumeattributesclasses",
                                     {"storage.k8s.io/v1beta1/volumeattributesclasses",
                                      "storage.k8s.io/v1alpha1/volumeattributesclasses"}},
                      NameLookupCase{"KindIsNotAResourceName", "Deployment", {}},
                      NameLookupCase{"Unknown", "widgets", {}}),
    [](const auto& info) { return info.param.test_name; });

TEST_F(BuiltInCatalogTest, FindsEveryVersionOfAGroupResourcePreferredFirst) {
  EXPECT_THAT(Names(catalog_.FindGroupResource({"resource.k8s.io", "resourceclaims"})),
              ElementsAre("resource.k8s.io/v1beta2/resourceclaims",
                          "resource.k8s.io/v1beta1/resourceclaims",
                          "resource.k8s.io/v1alpha3/resourceclaims"));
  EXPECT_THAT(Names(catalog_.FindGroupResource(GroupResource::Parse("deployments.apps"))),
              ElementsAre("apps/v1/deployments"));
  EXPECT_THAT(catalog_.FindGroupResource({"", "deployments"}), IsEmpty());
}

// The "all" category is what `kubectl get all` expands.
TEST_F(BuiltInCatalogTest, FindsTheResourcesOfACategory) {
  EXPECT_THAT(
      Names(catalog_.FindByCategory("all")),
      ElementsAre("v1/pods", "v1/replicationcontrollers", "v1/services", "apps/v1/daemonsets",
                  "apps/v1/deployments", "apps/v1/replicasets", "apps/v1/statefulsets",
                  "autoscaling/v2/horizontalpodautoscalers",
                  "autoscaling/v1/horizontalpodautoscalers", "batch/v1/cronjobs", "batch/v1/jobs"));
  EXPECT_THAT(catalog_.FindByCategory("All"), IsEmpty());
}

// --- run-time entries (CRDs, R10.1-R10.2) -----------------------------------------------------

ResourceInfo Widget(std::string version) {
  return ResourceInfo{
      .group = "example.com",
      .version = std::move(version),
      .name = "widgets",
      .singular_name = "widget",
      .kind = "Widget",
      .list_kind = "WidgetList",
      .namespaced = true,
      .verbs = {"delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"},
      .short_names = {"wd"},
      .categories = {"all"},
      .subresources = {{.name = "status",
                        .kind = {"example.com", "v1", "Widget"},
                        .verbs = {"get", "patch", "update"}}},
      .storage_version_hash = "",
  };
}

TEST_F(BuiltInCatalogTest, AddedResourceShowsInEveryLookup) {
  ASSERT_TRUE(catalog_.Add(Widget("v1")).has_value());
  const GroupVersionResource gvr{"example.com", "v1", "widgets"};

  EXPECT_EQ(catalog_.size(), 89u);
  ASSERT_THAT(catalog_.Find(gvr), NotNull());
  EXPECT_EQ(*catalog_.Find(gvr), Widget("v1"));
  EXPECT_EQ(catalog_.FindByKind({"example.com", "v1", "Widget"}), catalog_.Find(gvr));
  EXPECT_THAT(Names(catalog_.FindByShortName("wd")), ElementsAre("example.com/v1/widgets"));
  EXPECT_THAT(Names(catalog_.FindByResource("widget")), ElementsAre("example.com/v1/widgets"));
  EXPECT_EQ(Names(catalog_.FindByCategory("all")).back(), "example.com/v1/widgets");
  EXPECT_EQ(catalog_.FindSubresource(gvr, "status")->verbs, kGetPatchUpdate);
  EXPECT_EQ(catalog_.PreferredVersion("example.com"), "v1");
  EXPECT_EQ(catalog_.Groups().back(), "example.com");
  EXPECT_EQ(GroupVersionStrings(catalog_.GroupVersions()).back(), "example.com/v1");
}

TEST_F(BuiltInCatalogTest, RemovedResourceLeavesEveryLookup) {
  ASSERT_TRUE(catalog_.Add(Widget("v1")).has_value());
  const GroupVersionResource gvr{"example.com", "v1", "widgets"};
  ResourceCatalog::Entry held = catalog_.Find(gvr);

  ASSERT_TRUE(catalog_.Remove(gvr).has_value());

  EXPECT_EQ(catalog_.size(), 88u);
  EXPECT_THAT(catalog_.Find(gvr), IsNull());
  EXPECT_THAT(catalog_.FindByKind({"example.com", "v1", "Widget"}), IsNull());
  EXPECT_THAT(catalog_.FindByShortName("wd"), IsEmpty());
  EXPECT_EQ(catalog_.PreferredVersion("example.com"), std::nullopt);
  EXPECT_EQ(catalog_.Groups().back(), "storagemigration.k8s.io");
  // An entry handed out before the removal stays valid.
  ASSERT_THAT(held, NotNull());
  EXPECT_EQ(held->kind, "Widget");
}

TEST_F(BuiltInCatalogTest, AddingAnExistingResourceIsAlreadyExists) {
  ASSERT_TRUE(catalog_.Add(Widget("v1")).has_value());

  Result<void> again = catalog_.Add(Widget("v1"));
  ASSERT_FALSE(again.has_value());
  EXPECT_TRUE(IsAlreadyExists(again.error()));
  EXPECT_EQ(again.error().code(), 409);
  EXPECT_EQ(again.error().message(),
            "resource example.com/v1, Resource=widgets is already in the catalog");

  ResourceInfo deployments = *catalog_.Find(kDeploymentsGvr);
  deployments.kind = "OtherDeployment";
  Result<void> built_in = catalog_.Add(deployments);
  ASSERT_FALSE(built_in.has_value());
  EXPECT_TRUE(IsAlreadyExists(built_in.error()));
  EXPECT_EQ(catalog_.Find(kDeploymentsGvr)->kind, "Deployment");
  EXPECT_EQ(catalog_.size(), 89u);
}

// R10.2: a kind already served in the group-version is a names conflict.
TEST_F(BuiltInCatalogTest, AddingASecondResourceForAKindIsAlreadyExists) {
  ResourceInfo gadgets = Widget("v1");
  ASSERT_TRUE(catalog_.Add(gadgets).has_value());
  gadgets.name = "gadgets";

  Result<void> result = catalog_.Add(gadgets);

  ASSERT_FALSE(result.has_value());
  EXPECT_TRUE(IsAlreadyExists(result.error()));
  EXPECT_EQ(result.error().message(),
            "kind example.com/v1, Kind=Widget is already served by resource widgets");
  EXPECT_THAT(catalog_.Find({"example.com", "v1", "gadgets"}), IsNull());
}

TEST_F(BuiltInCatalogTest, RemovingAnUnknownResourceIsNotFound) {
  Result<void> result = catalog_.Remove({"example.com", "v1", "widgets"});
  ASSERT_FALSE(result.has_value());
  EXPECT_TRUE(IsNotFound(result.error()));
  EXPECT_EQ(result.error().message(),
            "resource example.com/v1, Resource=widgets is not in the catalog");
}

// Which built-ins are served is the server's decision: it removes the rest.
TEST_F(BuiltInCatalogTest, RemovingBuiltInsDropsEmptyVersionsAndGroups) {
  ASSERT_TRUE(catalog_.Remove({"storagemigration.k8s.io", "v1alpha1", "storageversionmigrations"})
                  .has_value());
  ASSERT_TRUE(catalog_.Remove({"autoscaling", "v2", "horizontalpodautoscalers"}).has_value());

  EXPECT_EQ(catalog_.size(), 86u);
  EXPECT_EQ(catalog_.PreferredVersion("storagemigration.k8s.io"), std::nullopt);
  EXPECT_EQ(catalog_.Versions("autoscaling"), Strings{"v1"});
  EXPECT_EQ(catalog_.PreferredVersion("autoscaling"), "v1");
  EXPECT_EQ(catalog_.Groups().back(), "internal.apiserver.k8s.io");
  EXPECT_EQ(ResourceCatalog::BuiltIn().size(), 88u);
}

TEST_F(BuiltInCatalogTest, CopiesAreIndependent) {
  ResourceCatalog copy = catalog_;
  ASSERT_TRUE(copy.Add(Widget("v1")).has_value());
  ASSERT_TRUE(copy.Remove(kPodsGvr).has_value());

  EXPECT_THAT(catalog_.Find({"example.com", "v1", "widgets"}), IsNull());
  EXPECT_THAT(catalog_.Find(kPodsGvr), NotNull());
  EXPECT_THAT(copy.Find(kPodsGvr), IsNull());
  EXPECT_EQ(catalog_.size(), 88u);
  EXPECT_EQ(copy.size(), 88u);
}

struct InvalidCase {
  std::string test_name;
  ResourceInfo info;
};
void PrintTo(const InvalidCase& c, std::ostream* os) { *os << c.test_name; }

class InvalidResourceTest : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidResourceTest, IsBadRequest) {
  ResourceCatalog catalog;
  Result<void> result = catalog.Add(GetParam().info);
  ASSERT_FALSE(result.has_value());
  EXPECT_TRUE(IsBadRequest(result.error())) << result.error().message();
  EXPECT_TRUE(catalog.empty());
}

ResourceInfo WidgetWith(void (*change)(ResourceInfo&)) {
  ResourceInfo info = Widget("v1");
  change(info);
  return info;
}

INSTANTIATE_TEST_SUITE_P(
    Invalid, InvalidResourceTest,
    ::testing::Values(
        InvalidCase{"EmptyVersion", WidgetWith([](ResourceInfo& i) { i.version.clear(); })},
        InvalidCase{"EmptyName", WidgetWith([](ResourceInfo& i) { i.name.clear(); })},
        InvalidCase{"EmptyKind", WidgetWith([](ResourceInfo& i) { i.kind.clear(); })},
        InvalidCase{"SlashInName", WidgetWith([](ResourceInfo& i) { i.name = "widgets/status"; })},
        InvalidCase{"UnnamedSubresource",
                    WidgetWith([](ResourceInfo& i) { i.subresources[0].name.clear(); })}),
    [](const auto& info) { return info.param.test_name; });

struct VersionOrderCase {
  std::string test_name;
  Strings added;
  Strings expected;
};
void PrintTo(const VersionOrderCase& c, std::ostream* os) { *os << c.test_name; }

class VersionOrderTest : public ::testing::TestWithParam<VersionOrderCase> {};

// R9.1: versions of a group in kube-aware order (GA > beta > alpha, higher numbers first, then
// non-kube versions by name); the first is preferred. CRD versions follow the same order.
TEST_P(VersionOrderTest, AddedVersionsTakeTheirKubeAwarePlace) {
  ResourceCatalog catalog;
  for (const std::string& version : GetParam().added) {
    ASSERT_TRUE(catalog.Add(Widget(version)).has_value()) << version;
  }
  EXPECT_EQ(catalog.Versions("example.com"), GetParam().expected);
  EXPECT_EQ(catalog.PreferredVersion("example.com"), GetParam().expected.front());
}

INSTANTIATE_TEST_SUITE_P(
    Versions, VersionOrderTest,
    ::testing::Values(
        VersionOrderCase{"GaBeforeBetaBeforeAlpha",
                         {"v1alpha1", "v1beta1", "v1"},
                         {"v1", "v1beta1", "v1alpha1"}},
        VersionOrderCase{"HigherMajorFirst", {"v1", "v2", "v10"}, {"v10", "v2", "v1"}},
        VersionOrderCase{"StabilityBeforeMajor", {"v2alpha1", "v1beta1"}, {"v1beta1", "v2alpha1"}},
        VersionOrderCase{"HigherMinorFirst",
                         {"v1beta1", "v1beta3", "v1beta2"},
                         {"v1beta3", "v1beta2", "v1beta1"}},
        VersionOrderCase{"NonKubeVersionsLastByName",
                         {"foo", "v1", "bar", "v1alpha1", "v1gamma1"},
                         {"v1", "v1alpha1", "bar", "foo", "v1gamma1"}}),
    [](const auto& info) { return info.param.test_name; });

TEST(ResourceCatalogTest, AddedGroupsFollowTheBuiltInGroupsByName) {
  ResourceCatalog catalog = ResourceCatalog::BuiltIn();
  ResourceInfo zeta = Widget("v1");
  zeta.group = "zeta.example.com";
  ResourceInfo alpha = Widget("v1");
  alpha.group = "alpha.example.com";

  ASSERT_TRUE(catalog.Add(zeta).has_value());
  ASSERT_TRUE(catalog.Add(alpha).has_value());

  Strings groups = catalog.Groups();
  ASSERT_EQ(groups.size(), 25u);
  EXPECT_EQ(groups[22], "storagemigration.k8s.io");
  EXPECT_EQ(groups[23], "alpha.example.com");
  EXPECT_EQ(groups[24], "zeta.example.com");
}

TEST(ResourceCatalogTest, EmptyCatalogFindsNothing) {
  ResourceCatalog catalog;
  EXPECT_TRUE(catalog.empty());
  EXPECT_THAT(catalog.Find(kPodsGvr), IsNull());
  EXPECT_THAT(catalog.Groups(), IsEmpty());
  EXPECT_THAT(catalog.GroupVersions(), IsEmpty());
  EXPECT_EQ(catalog.PreferredVersion(""), std::nullopt);
}

// --- the whole table against the discovery documents ------------------------------------------

std::optional<nlohmann::json> ReadDiscovery(const std::string& file) {
  std::filesystem::path path = std::filesystem::path(KUBEFAKE_K8S_API_DIR) / "discovery" / file;
  std::ifstream in(path);
  if (!in) return std::nullopt;
  return nlohmann::json::parse(in);
}

std::string Str(const nlohmann::json& value) { return value.get<std::string>(); }

Strings StringsAt(const nlohmann::json& object, const char* key) {
  return object.contains(key) ? object[key].get<Strings>() : Strings{};
}

// R9.1: every entry of /api/v1 (legacy APIResourceList), field by field. The data predates
// pods/resize, which the catalog adds from the 1.33 paths.
TEST_F(BuiltInCatalogTest, MatchesCoreDiscoveryDocument) {
  std::optional<nlohmann::json> core = ReadDiscovery("api__v1.json");
  if (!core) GTEST_SKIP() << "no Kubernetes API data at " << KUBEFAKE_K8S_API_DIR;
  std::map<std::string, int> subresource_count;
  int resources = 0;
  for (const nlohmann::json& entry : (*core)["resources"]) {
    const std::string name = entry["name"];
    SCOPED_TRACE(name);
    const std::size_t slash = name.find('/');
    if (slash != std::string::npos) {
      const std::string parent = name.substr(0, slash);
      std::optional<SubresourceInfo> sub =
          catalog_.FindSubresource({"", "v1", parent}, name.substr(slash + 1));
      ASSERT_TRUE(sub.has_value());
      EXPECT_EQ(sub->kind, (GroupVersionKind{entry.value("group", ""), entry.value("version", "v1"),
                                             Str(entry["kind"])}));
      EXPECT_EQ(sub->verbs, StringsAt(entry, "verbs"));
      ++subresource_count[parent];
      continue;
    }
    ++resources;
    ResourceCatalog::Entry info = catalog_.Find({"", "v1", name});
    ASSERT_THAT(info, NotNull());
    EXPECT_EQ(info->singular_name, Str(entry["singularName"]));
    EXPECT_EQ(info->kind, Str(entry["kind"]));
    EXPECT_EQ(info->namespaced, entry["namespaced"].get<bool>());
    EXPECT_EQ(info->verbs, StringsAt(entry, "verbs"));
    EXPECT_EQ(info->short_names, StringsAt(entry, "shortNames"));
    EXPECT_EQ(info->categories, StringsAt(entry, "categories"));
    EXPECT_EQ(info->storage_version_hash, entry.value("storageVersionHash", ""));
  }
  EXPECT_EQ(static_cast<std::size_t>(resources), catalog_.Resources({"", "v1"}).size());
  for (const ResourceCatalog::Entry& info : catalog_.Resources({"", "v1"})) {
    const int extra = info->name == "pods" ? 1 : 0;  // pods/resize
    EXPECT_EQ(info->subresources.size(), subresource_count[info->name] + extra) << info->name;
  }
}

// R9.2: every group, version, resource and subresource of /apis (aggregated discovery), in order.
TEST_F(BuiltInCatalogTest, MatchesAggregatedDiscoveryDocument) {
  std::optional<nlohmann::json> aggregated = ReadDiscovery("aggregated_v2.json");
  if (!aggregated) GTEST_SKIP() << "no Kubernetes API data at " << KUBEFAKE_K8S_API_DIR;
  Strings expected_group_versions = {"v1"};
  for (const nlohmann::json& item : (*aggregated)["items"]) {
    const std::string group = item["metadata"]["name"];
    for (const nlohmann::json& version_entry : item["versions"]) {
      const std::string version = version_entry["version"];
      expected_group_versions.push_back(group + "/" + version);
      Strings expected_names;
      for (const nlohmann::json& entry : version_entry["resources"]) {
        const std::string name = entry["resource"];
        SCOPED_TRACE(group + "/" + version + " " + name);
        expected_names.push_back(group + "/" + version + "/" + name);
        ResourceCatalog::Entry info = catalog_.Find({group, version, name});
        ASSERT_THAT(info, NotNull());
        EXPECT_EQ(info->singular_name, Str(entry["singularResource"]));
        EXPECT_EQ(info->kind, Str(entry["responseKind"]["kind"]));
        EXPECT_EQ(info->namespaced, entry["scope"] == "Namespaced");
        EXPECT_EQ(info->verbs, StringsAt(entry, "verbs"));
        EXPECT_EQ(info->short_names, StringsAt(entry, "shortNames"));
        EXPECT_EQ(info->categories, StringsAt(entry, "categories"));
        const nlohmann::json subresources = entry.value("subresources", nlohmann::json::array());
        ASSERT_EQ(info->subresources.size(), subresources.size());
        for (const nlohmann::json& sub_entry : subresources) {
          const nlohmann::json& kind = sub_entry["responseKind"];
          const bool same_group_version =
              kind.value("group", "").empty() && kind.value("version", "").empty();
          const GroupVersionKind expected_kind =
              same_group_version
                  ? GroupVersionKind{group, version, Str(kind["kind"])}
                  : GroupVersionKind{Str(kind["group"]), Str(kind["version"]), Str(kind["kind"])};
          const SubresourceInfo* sub = info->FindSubresource(Str(sub_entry["subresource"]));
          ASSERT_THAT(sub, NotNull()) << sub_entry["subresource"];
          EXPECT_EQ(sub->kind, expected_kind);
          EXPECT_EQ(sub->verbs, StringsAt(sub_entry, "verbs"));
        }
      }
      EXPECT_EQ(Names(catalog_.Resources({group, version})), expected_names);
    }
  }
  EXPECT_EQ(GroupVersionStrings(catalog_.GroupVersions()), expected_group_versions);
}

}  // namespace
}  // namespace kubefake::api
