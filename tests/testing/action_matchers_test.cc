// The GoogleMock matchers on recorded actions (action_matchers.h): what each matches, and that
// failures describe actions in Kubernetes terms.
#include "kubefake/testing/action_matchers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kubefake::testkit {
namespace {

using ::testing::AllOf;
using ::testing::Not;

fakeserver::Action StatusUpdate() {
  fakeserver::Action action;
  action.verb = "update";
  action.group = "apps";
  action.version = "v1";
  action.resource = "deployments";
  action.subresource = "status";
  action.namespace_ = "default";
  action.name = "web";
  action.user = "alice";
  action.code = 200;
  return action;
}

TEST(ActionMatchersTest, IsActionMatchesVerbResourceGroupAndSubresource) {
  const fakeserver::Action action = StatusUpdate();
  EXPECT_THAT(action, IsAction("update", "deployments/status"));
  EXPECT_THAT(action, IsAction("update", "deployments.apps/status"));
  EXPECT_THAT(action, IsAction("*", "*"));
  EXPECT_THAT(action, Not(IsAction("update", "deployments")));
  EXPECT_THAT(action, Not(IsAction("patch", "deployments/status")));
  EXPECT_THAT(action, Not(IsAction("update", "deployments.batch/status")));
}

TEST(ActionMatchersTest, FieldMatchers) {
  const fakeserver::Action action = StatusUpdate();
  EXPECT_THAT(action, AllOf(HasVerb("update"), OnObjectNamed("web"), InNamespace("default"),
                            ByUser("alice"), AnsweredWith(200)));
  EXPECT_THAT(action, Not(OnObjectNamed("db")));
  EXPECT_THAT(action, Not(InNamespace("kube-system")));
  EXPECT_THAT(action, Not(AnsweredWith(409)));
}

TEST(ActionMatchersTest, InvalidPatternMatchesNothingAndSaysWhy) {
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(::testing::ExplainMatchResult(IsAction("updat", "pods"), StatusUpdate(), &listener));
  EXPECT_THAT(listener.str(), ::testing::HasSubstr("unknown verb \"updat\""));
}

TEST(ActionMatchersTest, FailuresPrintTheActionInKubernetesTerms) {
  EXPECT_EQ(::testing::PrintToString(StatusUpdate()),
            "update deployments.apps/status default/web by alice -> 200");
  EXPECT_EQ(::testing::DescribeMatcher<fakeserver::Action>(IsAction("update", "pods")),
            "is a request to update pods");
}

}  // namespace
}  // namespace kubefake::testkit
