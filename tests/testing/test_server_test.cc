// TestServer: the seeded engine over loopback HTTP, a kubeconfig that a client loads, and the
// kubeconfig's cleanup when it goes away.
#include "kubefake/testing/test_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kubefake/client/kubeconfig.h"
#include "kubefake/client/kubernetes/typed/core/v1.h"
#include "kubefake/testing/matchers.h"

namespace kubefake::testkit {
namespace {

TEST(TestServerTest, ServesTheSeededEngineOnALoopbackPort) {
  auto server = TestServer::New({.fixtures = {KUBEFAKE_FIXTURES_DIR "/default/namespaces.yaml"}});
  ASSERT_THAT(server, IsOk());
  EXPECT_THAT((*server)->Url(), testing::MatchesRegex("http://127\\.0\\.0\\.1:[0-9]+"));
  EXPECT_NE((*server)->Http().port(), 0);
  EXPECT_EQ((*server)->Config().host, (*server)->Url());
  EXPECT_THAT((*server)->Clientset().CoreV1().Namespaces().Get("demo"), HasLabel("team", "web"));
}

TEST(TestServerTest, ItsKubeconfigReachesTheServer) {
  auto server = TestServer::New();
  ASSERT_THAT(server, IsOk());
  auto kubeconfig = client::LoadKubeconfigFile((*server)->KubeconfigPath());
  ASSERT_THAT(kubeconfig, IsOk());
  auto config = client::ClientConfigFromKubeconfig(*kubeconfig);
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->host, (*server)->Url());
  auto clientset = client::Clientset::NewForConfig(*config);
  ASSERT_THAT(clientset, IsOk());
  EXPECT_THAT((*clientset)->CoreV1().Namespaces().Get("kube-system"), HasName("kube-system"));
}

TEST(TestServerTest, DestroyingItRemovesTheKubeconfigDirectory) {
  auto server = TestServer::New();
  ASSERT_THAT(server, IsOk());
  const std::filesystem::path kubeconfig = (*server)->KubeconfigPath();
  ASSERT_TRUE(std::filesystem::exists(kubeconfig));
  server->reset();
  EXPECT_FALSE(std::filesystem::exists(kubeconfig.parent_path()));
}

}  // namespace
}  // namespace kubefake::testkit
