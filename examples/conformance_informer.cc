// The client kubefake's client conformance checks run against in CI: a SharedIndexInformer
// over the configmaps of $KUBEFAKE_CONFORMANCE_NAMESPACE that speaks the checks' line protocol
// (kubefake/testing/conformance/client_checks.h): WRITER, READY once synced, DUMP answered with
// its cache, UPDATE answered after a conflict-retrying update.
//   KUBECONFIG=... KUBEFAKE_CONFORMANCE_NAMESPACE=ns KUBEFAKE_CONFORMANCE_RESOURCE=configmaps
//     conformance_informer [--no-watch-list]
// --no-watch-list syncs with a paged LIST instead of the WatchList protocol.
#include <kubefake/api/clock.h>
#include <kubefake/api/error.h>
#include <kubefake/client/cache/list_watch.h>
#include <kubefake/client/cache/shared_index_informer.h>
#include <kubefake/client/dynamic_client.h>
#include <kubefake/client/kubeconfig.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>

#include "example_main.h"

namespace {

using kubefake::Fail;
using kubefake::Result;
namespace cache = kubefake::client::cache;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// Updates `name` from its latest state, retrying on 409 Conflict (client-go's RetryOnConflict
// with its DefaultRetry of 5 steps).
Result<void> TouchRetryingOnConflict(const kubefake::client::DynamicResource& resource,
                                     const std::string& name) {
  Result<nlohmann::json> updated = Fail(kubefake::api::NewInternalError("no attempt"));
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto latest = resource.Get(name);
    if (!latest) return Fail(latest.error());
    (*latest)["metadata"]["annotations"]["conformance.kubefake.io/touched"] =
        std::to_string(attempt);
    updated = resource.Update(*latest);
    if (updated || !kubefake::api::IsConflict(updated.error())) break;
  }
  if (!updated) return Fail(updated.error());
  return {};
}

// Answers the harness's commands from stdin until it closes.
void ServeProtocol(const cache::SharedIndexInformer& informer,
                   const kubefake::client::DynamicResource& resource) {
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line == "DUMP") {
      const auto objects = informer.GetIndexer().List();
      std::cout << "KEYS " << objects.size() << "\n";
      for (const cache::ObjectPtr& object : objects) {
        const nlohmann::json& metadata = (*object)["metadata"];
        std::cout << metadata.value("namespace", "") << "/" << metadata.value("name", "") << " "
                  << metadata.value("resourceVersion", "") << "\n";
      }
      std::cout << "END" << std::endl;
    } else if (line.starts_with("UPDATE ")) {
      const std::string key = line.substr(7);
      const auto touched = TouchRetryingOnConflict(resource, key.substr(key.find('/') + 1));
      if (touched) {
        std::cout << "UPDATED" << std::endl;
      } else {
        std::cout << "UPDATE-FAILED " << touched.error().message() << std::endl;
      }
    }
  }
}

Result<void> Run(const std::string& kubeconfig_path, bool watch_list) {
  const std::string ns = Env("KUBEFAKE_CONFORMANCE_NAMESPACE");
  const std::string plural = Env("KUBEFAKE_CONFORMANCE_RESOURCE");
  if (ns.empty() || plural.empty()) {
    return Fail(kubefake::api::NewBadRequest(
        "set KUBEFAKE_CONFORMANCE_NAMESPACE and KUBEFAKE_CONFORMANCE_RESOURCE"));
  }
  auto config = kubefake::client::BuildConfigFromFlags("", kubeconfig_path);
  if (!config) return Fail(config.error());
  auto dynamic = kubefake::client::DynamicClient::NewForConfig(*config);
  if (!dynamic) return Fail(dynamic.error());
  const auto resource = (*dynamic)->Resource({"", "v1", plural}).Namespace(ns);
  cache::ReflectorOptions reflector;
  reflector.use_watch_list = watch_list;
  cache::SharedIndexInformer informer(cache::NewDynamicListWatch(resource),
                                      std::make_shared<kubefake::api::RealClock>(), {}, {},
                                      reflector);
  std::cout << "WRITER" << std::endl;
  std::jthread runner([&informer](std::stop_token stop) { informer.Run(stop); });
  // Synced is reported whenever it happens; the harness decides how long is too long.
  while (!informer.WaitForSync(runner.get_stop_token(),
                               std::chrono::steady_clock::now() + std::chrono::hours(1))) {
  }
  std::cout << "READY" << std::endl;
  ServeProtocol(informer, resource);
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  bool watch_list = true;
  if (argc > 1 && std::string_view(argv[1]) == "--no-watch-list") {
    watch_list = false;
    --argc;
    ++argv;
  }
  auto result = Run(KubeconfigPath(argc, argv), watch_list);
  if (!result) {
    std::cerr << "error: " << result.error().message() << "\n";
    return 1;
  }
  return 0;
}
