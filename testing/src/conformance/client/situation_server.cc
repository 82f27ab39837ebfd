// SituationServer: ApiServer on a RealClock with recording on, HttpServer, a kubeconfig in a
// private temporary directory, and a DynamicClient over InProcessTransport.
#include "situation_server.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "kubefake/api/error.h"
#include "kubefake/fakeserver/action_recorder.h"
#include "kubefake/testing/in_process_transport.h"
#include "kubefake/testing/kubeconfig_file.h"

namespace kubefake::testkit::conformance {
namespace {

namespace fs = std::filesystem;

// The user the HTTP door gives every request: the client under test's requests carry it, the
// harness's in-process ones do not.
constexpr char kHttpUser[] = "kubernetes-admin";

fakeserver::ApiServerOptions EngineOptions() {
  fakeserver::ApiServerOptions options;
  options.record_actions = true;
  options.random_seed = 1;
  return options;
}

const api::GroupVersionResource kConfigMaps{"", "v1", kConformanceResource};

}  // namespace

SituationServer::SituationServer()
    : engine_(EngineOptions()), http_(engine_, fakeserver::HttpServerOptions{}) {}

SituationServer::~SituationServer() {
  // Ends the client's watches; delayed requests finish on the engine's clock first.
  http_.Stop();
  if (!directory_.empty()) {
    std::error_code ignored;
    fs::remove_all(directory_, ignored);
  }
}

Result<std::unique_ptr<SituationServer>> SituationServer::New(int seeded) {
  std::unique_ptr<SituationServer> server(new SituationServer());
  client::Config config;
  config.transport = std::make_shared<InProcessTransport>(server->engine_);
  config.qps = -1;
  auto dynamic = client::DynamicClient::NewForConfig(config);
  if (!dynamic) return Fail(dynamic.error());
  server->dynamic_ = std::move(*dynamic);
  auto created = server->dynamic_->Resource({"", "v1", "namespaces"})
                     .Create({{"apiVersion", "v1"},
                              {"kind", "Namespace"},
                              {"metadata", {{"name", kConformanceNamespace}}}});
  if (!created) return Fail(created.error());
  for (int i = 0; i < seeded; ++i) {
    auto object = server->CreateConfigMap("cm-" + std::to_string(i));
    if (!object) return Fail(object.error());
  }
  server->seeded_ = seeded;
  if (auto started = server->http_.Start(); !started) return Fail(started.error());
  std::string pattern = (fs::temp_directory_path() / "kubefake-conformance-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return Fail(api::NewInternalError("creating a directory for the kubeconfig: " +
                                      std::string(std::strerror(errno))));
  }
  server->directory_ = pattern;
  server->kubeconfig_path_ = server->directory_ / "kubeconfig";
  auto written = WriteKubeconfig(server->kubeconfig_path_, {.server = server->http_.url()});
  if (!written) return Fail(written.error());
  return server;
}

std::vector<fakeserver::Action> SituationServer::ClientActions() {
  fakeserver::ActionPattern pattern;
  pattern.resource = kConformanceResource;
  pattern.group = "";
  pattern.user = kHttpUser;
  return engine_.actions().List(pattern);
}

Result<std::string> SituationServer::CreateConfigMap(const std::string& name) {
  auto created = dynamic_->Resource(kConfigMaps)
                     .Namespace(kConformanceNamespace)
                     .Create({{"apiVersion", "v1"},
                              {"kind", "ConfigMap"},
                              {"metadata", {{"name", name}}},
                              {"data", {{"key", name}}}});
  if (!created) return Fail(created.error());
  return (*created)["metadata"]["resourceVersion"].get<std::string>();
}

Result<std::map<std::string, std::string>> SituationServer::State() const {
  auto list = dynamic_->Resource(kConfigMaps).Namespace(kConformanceNamespace).List();
  if (!list) return Fail(list.error());
  std::map<std::string, std::string> state;
  for (const nlohmann::json& item : (*list)["items"]) {
    const nlohmann::json& metadata = item["metadata"];
    state[metadata["namespace"].get<std::string>() + "/" + metadata["name"].get<std::string>()] =
        metadata["resourceVersion"].get<std::string>();
  }
  return state;
}

}  // namespace kubefake::testkit::conformance
