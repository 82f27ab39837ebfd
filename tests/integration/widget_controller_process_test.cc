// The example controller's program, widget-controller, as its own process against
// `kubefake serve` on fixtures/default (which holds the Widget CRD and the Widgets `small` and
// `large` in namespace demo): it reconciles the seeded Widgets into Deployments, and exits 0 on
// SIGTERM.
#include <gtest/gtest.h>

#include <csignal>
#include <memory>
#include <string>

#include "kubefake/client/clientset.h"
#include "kubefake/client/kubeconfig.h"
#include "kubefake/client/kubernetes/typed/apps/v1.h"
#include "kubefake_serve.h"
#include "subprocess.h"

namespace kubefake::integration {
namespace {

// True once the Deployment `name` in demo exists with a controller owner `owner`, watching
// from the list's resourceVersion for at most 30 s of the server's (real) time.
bool WaitForOwnedDeployment(client::Clientset& clientset, const std::string& name,
                            const std::string& owner) {
  auto& deployments = clientset.AppsV1().Deployments("demo");
  auto owned = [&](const api::apps::v1::Deployment& deployment) {
    if (!deployment.metadata || deployment.metadata->name != name) return false;
    for (const auto& reference : deployment.metadata->owner_references.value_or(
             std::vector<api::meta::v1::OwnerReference>{})) {
      if (reference.kind == "Widget" && reference.name == owner && reference.controller) {
        return true;
      }
    }
    return false;
  };
  auto list = deployments.List();
  if (!list) return false;
  for (const auto& deployment : list->items) {
    if (owned(deployment)) return true;
  }
  client::ListOptions options;
  options.resource_version = list->metadata->resource_version.value_or("");
  options.timeout_seconds = 30;
  auto watcher = deployments.Watch(options);
  if (!watcher) return false;
  for (;;) {
    auto event = (*watcher)->Next();
    if (!event || !event->has_value()) return false;
    if ((*event)->type != "BOOKMARK" && owned((*event)->object)) return true;
  }
}

TEST(WidgetControllerProcessTest, ReconcilesTheSeededWidgetsAndStopsOnSigterm) {
  KubefakeServe server("WidgetControllerProcessTest", /*tls_and_token=*/false);
  ASSERT_EQ(server.error(), "");
  auto config = client::BuildConfigFromFlags("", server.kubeconfig());
  ASSERT_TRUE(config) << config.error().message();
  auto clientset = client::Clientset::NewForConfig(*config);
  ASSERT_TRUE(clientset) << clientset.error().message();

  ChildProcess controller(
      {KUBEFAKE_WIDGET_CONTROLLER, "--kubeconfig", server.kubeconfig().string()});
  ASSERT_TRUE(controller.running());
  EXPECT_TRUE(WaitForOwnedDeployment(**clientset, "small", "small"));
  EXPECT_TRUE(WaitForOwnedDeployment(**clientset, "large", "large"));
  EXPECT_EQ(controller.Stop(SIGTERM, std::chrono::seconds(30)), 0);
  clientset->reset();  // its idle keep-alive connection would hold up the server's shutdown
  EXPECT_TRUE(server.Stop());
}

}  // namespace
}  // namespace kubefake::integration
