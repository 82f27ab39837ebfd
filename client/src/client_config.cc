// From a loaded kubeconfig to a Config, BuildConfigFromFlags and InClusterConfig, as clientcmd's
// DirectClientConfig and rest.InClusterConfig do.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "kubefake/client/kubeconfig.h"

namespace kubefake::client {
namespace {

namespace fs = std::filesystem;

api::Error InvalidConfiguration(const std::vector<std::string>& problems) {
  std::string message = "invalid configuration: ";
  if (problems.size() == 1) return api::NewBadRequest(message + problems.front());
  message += "[";
  for (size_t i = 0; i < problems.size(); ++i) message += (i > 0 ? ", " : "") + problems[i];
  return api::NewBadRequest(message + "]");
}

constexpr const char* kEmptyConfig =
    "no configuration has been provided, try setting KUBERNETES_MASTER environment variable";

std::string ContextName(const Kubeconfig& kubeconfig, const KubeconfigOverrides& overrides) {
  return overrides.context.empty() ? kubeconfig.current_context : overrides.context;
}

// What kubefake does not implement is refused by name, never silently dropped.
std::vector<std::string> Unsupported(const KubeconfigCluster& cluster, const KubeconfigUser& user) {
  std::vector<std::string> problems;
  if (!cluster.proxy_url.empty()) {
    problems.push_back("proxy-url " + cluster.proxy_url + " is not supported by kubefake's client");
  }
  if (!user.auth_provider.empty()) {
    problems.push_back("auth-provider " + user.auth_provider +
                       " is not supported by kubefake's client; use an exec credential plugin");
  }
  if (user.has_basic_auth) problems.push_back("username/password authentication is not supported");
  if (user.has_impersonation) problems.push_back("impersonation (as, as-groups) is not supported");
  if (user.exec && user.exec->provide_cluster_info) {
    problems.push_back("exec: provideClusterInfo is not supported");
  }
  return problems;
}

Result<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(api::NewInternalError("open " + path.string() + ": no such file or directory"));
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Config JsonConfigFor(Config config) {
  config.content_type = "application/json";
  config.accept_content_types = "application/json";
  return config;
}

std::string DefaultUserAgent() {
#if defined(__x86_64__)
  constexpr const char* kArch = "amd64";
#elif defined(__aarch64__)
  constexpr const char* kArch = "arm64";
#else
  constexpr const char* kArch = "unknown";
#endif
  return std::string("kubefake/v0.1.0 (linux/") + kArch + ") kubernetes/unknown";
}

Result<Config> ClientConfigFromKubeconfig(const Kubeconfig& kubeconfig,
                                          const KubeconfigOverrides& overrides) {
  const std::string context_name = ContextName(kubeconfig, overrides);
  if (context_name.empty() && overrides.server.empty()) {
    return Fail(InvalidConfiguration({kEmptyConfig}));
  }
  std::vector<std::string> problems;
  KubeconfigContext context;
  if (!context_name.empty()) {
    auto it = kubeconfig.contexts.find(context_name);
    if (it == kubeconfig.contexts.end()) {
      problems.push_back("context was not found for specified context: " + context_name);
    } else {
      context = it->second;
    }
  }
  KubeconfigCluster cluster;
  if (auto it = kubeconfig.clusters.find(context.cluster); it != kubeconfig.clusters.end()) {
    cluster = it->second;
  }
  KubeconfigUser user;
  if (auto it = kubeconfig.users.find(context.user); it != kubeconfig.users.end())
    user = it->second;
  if (!overrides.server.empty()) cluster.server = overrides.server;
  if (cluster.server.empty()) {
    problems.push_back(context.cluster.empty() || !kubeconfig.clusters.contains(context.cluster)
                           ? std::string("cluster has no server defined")
                           : "no server found for cluster \"" + context.cluster + "\"");
  }
  std::vector<std::string> unsupported = Unsupported(cluster, user);
  problems.insert(problems.end(), unsupported.begin(), unsupported.end());
  if (!problems.empty()) return Fail(InvalidConfiguration(problems));

  Config config;
  config.host = cluster.server;
  config.tls.insecure = cluster.insecure_skip_tls_verify;
  config.tls.server_name = cluster.tls_server_name;
  config.tls.ca_file = cluster.certificate_authority;
  config.tls.ca_data = cluster.certificate_authority_data;
  config.tls.cert_file = user.client_certificate;
  config.tls.cert_data = user.client_certificate_data;
  config.tls.key_file = user.client_key;
  config.tls.key_data = user.client_key_data;
  config.bearer_token = user.token;
  config.bearer_token_file = user.token_file;
  if (user.exec)
    config.exec_provider = std::make_shared<ExecCredentialProvider>(*user.exec, nullptr);
  return config;
}

Result<std::string> NamespaceFromKubeconfig(const Kubeconfig& kubeconfig,
                                            const KubeconfigOverrides& overrides) {
  if (!overrides.namespace_.empty()) return overrides.namespace_;
  const std::string context_name = ContextName(kubeconfig, overrides);
  auto it = kubeconfig.contexts.find(context_name);
  if (it == kubeconfig.contexts.end() || it->second.namespace_.empty())
    return std::string("default");
  return it->second.namespace_;
}

Result<Config> BuildConfigFromFlags(const std::string& master_url,
                                    const fs::path& kubeconfig_path) {
  if (master_url.empty() && kubeconfig_path.empty()) {
    if (auto config = InClusterConfig()) return config;
  }
  Kubeconfig kubeconfig;
  if (!kubeconfig_path.empty()) {
    auto loaded = LoadKubeconfigFile(kubeconfig_path);
    if (!loaded) return Fail(loaded.error());
    kubeconfig = std::move(*loaded);
  }
  KubeconfigOverrides overrides;
  overrides.server = master_url;
  return ClientConfigFromKubeconfig(kubeconfig, overrides);
}

Result<Config> InClusterConfig(const InClusterPaths& paths) {
  const char* host = std::getenv("KUBERNETES_SERVICE_HOST");
  const char* port = std::getenv("KUBERNETES_SERVICE_PORT");
  if (host == nullptr || port == nullptr || *host == '\0' || *port == '\0') {
    return Fail(api::NewInternalError(
        "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and "
        "KUBERNETES_SERVICE_PORT must be defined"));
  }
  auto token = ReadFile(paths.token_file);
  if (!token) return Fail(token.error());
  Config config;
  const std::string_view host_view = host;
  // net.JoinHostPort brackets an IPv6 address.
  config.host = "https://" +
                (host_view.find(':') != std::string_view::npos ? "[" + std::string(host_view) + "]"
                                                               : std::string(host_view)) +
                ":" + port;
  config.bearer_token = std::move(*token);
  config.bearer_token_file = paths.token_file.string();
  config.tls.ca_file = paths.ca_file.string();
  return config;
}

}  // namespace kubefake::client
