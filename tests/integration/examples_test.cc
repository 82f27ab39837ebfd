// The README's four client examples (examples/), each run as its own process against
// `kubefake serve` on fixtures/default, over plain HTTP and over HTTPS with a bearer token from
// the kubeconfig the server wrote. The test first adds a pod and a deployment to namespace
// default (the examples' namespace) with the typed clientset.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "kubectl_fixture.h"
#include "kubefake/client/clientset.h"
#include "kubefake/client/kubeconfig.h"
#include "kubefake/client/kubernetes/typed/apps/v1.h"
#include "kubefake/client/kubernetes/typed/core/v1.h"
#include "kubefake_serve.h"
#include "subprocess.h"

namespace kubefake::integration {
namespace {

api::core::v1::PodSpec HelloPodSpec() {
  api::core::v1::Container container;
  container.name = "hello";
  container.image = "nginx";
  api::core::v1::PodSpec spec;
  spec.containers = {container};
  return spec;
}

class ExamplesTest : public testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    server_ = std::make_unique<KubefakeServe>(
        testing::UnitTest::GetInstance()->current_test_info()->name(), GetParam());
    ASSERT_EQ(server_->error(), "");
    auto config = client::BuildConfigFromFlags("", server_->kubeconfig());
    ASSERT_TRUE(config) << config.error().message();
    auto clientset = client::Clientset::NewForConfig(*config);
    ASSERT_TRUE(clientset) << clientset.error().message();

    api::core::v1::Pod pod;
    pod.metadata.emplace().name = "hello";
    pod.spec = HelloPodSpec();
    auto created_pod = (*clientset)->CoreV1().Pods("default").Create(pod);
    ASSERT_TRUE(created_pod) << created_pod.error().message();

    api::apps::v1::Deployment deployment;
    deployment.metadata.emplace().name = "hello";
    auto& spec = deployment.spec.emplace();
    spec.replicas = 3;
    spec.selector.match_labels = std::map<std::string, std::string>{{"app", "hello"}};
    spec.template_.metadata.emplace().labels = spec.selector.match_labels;
    spec.template_.spec = HelloPodSpec();
    auto created_deployment = (*clientset)->AppsV1().Deployments("default").Create(deployment);
    ASSERT_TRUE(created_deployment) << created_deployment.error().message();
  }

  void TearDown() override {
    if (server_) {
      EXPECT_TRUE(server_->Stop()) << "kubefake serve did not shut down cleanly";
    }
  }

  // Runs `example` with the server's kubeconfig and fails the test unless it exits 0.
  std::string RunExample(const std::string& example) {
    const ProcessResult result = RunProcess({example, server_->kubeconfig().string()});
    EXPECT_EQ(result.exit_code, 0)
        << example << "\nstdout: " << result.out << "\nstderr: " << result.err;
    return result.out;
  }

  std::unique_ptr<KubefakeServe> server_;
};

TEST_P(ExamplesTest, TypedClientsetListsEveryPodInTheCluster) {
  std::vector<std::string> lines = Lines(RunExample(KUBEFAKE_EXAMPLE_LIST_PODS_TYPED));
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, (std::vector<std::string>{"default/hello", "demo/web-7c9d8b6f5d-4xk2p",
                                             "demo/web-7c9d8b6f5d-9mzqt"}));
}

TEST_P(ExamplesTest, RestClientListsThePodsOfDefaultWithTheirPhase) {
  EXPECT_EQ(RunExample(KUBEFAKE_EXAMPLE_LIST_PODS_REST),
            "NAMESPACE: default \t NAME: hello \t STATUS: Pending\n");
}

TEST_P(ExamplesTest, DynamicClientListsTheDeploymentsOfDefault) {
  EXPECT_EQ(RunExample(KUBEFAKE_EXAMPLE_LIST_DEPLOYMENTS_DYNAMIC), " * hello (3 replicas)\n");
}

TEST_P(ExamplesTest, DiscoveryPrintsTheServedGroupVersionsSorted) {
  const std::vector<std::string> lines = Lines(RunExample(KUBEFAKE_EXAMPLE_API_VERSIONS));
  EXPECT_TRUE(std::is_sorted(lines.begin(), lines.end()));
  EXPECT_EQ(std::adjacent_find(lines.begin(), lines.end()), lines.end()) << "a line repeats";
  for (const char* expected : {"v1", "apps/v1", "batch/v1", "example.com/v1"}) {
    EXPECT_NE(std::find(lines.begin(), lines.end(), expected), lines.end()) << expected;
  }
}

TEST_P(ExamplesTest, AnExampleWithAMissingKubeconfigFailsWithTheReason) {
  const ProcessResult result =
      RunProcess({KUBEFAKE_EXAMPLE_LIST_PODS_TYPED, (server_->dir() / "absent").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("error: "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("absent"), std::string::npos) << result.err;
}

INSTANTIATE_TEST_SUITE_P(Examples, ExamplesTest, testing::Values(false, true),
                         [](const testing::TestParamInfo<bool>& info) {
                           return std::string(info.param ? "TlsToken" : "Http");
                         });

}  // namespace
}  // namespace kubefake::integration
