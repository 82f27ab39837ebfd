#include "serve_command.h"

#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kubefake/api/version.h"
#include "kubefake/fakeserver/api_server.h"
#include "kubefake/fakeserver/http_server.h"
#include "kubefake/fakeserver/runtime_config.h"
#include "kubefake/fakeserver/serving_certificates.h"
#include "kubefake/testing/fixtures.h"
#include "kubefake/testing/kubeconfig_file.h"
#include "termination_signals.h"

namespace kubefake::cli {
namespace {

struct ServeOptions {
  std::string address = "127.0.0.1";
  int port = -1;  // -1: 8080 for HTTP (kubectl's default server), 6443 for HTTPS
  std::vector<std::string> fixtures;
  std::string kubeconfig_out = "kubefake.kubeconfig";
  bool tls = false;
  std::string token;
  std::string runtime_config;
  uint64_t seed = 0;
};

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "kubefake serve: " << message << "\n";
  std::exit(1);
}

std::string HostForUrl(const std::string& address) {
  if (address == "0.0.0.0" || address == "::") return "127.0.0.1";
  return address.find(':') != std::string::npos ? "[" + address + "]" : address;
}

[[noreturn]] void Serve(const ServeOptions& options) {
  const sigset_t signals = BlockTerminationSignals();

  fakeserver::ApiServerOptions server_options;
  server_options.random_seed = options.seed;
  Result<fakeserver::RuntimeConfig> runtime_config =
      fakeserver::ParseRuntimeConfig(options.runtime_config);
  if (!runtime_config) Die("--runtime-config: " + runtime_config.error().message());
  runtime_config->ApplyTo(server_options);
  fakeserver::ApiServer server(std::move(server_options));

  std::vector<std::filesystem::path> paths(options.fixtures.begin(), options.fixtures.end());
  Result<std::vector<testkit::Fixture>> fixtures = testkit::ReadFixtures(paths);
  if (!fixtures) Die(fixtures.error().message());
  if (Result<void> loaded = testkit::LoadFixtures(server, *fixtures); !loaded) {
    Die(loaded.error().message());
  }

  fakeserver::HttpServerOptions http_options;
  http_options.address = options.address;
  http_options.port = options.port >= 0 ? options.port : (options.tls ? 6443 : 8080);
  http_options.bearer_token = options.token;
  std::string ca_pem;
  if (options.tls) {
    Result<fakeserver::ServingCertificates> certificates =
        fakeserver::GenerateServingCertificates({"127.0.0.1", "localhost", options.address});
    if (!certificates) Die(certificates.error().message());
    ca_pem = certificates->ca_certificate_pem;
    http_options.tls_certificate_pem = certificates->certificate_pem;
    http_options.tls_private_key_pem = certificates->private_key_pem;
  }
  fakeserver::HttpServer http(server, std::move(http_options));
  if (Result<void> started = http.Start(); !started) Die(started.error().message());

  const std::string url = std::string(options.tls ? "https://" : "http://") +
                          HostForUrl(options.address) + ":" + std::to_string(http.port());
  const testkit::KubeconfigOptions kubeconfig{
      .server = url, .certificate_authority_pem = ca_pem, .token = options.token};
  if (Result<void> written = testkit::WriteKubeconfig(options.kubeconfig_out, kubeconfig);
      !written) {
    Die(written.error().message());
  }
  std::cout << "kubefake " << api::kKubefakeVersion << " serves the Kubernetes "
            << api::kKubernetesVersion << " API at " << url << " (" << fixtures->size()
            << " objects from fixtures); kubeconfig: " << options.kubeconfig_out << "\n"
            << "  try: kubectl --kubeconfig " << options.kubeconfig_out << " get pods -A"
            << std::endl;

  const std::optional<int> signal = WaitForTermination(signals);
  std::cout << "kubefake serve: " << TerminationSignalName(*signal) << ", shutting down"
            << std::endl;
  http.Stop();
  std::exit(0);
}

}  // namespace

void AddServeCommand(CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* serve = app.add_subcommand(
      "serve", "Serve the fake kube-apiserver over HTTP(S) until SIGINT or SIGTERM.");
  serve->add_option("--address", options->address, "The IP address to listen on.")
      ->capture_default_str();
  serve
      ->add_option("--port", options->port,
                   "The port to listen on; 0 picks a free port. Default: 8080, or 6443 with "
                   "--tls.")
      ->check(CLI::Range(0, 65535));
  serve
      ->add_option("--fixtures", options->fixtures,
                   "YAML or JSON files, or directories of them, to load before serving "
                   "(repeatable). Namespaces and CRDs are created first.")
      ->check(CLI::ExistingPath);
  serve
      ->add_option("--kubeconfig-out", options->kubeconfig_out,
                   "Where to write a kubeconfig for the server.")
      ->capture_default_str();
  serve->add_flag("--tls", options->tls,
                  "Serve HTTPS with a self-signed CA and certificate generated at start; the "
                  "kubeconfig carries the CA.");
  serve->add_option("--token", options->token,
                    "Require this bearer token on every request (401 otherwise); the kubeconfig "
                    "carries it.");
  serve->add_option("--runtime-config", options->runtime_config,
                    "Which API group-versions to serve, as kube-apiserver's flag: e.g. "
                    "api/beta=true,batch/v1=false,resource.k8s.io/v1beta1. Default: the GA ones.");
  serve->add_option("--seed", options->seed,
                    "Seed for uids and generated names (0 = random), for reproducible runs.");
  serve->callback([options] { Serve(*options); });
}

}  // namespace kubefake::cli
