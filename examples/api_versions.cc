// Prints what `kubectl api-versions` prints, through discovery: every served group-version,
// one a line, sorted.
//   api_versions [kubeconfig]
#include <kubefake/client/discovery_client.h>
#include <kubefake/client/kubeconfig.h>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "example_main.h"

using kubefake::Fail;

kubefake::Result<void> Run(const std::string& kubeconfig_path) {
  auto config = kubefake::client::BuildConfigFromFlags("", kubeconfig_path);
  if (!config) return Fail(config.error());
  auto discovery = kubefake::client::DiscoveryClient::NewForConfig(*config);
  if (!discovery) return Fail(discovery.error());
  auto groups = (*discovery)->ServerGroups();
  if (!groups) return Fail(groups.error());
  std::vector<std::string> versions;
  for (const auto& group : groups->groups)
    for (const auto& version : group.versions) versions.push_back(version.group_version);
  std::sort(versions.begin(), versions.end());
  for (const auto& version : versions) std::cout << version << "\n";
  return {};
}

int main(int argc, char** argv) { return ExampleMain(argc, argv, Run); }
