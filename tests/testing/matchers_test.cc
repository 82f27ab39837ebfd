// The gtest matchers and printers: each matches what it promises, on typed structs, JSON,
// pointers and Results, and explains a mismatch in Kubernetes terms.
#include "kubefake/testing/matchers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kubefake/api/types/apps/v1.h"

namespace kubefake::testkit {
namespace {

using testing::Not;

// The explanation `matcher` gives for `value`.
template <typename T, typename M>
std::string Why(const M& matcher, const T& value) {
  testing::StringMatchResultListener listener;
  testing::Matcher<const T&>(matcher).MatchAndExplain(value, &listener);
  return listener.str();
}

const nlohmann::json kPod = R"({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "web-1", "namespace": "demo",
               "labels": {"app": "web", "tier": "front"},
               "annotations": {"owner": "team-a"},
               "finalizers": ["example.com/cleanup"],
               "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                                    "name": "web-5d4", "uid": "u1"}]},
  "spec": {"containers": [{"name": "app", "image": "nginx"}]},
  "status": {"conditions": [{"type": "Ready", "status": "False"},
                            {"type": "PodScheduled", "status": "True"}]}
})"_json;

TEST(MatchersTest, MetadataMatchersMatchWhatTheObjectHas) {
  EXPECT_THAT(kPod, HasName("web-1"));
  EXPECT_THAT(kPod, HasNamespace("demo"));
  EXPECT_THAT(kPod, HasLabel("app"));
  EXPECT_THAT(kPod, HasLabel("app", "web"));
  EXPECT_THAT(kPod, HasAnnotation("owner", "team-a"));
  EXPECT_THAT(kPod, HasFinalizer("example.com/cleanup"));
  EXPECT_THAT(kPod, HasOwner("ReplicaSet", "web-5d4"));
  EXPECT_THAT(kPod, HasCondition("Ready", "False"));
  EXPECT_THAT(kPod, Not(HasName("web-2")));
  EXPECT_THAT(kPod, Not(HasLabel("app", "api")));
  EXPECT_THAT(kPod, Not(HasAnnotation("team")));
  EXPECT_THAT(kPod, Not(HasOwner("ReplicaSet", "other")));
  EXPECT_THAT(kPod, Not(HasOwner("Deployment", "web-5d4")));
  EXPECT_THAT(kPod, Not(HasCondition("Ready", "True")));
  EXPECT_THAT(kPod, Not(HasFinalizer("kubernetes")));
}

TEST(MatchersTest, MismatchesAreExplainedInKubernetesTerms) {
  EXPECT_EQ(Why<nlohmann::json>(HasName("api"), kPod), R"(whose name is "web-1")");
  EXPECT_EQ(Why<nlohmann::json>(HasLabel("app", "api"), kPod),
            "whose labels are {app=web, tier=front}");
  EXPECT_EQ(Why<nlohmann::json>(HasOwner("Deployment", "web"), kPod),
            R"(whose owner references are [ReplicaSet "web-5d4"])");
  EXPECT_EQ(Why<nlohmann::json>(HasCondition("Ready", "True"), kPod),
            "whose conditions are [Ready=False, PodScheduled=True]");
  EXPECT_EQ(Why<nlohmann::json>(HasFinalizer("kubernetes"), kPod),
            "whose finalizers are [example.com/cleanup]");
  EXPECT_EQ(Why<nlohmann::json>(HasAnnotation("a"), nlohmann::json::object()),
            "which has no annotations");
  EXPECT_EQ(testing::DescribeMatcher<nlohmann::json>(HasLabel("app", "web")), "has label app=web");
  EXPECT_EQ(testing::DescribeMatcher<nlohmann::json>(HasCondition("Ready", "True"), true),
            "does not have condition Ready=True");
}

TEST(MatchersTest, MatchesYamlIsAPartialMatch) {
  EXPECT_THAT(kPod, MatchesYaml("spec: {containers: [{image: nginx}]}"));
  EXPECT_THAT(kPod, MatchesYaml("metadata: {labels: {tier: front}}"));
  EXPECT_EQ(Why<nlohmann::json>(MatchesYaml("spec: {containers: [{image: httpd}]}"), kPod),
            R"(whose spec.containers[0].image is "nginx", not "httpd")");
  EXPECT_EQ(Why<nlohmann::json>(MatchesYaml("spec: {containers: [{}, {}]}"), kPod),
            "whose spec.containers has 1 items, not 2");
  EXPECT_EQ(Why<nlohmann::json>(MatchesYaml("spec: {nodeName: n1}"), kPod),
            "which has no spec.nodeName");
  EXPECT_THAT(Why<nlohmann::json>(MatchesYaml("spec: [unclosed"), kPod),
              testing::StartsWith("which cannot be compared: error converting YAML to JSON"));
}

TEST(MatchersTest, ObjectMatchersTakeTypedStructsPointersAndResults) {
  api::apps::v1::Deployment deployment;
  deployment.metadata.emplace().name = "web";
  deployment.metadata->labels = std::map<std::string, std::string>{{"app", "web"}};
  deployment.spec.emplace().replicas = 3;
  EXPECT_THAT(deployment, AllOf(HasName("web"), HasLabel("app", "web")));
  EXPECT_THAT(deployment, MatchesYaml("spec: {replicas: 3}"));
  auto shared = std::make_shared<const api::apps::v1::Deployment>(deployment);
  EXPECT_THAT(shared, HasName("web"));
  EXPECT_THAT(Result<api::apps::v1::Deployment>(deployment), HasName("web"));

  Result<api::apps::v1::Deployment> failed = Fail(api::NewNotFound({"apps", "deployments"}, "web"));
  EXPECT_EQ(Why<Result<api::apps::v1::Deployment>>(HasName("web"), failed),
            R"(which failed with NotFound (404): deployments.apps "web" not found)");
  EXPECT_EQ(Why<std::shared_ptr<const api::apps::v1::Deployment>>(HasName("web"), nullptr),
            "which is null");
}

TEST(MatchersTest, IsOkAndErrorIsMatchOutcomes) {
  Result<void> ok;
  Result<int> conflict =
      Fail(api::NewConflict({"", "pods"}, "web", "the object has been modified"));
  EXPECT_THAT(ok, IsOk());
  EXPECT_THAT(Result<int>(1), IsOk());
  EXPECT_THAT(conflict, Not(IsOk()));
  EXPECT_THAT(conflict, ErrorIs(api::Reason::kConflict));
  EXPECT_THAT(conflict.error(), ErrorIs(api::Reason::kConflict));
  EXPECT_THAT(conflict, Not(ErrorIs(api::Reason::kNotFound)));
  EXPECT_THAT(ok, Not(ErrorIs(api::Reason::kNotFound)));
  EXPECT_EQ(Why<Result<void>>(ErrorIs(api::Reason::kNotFound), ok), "which succeeded");
  EXPECT_EQ(testing::DescribeMatcher<Result<void>>(ErrorIs(api::Reason::kNotFound)),
            "fails with NotFound");
  EXPECT_EQ(Why<Result<int>>(IsOk(), conflict),
            "which failed with Conflict (409): Operation cannot be fulfilled on pods \"web\": "
            "the object has been modified");
}

TEST(MatchersTest, ResultsAndErrorsPrintAsStatus) {
  Result<nlohmann::json> missing = Fail(api::NewNotFound({"", "pods"}, "web"));
  EXPECT_EQ(testing::PrintToString(missing), R"(NotFound (404): pods "web" not found)");
  EXPECT_EQ(testing::PrintToString(Result<nlohmann::json>(nlohmann::json{{"a", 1}})),
            R"(OK {"a":1})");
  EXPECT_EQ(testing::PrintToString(Result<void>()), "OK");
}

}  // namespace
}  // namespace kubefake::testkit
