// MockClientset and the per-resource GoogleMocks: a pure interaction test of code that takes a
// clientset, installed mocks per resource and namespace, and unmocked calls failing visibly.
#include "kubefake/testing/mock_clientset.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kubefake/client/kubernetes/typed/apps/v1.h"
#include "kubefake/client/kubernetes/typed/authorization/v1.h"
#include "kubefake/client/kubernetes/typed/core/v1.h"
#include "kubefake/testing/matchers.h"
#include "kubefake/testing/mock/apps/v1.h"
#include "kubefake/testing/mock/core/v1.h"
#include "kubefake/testing/mock_resource_interface.h"

namespace kubefake::testkit {
namespace {

using api::apps::v1::Deployment;
using api::apps::v1::DeploymentList;
using testing::_;
using testing::ElementsAre;
using testing::Field;
using testing::Return;
using testing::StrictMock;

// Code under test: adds one replica to a deployment.
Result<Deployment> ScaleUp(client::kubernetes::Interface& clientset, const std::string& ns,
                           const std::string& name) {
  auto& deployments = clientset.AppsV1().Deployments(ns);
  auto deployment = deployments.Get(name);
  if (!deployment) return deployment;
  deployment->spec->replicas = deployment->spec->replicas.value_or(1) + 1;
  return deployments.Update(*deployment);
}

Deployment WithReplicas(int32_t replicas) {
  Deployment deployment;
  deployment.metadata.emplace().name = "web";
  deployment.spec.emplace().replicas = replicas;
  return deployment;
}

TEST(MockClientsetTest, InstalledStrictMockSeesTheExpectedCalls) {
  StrictMock<MockScalableResourceInterface<Deployment, DeploymentList>> deployments;
  MockClientset clientset;
  clientset.Install("demo", deployments);

  EXPECT_CALL(deployments, Get("web", _)).WillOnce(Return(WithReplicas(2)));
  EXPECT_CALL(deployments,
              Update(Field(&Deployment::spec,
                           testing::Optional(Field(&api::apps::v1::DeploymentSpec::replicas,
                                                   testing::Optional(3)))),
                     _))
      .WillOnce(Return(WithReplicas(3)));
  EXPECT_THAT(ScaleUp(clientset, "demo", "web"), MatchesYaml("spec: {replicas: 3}"));
  EXPECT_THAT(clientset.UnmockedRequests(), testing::IsEmpty());
}

TEST(MockClientsetTest, AMockAnswersOnlyItsNamespace) {
  StrictMock<MockScalableResourceInterface<Deployment, DeploymentList>> deployments;
  MockClientset clientset;
  clientset.Install("demo", deployments);
  EXPECT_EQ(&clientset.AppsV1().Deployments("demo"), &deployments);
  EXPECT_NE(&clientset.AppsV1().Deployments("staging"), &deployments);
}

TEST(MockClientsetTest, ErrorsFromTheMockReachTheCaller) {
  StrictMock<MockScalableResourceInterface<Deployment, DeploymentList>> deployments;
  MockClientset clientset;
  clientset.Install("demo", deployments);
  EXPECT_CALL(deployments, Get("web", _))
      .WillOnce(Return(Fail(api::NewNotFound({"apps", "deployments"}, "web"))));
  EXPECT_THAT(ScaleUp(clientset, "demo", "web"), ErrorIs(api::Reason::kNotFound));
}

TEST(MockClientsetTest, ClusterScopedAndCreateOnlyResourcesTakeMocksToo) {
  StrictMock<MockResourceInterface<api::core::v1::Node, api::core::v1::NodeList>> nodes;
  StrictMock<MockCreateOnlyInterface<api::authorization::v1::SelfSubjectAccessReview>> reviews;
  MockClientset clientset;
  clientset.Install("", nodes);
  clientset.Install("", reviews);
  EXPECT_EQ(&clientset.CoreV1().Nodes(), &nodes);
  EXPECT_EQ(&clientset.AuthorizationV1().SelfSubjectAccessReviews(), &reviews);
}

TEST(MockClientsetTest, UnmockedResourcesFailWithAStatusAndAreRecorded) {
  MockClientset clientset;
  auto got = clientset.CoreV1().Pods("demo").Get("web");
  ASSERT_THAT(got, ErrorIs(api::Reason::kInternalError));
  EXPECT_EQ(got.error().message(),
            "Internal error occurred: MockClientset has no mock installed for GET "
            "/api/v1/namespaces/demo/pods/web; install one with MockClientset::Install");
  EXPECT_THAT(clientset.UnmockedRequests(), ElementsAre("GET /api/v1/namespaces/demo/pods/web"));
}

TEST(MockClientsetTest, GeneratedAliasesNameTheMockOfEachTypedInterface) {
  StrictMock<core::v1::MockPodInterface> pods;
  StrictMock<apps::v1::MockDeploymentInterface> deployments;
  MockClientset clientset;
  clientset.Install("demo", pods);
  clientset.Install("demo", deployments);
  ASSERT_EQ(&clientset.CoreV1().Pods("demo"), &pods);
  ASSERT_EQ(&clientset.AppsV1().Deployments("demo"), &deployments);

  api::core::v1::Pod web;
  web.metadata.emplace().name = "web";
  EXPECT_CALL(pods, Get("web", _)).WillOnce(Return(web));
  EXPECT_CALL(pods, Delete("web", _)).WillOnce(Return(Result<void>{}));
  EXPECT_THAT(clientset.CoreV1().Pods("demo").Get("web"), HasName("web"));
  EXPECT_THAT(clientset.CoreV1().Pods("demo").Delete("web"), IsOk());
}

TEST(MockClientsetTest, AMockOfTheWrongInterfaceIsNotUsed) {
  // deployments have the scale subresource: a plain ResourceInterface mock cannot stand in.
  StrictMock<MockResourceInterface<Deployment, DeploymentList>> plain;
  MockClientset clientset;
  clientset.Install("demo", plain);
  EXPECT_THAT(clientset.AppsV1().Deployments("demo").Get("web"),
              ErrorIs(api::Reason::kInternalError));
}

}  // namespace
}  // namespace kubefake::testkit
