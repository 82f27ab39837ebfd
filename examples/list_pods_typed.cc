// Lists every pod in the cluster through the typed clientset, as client-go's
// out-of-cluster-client-configuration example does. Prints <namespace>/<name> per pod.
//   list_pods_typed [kubeconfig]
#include <kubefake/client/clientset.h>
#include <kubefake/client/kubeconfig.h>
#include <kubefake/client/kubernetes/typed/core/v1.h>

#include <iostream>
#include <string>

#include "example_main.h"

using kubefake::Fail;

kubefake::Result<void> Run(const std::string& kubeconfig_path) {
  auto config = kubefake::client::BuildConfigFromFlags("", kubeconfig_path);
  if (!config) return Fail(config.error());
  auto clientset = kubefake::client::Clientset::NewForConfig(*config);
  if (!clientset) return Fail(clientset.error());
  auto pods = (*clientset)->CoreV1().Pods("").List({});
  if (!pods) return Fail(pods.error());
  for (const auto& pod : pods->items)
    std::cout << *pod.metadata->namespace_ << "/" << *pod.metadata->name << "\n";
  return {};
}

int main(int argc, char** argv) { return ExampleMain(argc, argv, Run); }
