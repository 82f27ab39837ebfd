// Kubeconfig files for a served fake: one cluster, user and context, all named after the
// server, as kubectl and client-go read them (clientcmd's v1 Config). Stateless; thread-safe.
#pragma once

#include <filesystem>
#include <string>

#include "kubefake/api/result.h"

namespace kubefake::testkit {

struct KubeconfigOptions {
  std::string name = "kubefake";            // the cluster, user and context name
  std::string server{};                     // "https://127.0.0.1:6443"
  std::string certificate_authority_pem{};  // the CA to trust; empty for plain HTTP
  std::string token{};                      // the bearer token; empty for none
  std::string namespace_{};                 // the context's namespace; empty for the default
};

// The kubeconfig as YAML (keys sorted, as kubectl config view prints them).
std::string RenderKubeconfig(const KubeconfigOptions& options);

// Writes RenderKubeconfig(options) to `path` readable by its owner only (it may hold a token),
// creating parent directories. Errors: InternalError naming the path.
Result<void> WriteKubeconfig(const std::filesystem::path& path, const KubeconfigOptions& options);

}  // namespace kubefake::testkit
