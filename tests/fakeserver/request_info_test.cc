// Tests for ParseRequestInfo and the path-name checks: the R1.2 route table, R1.1 prefixes,
// R1.3 namespace subresources, R1.4 verb resolution and R1.5 names.
#include "request_info.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "kubefake/api/error.h"

namespace kubefake::fakeserver {
namespace {

// What a request parses to; the fields ParseRequestInfo fills, except path and parts.
struct Parsed {
  bool resource_request = true;
  std::string verb;
  std::string prefix;
  std::string group;
  std::string version;
  std::string namespace_;
  bool namespaced_path = false;
  std::string resource;
  std::string name;
  std::string subresource;
  bool via_prefix = false;
  int extra = 0;

  bool operator==(const Parsed&) const = default;
};

void PrintTo(const Parsed& p, std::ostream* os) {
  *os << "{resource_request=" << p.resource_request << " verb=" << p.verb << " prefix=" << p.prefix
      << " group=" << p.group << " version=" << p.version << " namespace=" << p.namespace_
      << " namespaced_path=" << p.namespaced_path << " resource=" << p.resource
      << " name=" << p.name << " subresource=" << p.subresource << " via_prefix=" << p.via_prefix
      << " extra=" << p.extra << "}";
}

Parsed Summarize(const RequestInfo& info) {
  return Parsed{info.is_resource_request,
                info.verb,
                info.api_prefix,
                info.api_group,
                info.api_version,
                info.namespace_,
                info.namespaced_path,
                info.resource,
                info.name,
                info.subresource,
                info.watch_via_path_prefix,
                info.extra_segments};
}

Request MakeRequest(std::string method, std::string path,
                    std::vector<std::pair<std::string, std::string>> query = {}) {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  for (auto& [key, value] : query) request.query.emplace(std::move(key), std::move(value));
  return request;
}

struct RouteCase {
  std::string name;
  Request request;
  Parsed want;
};

// Shorthands for the expected values.
Parsed Core(std::string verb, std::string ns, std::string resource, std::string name = "",
            std::string subresource = "") {
  return Parsed{true,
                std::move(verb),
                "api",
                "",
                "v1",
                ns,
                !ns.empty(),
                std::move(resource),
                std::move(name),
                std::move(subresource)};
}
Parsed Named(std::string group, std::string verb, std::string ns, std::string resource,
             std::string name = "", std::string subresource = "") {
  return Parsed{true,        std::move(verb),     "apis",          std::move(group),      "v1", ns,
                !ns.empty(), std::move(resource), std::move(name), std::move(subresource)};
}
Parsed NonResource(std::string verb) {
  Parsed p;
  p.resource_request = false;
  p.verb = std::move(verb);
  return p;
}
Parsed With(Parsed p, void (*edit)(Parsed&)) {
  edit(p);
  return p;
}

class RouteTableTest : public ::testing::TestWithParam<RouteCase> {};

TEST_P(RouteTableTest, ParsesTheRequestAsTheApiserverDoes) {
  const RouteCase& c = GetParam();
  RequestInfo info = ParseRequestInfo(c.request);
  EXPECT_EQ(Summarize(info), c.want);
  EXPECT_EQ(info.path, c.request.path);
}

const std::vector<RouteCase> kRouteCases = {
    // R1.2: the namespaced collection.
    {"GetNamespacedCollectionIsList", MakeRequest("GET", "/api/v1/namespaces/default/pods"),
     Core("list", "default", "pods")},
    {"PostNamespacedCollectionIsCreate", MakeRequest("POST", "/api/v1/namespaces/default/pods"),
     Core("create", "default", "pods")},
    {"DeleteNamespacedCollectionIsDeletecollection",
     MakeRequest("DELETE", "/api/v1/namespaces/default/pods"),
     Core("deletecollection", "default", "pods")},
    // R1.2: one object.
    {"GetItemIsGet", MakeRequest("GET", "/api/v1/namespaces/default/pods/web"),
     Core("get", "default", "pods", "web")},
    {"HeadItemIsGet", MakeRequest("HEAD", "/api/v1/namespaces/default/pods/web"),
     Core("get", "default", "pods", "web")},
    {"PutItemIsUpdate", MakeRequest("PUT", "/api/v1/namespaces/default/pods/web"),
     Core("update", "default", "pods", "web")},
    {"PatchItemIsPatch", MakeRequest("PATCH", "/api/v1/namespaces/default/pods/web"),
     Core("patch", "default", "pods", "web")},
    {"DeleteItemIsDelete", MakeRequest("DELETE", "/api/v1/namespaces/default/pods/web"),
     Core("delete", "default", "pods", "web")},
    {"UnknownMethodHasNoVerb", MakeRequest("OPTIONS", "/api/v1/namespaces/default/pods/web"),
     Core("", "default", "pods", "web")},
    // R1.2: subresources.
    {"GetSubresource", MakeRequest("GET", "/api/v1/namespaces/default/pods/web/status"),
     Core("get", "default", "pods", "web", "status")},
    {"PutSubresource", MakeRequest("PUT", "/api/v1/namespaces/default/pods/web/status"),
     Core("update", "default", "pods", "web", "status")},
    {"PostSubresource", MakeRequest("POST", "/api/v1/namespaces/default/pods/web/eviction"),
     Core("create", "default", "pods", "web", "eviction")},
    {"NamedGroupSubresource",
     MakeRequest("PATCH", "/apis/apps/v1/namespaces/ns/deployments/web/scale"),
     Named("apps", "patch", "ns", "deployments", "web", "scale")},
    // R1.2: all namespaces and cluster scope.
    {"AllNamespacesGetIsList", MakeRequest("GET", "/api/v1/pods"), Core("list", "", "pods")},
    {"AllNamespacesPostIsCreate", MakeRequest("POST", "/api/v1/pods"), Core("create", "", "pods")},
    {"ClusterItem", MakeRequest("GET", "/api/v1/nodes/node-1"), Core("get", "", "nodes", "node-1")},
    {"ClusterCollectionInNamedGroup",
     MakeRequest("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles"),
     Named("rbac.authorization.k8s.io", "list", "", "clusterroles")},
    {"ClusterSubresource", MakeRequest("PUT", "/api/v1/nodes/node-1/status"),
     Core("update", "", "nodes", "node-1", "status")},
    {"TrailingSlashIsIgnored", MakeRequest("GET", "/api/v1/namespaces/default/pods/"),
     Core("list", "default", "pods")},
    // R1.4: watch through the query, on a collection GET only.
    {"WatchTrueIsWatch", MakeRequest("GET", "/api/v1/pods", {{"watch", "true"}}),
     Core("watch", "", "pods")},
    {"WatchOneIsWatch", MakeRequest("GET", "/api/v1/pods", {{"watch", "1"}}),
     Core("watch", "", "pods")},
    {"WatchEmptyIsWatch", MakeRequest("GET", "/api/v1/pods", {{"watch", ""}}),
     Core("watch", "", "pods")},
    {"WatchAnyOtherValueIsWatch", MakeRequest("GET", "/api/v1/pods", {{"watch", "yes"}}),
     Core("watch", "", "pods")},
    {"WatchFalseIsList", MakeRequest("GET", "/api/v1/pods", {{"watch", "false"}}),
     Core("list", "", "pods")},
    {"WatchFalseIgnoresCase", MakeRequest("GET", "/api/v1/pods", {{"watch", "FaLsE"}}),
     Core("list", "", "pods")},
    {"WatchZeroIsList", MakeRequest("GET", "/api/v1/pods", {{"watch", "0"}}),
     Core("list", "", "pods")},
    {"OnlyTheFirstWatchValueCounts",
     MakeRequest("GET", "/api/v1/pods", {{"watch", "0"}, {"watch", "true"}}),
     Core("list", "", "pods")},
    {"WatchOnANamespacedCollection",
     MakeRequest("GET", "/apis/apps/v1/namespaces/ns/deployments", {{"watch", "true"}}),
     Named("apps", "watch", "ns", "deployments")},
    {"WatchQueryOnAnItemIsAGet",
     MakeRequest("GET", "/api/v1/namespaces/default/pods/web", {{"watch", "true"}}),
     Core("get", "default", "pods", "web")},
    {"WatchQueryOnDeleteIsDeletecollection",
     MakeRequest("DELETE", "/api/v1/pods", {{"watch", "true"}}),
     Core("deletecollection", "", "pods")},
    // R1.2/R1.4: the legacy /watch/ prefix.
    {"WatchPrefixOnNamespacedCollection",
     MakeRequest("GET", "/api/v1/watch/namespaces/default/pods"),
     With(Core("watch", "default", "pods"), [](Parsed& p) { p.via_prefix = true; })},
    {"WatchPrefixOnAllNamespaces", MakeRequest("GET", "/api/v1/watch/pods"),
     With(Core("watch", "", "pods"), [](Parsed& p) { p.via_prefix = true; })},
    {"WatchPrefixOnOneObject", MakeRequest("GET", "/api/v1/watch/namespaces/default/pods/web"),
     With(Core("watch", "default", "pods", "web"), [](Parsed& p) { p.via_prefix = true; })},
    {"WatchPrefixInNamedGroup", MakeRequest("GET", "/apis/apps/v1/watch/deployments"),
     With(Named("apps", "watch", "", "deployments"), [](Parsed& p) { p.via_prefix = true; })},
    {"WatchPrefixWithNothingAfterIt", MakeRequest("GET", "/api/v1/watch"),
     With(Core("watch", "", ""), [](Parsed& p) { p.via_prefix = true; })},
    {"ProxyPrefixTakesNoSubresource",
     MakeRequest("GET", "/api/v1/proxy/namespaces/default/pods/web/healthz/live"),
     With(Core("proxy", "default", "pods", "web"), [](Parsed& p) { p.extra = 2; })},
    // R1.3: the namespaces special case.
    {"NamespacesCollection", MakeRequest("GET", "/api/v1/namespaces"),
     Core("list", "", "namespaces")},
    {"NamespaceObject", MakeRequest("GET", "/api/v1/namespaces/team-a"),
     Core("get", "", "namespaces", "team-a")},
    {"NamespaceStatusIsASubresource", MakeRequest("PUT", "/api/v1/namespaces/team-a/status"),
     Core("update", "", "namespaces", "team-a", "status")},
    {"NamespaceFinalizeIsASubresource", MakeRequest("PUT", "/api/v1/namespaces/team-a/finalize"),
     Core("update", "", "namespaces", "team-a", "finalize")},
    {"AnyOtherThirdSegmentIsANamespacedResource",
     MakeRequest("GET", "/api/v1/namespaces/team-a/configmaps"),
     Core("list", "team-a", "configmaps")},
    {"NamespaceNamedStatusIsAnObject", MakeRequest("GET", "/api/v1/namespaces/status"),
     Core("get", "", "namespaces", "status")},
    {"NamespaceSubresourcesAreRecognisedInEveryGroup",
     MakeRequest("GET", "/apis/apps/v1/namespaces/team-a/status"),
     Named("apps", "get", "", "namespaces", "team-a", "status")},
    {"EmptyNamespaceSegmentIsANamespacedPath",
     MakeRequest("GET", "/api/v1/namespaces//configmaps/cm"),
     With(Core("get", "", "configmaps", "cm"), [](Parsed& p) { p.namespaced_path = true; })},
    // R1.5: segments after the subresource are counted.
    {"ExtraSegmentsAfterSubresource",
     MakeRequest("GET", "/api/v1/namespaces/default/pods/web/status/extra"),
     With(Core("get", "default", "pods", "web", "status"), [](Parsed& p) { p.extra = 1; })},
    {"ExtraSegmentsOnClusterPaths", MakeRequest("GET", "/api/v1/nodes/n/status/a/b"),
     With(Core("get", "", "nodes", "n", "status"), [](Parsed& p) { p.extra = 2; })},
    // R1.1: non-resource paths.
    {"Version", MakeRequest("GET", "/version"), NonResource("get")},
    {"Healthz", MakeRequest("GET", "/healthz"), NonResource("get")},
    {"Root", MakeRequest("GET", "/"), NonResource("get")},
    {"ApiDiscovery", MakeRequest("GET", "/api"), NonResource("get")},
    {"CoreVersionDiscovery", MakeRequest("GET", "/api/v1"), NonResource("get")},
    {"ApisDiscovery", MakeRequest("GET", "/apis"), NonResource("get")},
    {"GroupDiscovery", MakeRequest("GET", "/apis/apps"), NonResource("get")},
    // As upstream, the prefix is recorded before the named-group length check fails.
    {"GroupVersionDiscovery", MakeRequest("GET", "/apis/apps/v1"),
     With(NonResource("get"), [](Parsed& p) { p.prefix = "apis"; })},
    {"OpenApi", MakeRequest("GET", "/openapi/v2"), NonResource("get")},
    {"OpenApiV3", MakeRequest("GET", "/openapi/v3/apis/apps/v1"), NonResource("get")},
    {"NonResourceVerbIsTheLowerCasedMethod", MakeRequest("POST", "/healthz"), NonResource("post")},
};

INSTANTIATE_TEST_SUITE_P(Routes, RouteTableTest, ::testing::ValuesIn(kRouteCases),
                         [](const auto& info) { return info.param.name; });

TEST(RequestInfoTest, PartsStartAtTheResource) {
  RequestInfo info =
      ParseRequestInfo(MakeRequest("GET", "/api/v1/namespaces/default/pods/web/log/x"));
  EXPECT_EQ(info.parts, (std::vector<std::string>{"pods", "web", "log", "x"}));
}

// R1.5: ValidateRequestPath over parsed requests.
struct PathCase {
  std::string name;
  Request request;
  std::string error;  // "" when the path is valid
};

class ValidateRequestPathTest : public ::testing::TestWithParam<PathCase> {};

TEST_P(ValidateRequestPathTest, AnswersTheRegistrysBadRequest) {
  const PathCase& c = GetParam();
  Result<void> result = ValidateRequestPath(ParseRequestInfo(c.request));
  if (c.error.empty()) {
    EXPECT_TRUE(result.has_value()) << result.error().message();
    return;
  }
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), 400);
  EXPECT_EQ(result.error().reason(), api::Reason::kBadRequest);
  EXPECT_EQ(result.error().message(), c.error);
}

INSTANTIATE_TEST_SUITE_P(
    PathNames, ValidateRequestPathTest,
    ::testing::ValuesIn(std::vector<PathCase>{
        {"OrdinaryNameIsValid", MakeRequest("GET", "/api/v1/namespaces/default/pods/web"), ""},
        {"CollectionIsValid", MakeRequest("GET", "/api/v1/namespaces/default/pods"), ""},
        {"NonResourceIsValid", MakeRequest("GET", "/healthz"), ""},
        {"DotName", MakeRequest("GET", "/api/v1/namespaces/default/pods/."),
         R"(Name parameter invalid: ".": may not be '.')"},
        {"DotDotName", MakeRequest("DELETE", "/api/v1/nodes/.."),
         R"(Name parameter invalid: "..": may not be '..')"},
        {"PercentInName", MakeRequest("PUT", "/api/v1/namespaces/default/configmaps/a%b"),
         R"(Name parameter invalid: "a%b": may not contain '%')"},
        {"EmptyNamespaceWithName", MakeRequest("GET", "/api/v1/namespaces//configmaps/cm"),
         "Namespace parameter required."},
        {"EmptyNamespaceOnCreate", MakeRequest("POST", "/api/v1/namespaces//configmaps"),
         "Namespace parameter required."},
        {"EmptyNamespaceOnListIsNotAKeyRequest",
         MakeRequest("GET", "/api/v1/namespaces//configmaps"), ""},
    }),
    [](const auto& info) { return info.param.name; });

struct KeyCase {
  std::string name;
  bool namespaced;
  std::string namespace_;
  std::string object_name;
  std::string error;
};

class ValidateRequestKeyTest : public ::testing::TestWithParam<KeyCase> {};

TEST_P(ValidateRequestKeyTest, ChecksInTheKeyFunctionsOrder) {
  const KeyCase& c = GetParam();
  Result<void> result = ValidateRequestKey(c.namespaced, c.namespace_, c.object_name);
  if (c.error.empty()) {
    EXPECT_TRUE(result.has_value()) << result.error().message();
    return;
  }
  ASSERT_FALSE(result.has_value());
  EXPECT_TRUE(api::IsBadRequest(result.error()));
  EXPECT_EQ(result.error().message(), c.error);
}

INSTANTIATE_TEST_SUITE_P(
    ObjectKeys, ValidateRequestKeyTest,
    ::testing::ValuesIn(std::vector<KeyCase>{
        {"NamespacedWithNamespaceAndName", true, "default", "web", ""},
        {"ClusterScopedNeedsNoNamespace", false, "", "node-1", ""},
        {"NamespaceIsCheckedFirst", true, "", "", "Namespace parameter required."},
        {"EmptyName", false, "", "", "Name parameter required."},
        {"SlashInName", true, "default", "a/b",
         R"(Name parameter invalid: "a/b": may not contain '/')"},
        {"EveryProblemJoinedWithSemicolons", false, "", "a/b%c",
         R"(Name parameter invalid: "a/b%c": may not contain '/';may not contain '%')"},
        {"NameIsGoQuoted", false, "", "x\"/y",
         R"(Name parameter invalid: "x\"/y": may not contain '/')"},
    }),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace kubefake::fakeserver
