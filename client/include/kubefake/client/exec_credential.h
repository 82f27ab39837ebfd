// ExecCredentialProvider: runs a kubeconfig's exec credential plugin
// (client.authentication.k8s.io/v1 ExecCredential) and caches what it returns until it
// expires, as client-go's plugin/pkg/client/auth/exec does. Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kubefake/api/clock.h"
#include "kubefake/api/result.h"

namespace kubefake::client {

// clientcmd's ExecConfig, as a kubeconfig's users[].user.exec holds it.
struct ExecConfig {
  std::string command;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string api_version;  // "client.authentication.k8s.io/v1" (v1beta1 also accepted)
  std::string install_hint;
  bool provide_cluster_info = false;
  std::string interactive_mode;  // "Never", "IfAvailable", "Always"
};

// What a plugin returned (ExecCredential.status).
struct ExecCredential {
  std::string token;
  std::string client_certificate_data;
  std::string client_key_data;
  // nullopt: valid until the process ends.
  std::optional<std::chrono::system_clock::time_point> expiration;
};

class ExecCredentialProvider {
 public:
  // `clock` decides expiry; nullptr: a RealClock owned by the provider.
  ExecCredentialProvider(ExecConfig config, std::shared_ptr<api::Clock> clock);

  // The cached credential, or the plugin's fresh one when none is cached or it has expired.
  // Errors: InternalError naming the plugin when it cannot run, exits non-zero (its stderr in
  // the message), prints something that is not an ExecCredential of the configured
  // apiVersion, or prints neither a token nor a client certificate and key.
  Result<ExecCredential> Get();

  // Drops the cached credential (after the server answered 401), so the next Get re-runs.
  void Invalidate();

  const ExecConfig& config() const { return config_; }

 private:
  Result<ExecCredential> Run() const;

  const ExecConfig config_;
  std::shared_ptr<api::Clock> clock_;
  std::mutex mutex_;
  std::optional<ExecCredential> cached_;
};

}  // namespace kubefake::client
