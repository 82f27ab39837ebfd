// Lists the pods of namespace default through the RESTClient, 100 at a time, printing each
// one's phase.
//   list_pods_rest [kubeconfig]
#include <kubefake/api/types/core/v1.h>
#include <kubefake/client/kubeconfig.h>
#include <kubefake/client/rest_client.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "example_main.h"

using kubefake::Fail;

kubefake::Result<void> Run(const std::string& kubeconfig_path) {
  auto config = kubefake::client::BuildConfigFromFlags("", kubeconfig_path);
  if (!config) return Fail(config.error());
  config->api_path = "/api";
  config->group_version = kubefake::api::GroupVersion{"", "v1"};
  auto rest = kubefake::client::RESTClientFor(*config);
  if (!rest) return Fail(rest.error());
  auto list = (*rest)->Get().Namespace("default").Resource("pods").Param("limit", "100")
                  .Do().Into<kubefake::api::core::v1::PodList>();
  if (!list) return Fail(list.error());
  for (const auto& d : list->items) {
    const std::string phase = d.status && d.status->phase ? *d.status->phase : "";
    std::printf("NAMESPACE: %s \t NAME: %s \t STATUS: %s\n", d.metadata->namespace_->c_str(),
                d.metadata->name->c_str(), phase.c_str());
  }
  return {};
}

int main(int argc, char** argv) { return ExampleMain(argc, argv, Run); }
