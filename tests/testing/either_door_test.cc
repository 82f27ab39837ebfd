// One test body, written once against FakeClientset's interface, run on FakeClientset (in
// process) and on TestServer (loopback HTTP): the toolkit's promise that a test passing on the
// fake clientset passes unchanged over HTTP.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "kubefake/api/typed_codec.h"
#include "kubefake/client/kubernetes/typed/apps/v1.h"
#include "kubefake/client/kubernetes/typed/core/v1.h"
#include "kubefake/testing/fake_clientset.h"
#include "kubefake/testing/matchers.h"
#include "kubefake/testing/either_door.h"

namespace kubefake::testkit {
namespace {

const nlohmann::json kWeb = R"({
  "apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "web", "namespace": "demo", "labels": {"app": "web"}},
  "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
           "template": {"metadata": {"labels": {"app": "web"}},
                        "spec": {"containers": [{"name": "app", "image": "nginx"}]}}}
})"_json;

class EitherDoorTest : public testing::TestWithParam<ClientsetDoor> {
 protected:
  void SetUp() override {
    auto fake = GetParam().make(
        {.objects = {kWeb}, .fixtures = {KUBEFAKE_FIXTURES_DIR "/default/namespaces.yaml"}});
    ASSERT_THAT(fake, IsOk());
    fake_ = std::move(*fake);
  }
  client::kubernetes::typed::apps::v1::DeploymentInterface& Deployments() {
    return fake_->Clientset().AppsV1().Deployments("demo");
  }
  std::unique_ptr<FakeClientset> fake_;
};

TEST_P(EitherDoorTest, SeededDeploymentScalesAndAStaleUpdateConflicts) {
  auto web = Deployments().Get("web");
  ASSERT_THAT(web, AllOf(IsOk(), HasLabel("app", "web"), MatchesYaml("spec: {replicas: 2}")));

  api::apps::v1::Deployment scaled = *web;
  scaled.spec->replicas = 3;
  ASSERT_THAT(Deployments().Update(scaled), MatchesYaml("spec: {replicas: 3}"));

  // `web` still carries the old resourceVersion (R3.2).
  api::apps::v1::Deployment stale = *web;
  (*stale.metadata->labels)["tier"] = "front";
  auto conflict = Deployments().Update(stale);
  EXPECT_THAT(conflict, ErrorIs(api::Reason::kConflict));
  EXPECT_THAT(Deployments().Get("web"), Not(HasLabel("tier")));
}

TEST_P(EitherDoorTest, WatchSeesACreateFromTheDynamicClient) {
  client::ListOptions options;
  options.resource_version = Deployments().Get("web")->metadata->resource_version.value();
  auto watcher = Deployments().Watch(options);
  ASSERT_THAT(watcher, IsOk());

  nlohmann::json api_deployment = kWeb;
  api_deployment["metadata"]["name"] = "api";
  ASSERT_THAT(fake_->Dynamic()
                  .Resource({"apps", "v1", "deployments"})
                  .Namespace("demo")
                  .Create(api_deployment),
              IsOk());
  auto event = (*watcher)->Next();
  ASSERT_THAT(event, IsOk());
  ASSERT_TRUE(event->has_value());
  EXPECT_EQ((*event)->type, "ADDED");
  EXPECT_THAT((*event)->object, HasName("api"));
}

TEST_P(EitherDoorTest, DeletedNamespaceIsGoneOnceTheClusterSettles) {
  auto& namespaces = fake_->Clientset().CoreV1().Namespaces();
  ASSERT_THAT(namespaces.Get("staging"), IsOk());
  ASSERT_THAT(namespaces.Delete("staging"), IsOk());
  // The emulated namespace controller empties it and removes the kubernetes finalizer (R4.9):
  // once settled, the namespace is gone.
  fake_->Server().Settle();
  EXPECT_THAT(namespaces.Get("staging"), ErrorIs(api::Reason::kNotFound));
}

INSTANTIATE_TEST_SUITE_P(Doors, EitherDoorTest, testing::ValuesIn(ClientsetDoors()),
                         DoorName);

}  // namespace
}  // namespace kubefake::testkit
