// SituationServer: the fresh kubefake one client conformance situation is played on: an engine
// on the real clock (the client under test runs in real time) recording every request, served
// over loopback HTTP with a kubeconfig for the client, and an in-process dynamic client for the
// harness's own writes and reads, which the client's recorded requests exclude. RAII: destroying
// it stops the server and removes the kubeconfig's directory. Thread-safe.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kubefake/api/result.h"
#include "kubefake/client/dynamic_client.h"
#include "kubefake/fakeserver/action.h"
#include "kubefake/fakeserver/api_server.h"
#include "kubefake/fakeserver/faults.h"
#include "kubefake/fakeserver/http_server.h"

namespace kubefake::testkit::conformance {

// Where the client under test watches: configmaps (core v1) in this namespace.
inline constexpr char kConformanceNamespace[] = "kubefake-conformance";
inline constexpr char kConformanceResource[] = "configmaps";

class SituationServer {
 public:
  // Starts the engine with the namespace and `seeded` configmaps `cm-0`... in it, serves it
  // and writes the kubeconfig. Errors: those of the engine's writes, of HttpServer::Start, and
  // InternalError when the kubeconfig cannot be written.
  static Result<std::unique_ptr<SituationServer>> New(int seeded);
  ~SituationServer();
  SituationServer(const SituationServer&) = delete;
  SituationServer& operator=(const SituationServer&) = delete;

  const std::filesystem::path& KubeconfigPath() const { return kubeconfig_path_; }
  fakeserver::FaultInjector& Faults() { return engine_.faults(); }
  fakeserver::HttpServer& Http() { return http_; }
  // The engine's clock's time, the time base of Action::time.
  std::chrono::system_clock::time_point Now() { return engine_.clock().Now(); }
  int seeded() const { return seeded_; }

  // The requests the client under test made on the watched resource, oldest first.
  std::vector<fakeserver::Action> ClientActions();

  // Creates configmap `name` in the namespace; returns its resourceVersion.
  Result<std::string> CreateConfigMap(const std::string& name);
  // The server's state of the watched resource: "<namespace>/<name>" -> resourceVersion.
  Result<std::map<std::string, std::string>> State() const;

 private:
  SituationServer();

  fakeserver::ApiServer engine_;
  fakeserver::HttpServer http_;
  std::unique_ptr<client::DynamicClient> dynamic_;
  std::filesystem::path directory_;
  std::filesystem::path kubeconfig_path_;
  int seeded_ = 0;
};

}  // namespace kubefake::testkit::conformance
