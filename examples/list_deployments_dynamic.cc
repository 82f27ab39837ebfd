// Lists the deployments of namespace default through the dynamic client, which works the same
// for any resource, custom ones included. Prints " * <name> (<replicas> replicas)" per
// deployment, as client-go's dynamic-create-update-delete-deployment example does.
//   list_deployments_dynamic [kubeconfig]
#include <kubefake/client/dynamic_client.h>
#include <kubefake/client/kubeconfig.h>

#include <iostream>
#include <string>

#include "example_main.h"

using kubefake::Fail;

kubefake::Result<void> Run(const std::string& kubeconfig_path) {
  auto config = kubefake::client::BuildConfigFromFlags("", kubeconfig_path);
  if (!config) return Fail(config.error());
  auto dyn = kubefake::client::DynamicClient::NewForConfig(*config);
  if (!dyn) return Fail(dyn.error());
  kubefake::api::GroupVersionResource gvr{"apps", "v1", "deployments"};
  auto deployments = (*dyn)->Resource(gvr).Namespace("default").List({});
  if (!deployments) return Fail(deployments.error());
  for (const auto& d : (*deployments)["items"]) {
    std::cout << " * " << d["metadata"]["name"].get<std::string>() << " ("
              << d["spec"].value("replicas", 1) << " replicas)\n";
  }
  return {};
}

int main(int argc, char** argv) { return ExampleMain(argc, argv, Run); }
