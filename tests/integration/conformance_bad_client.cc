// A deliberately wrong client for the client conformance checks' own tests: it lists once
// (retrying at once on any error, Retry-After ignored), then watches from that list's
// resourceVersion forever, re-watching from it at once whenever a watch ends or fails. It never
// resumes from what it saw, never relists and never backs off; it does not speak the line
// protocol.
#include <kubefake/client/dynamic_client.h>
#include <kubefake/client/kubeconfig.h>

#include <cstdlib>
#include <iostream>
#include <string>

int main() {
  auto config = kubefake::client::BuildConfigFromFlags("", std::getenv("KUBECONFIG"));
  if (!config) {
    std::cerr << config.error().message() << "\n";
    return 1;
  }
  config->max_retries = 0;  // answer 429s at once instead of waiting Retry-After
  config->qps = -1;
  auto dynamic = kubefake::client::DynamicClient::NewForConfig(*config);
  if (!dynamic) return 1;
  const auto resource = (*dynamic)
                            ->Resource({"", "v1", std::getenv("KUBEFAKE_CONFORMANCE_RESOURCE")})
                            .Namespace(std::getenv("KUBEFAKE_CONFORMANCE_NAMESPACE"));
  std::string list_rv;
  while (list_rv.empty()) {
    auto list = resource.List();
    if (list) list_rv = (*list)["metadata"]["resourceVersion"].get<std::string>();
  }
  while (true) {
    auto watch = resource.Watch({.resource_version = list_rv});
    if (!watch) continue;
    while (true) {
      auto event = (*watch)->Next();
      if (!event || !*event) break;
    }
  }
}
