// Kubeconfig files and the loading rules that turn them into a Config: client-go's
// tools/clientcmd (api.Config, ClientConfigLoadingRules, DirectClientConfig,
// BuildConfigFromFlags) and rest.InClusterConfig. Stateless functions; thread-safe.
//
// Merging (KUBECONFIG with several files, clientcmd's rules): files are read in order, a missing
// file is skipped, the first file to set a cluster, user or context name wins it whole, and the
// first file to set current-context wins. Relative paths inside a file are resolved against the
// file's directory.
// Rejected with an error, never ignored: proxy-url, auth-provider, username/password, and
// impersonation in a user.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kubefake/api/result.h"
#include "kubefake/client/config.h"
#include "kubefake/client/exec_credential.h"

namespace kubefake::client {

// clientcmd api.Cluster. *_data fields hold decoded bytes.
struct KubeconfigCluster {
  std::string server;
  std::string tls_server_name;
  bool insecure_skip_tls_verify = false;
  std::string certificate_authority;  // a path
  std::string certificate_authority_data;
  std::string proxy_url;
};

// clientcmd api.AuthInfo (the parts kubefake supports, plus what it must reject).
struct KubeconfigUser {
  std::string client_certificate;  // a path
  std::string client_certificate_data;
  std::string client_key;  // a path
  std::string client_key_data;
  std::string token;
  std::string token_file;  // a path
  std::optional<ExecConfig> exec;
  std::string auth_provider;  // its name when set (rejected when used)
  bool has_basic_auth = false;
  bool has_impersonation = false;
};

struct KubeconfigContext {
  std::string cluster;
  std::string user;
  std::string namespace_;
};

// clientcmd api.Config.
struct Kubeconfig {
  std::map<std::string, KubeconfigCluster> clusters;
  std::map<std::string, KubeconfigUser> users;
  std::map<std::string, KubeconfigContext> contexts;
  std::string current_context;
};

// Parses a kubeconfig (YAML or JSON). Relative paths are resolved against `base_dir`.
// Errors: BadRequest naming the problem (YAML syntax, a *-data field that is not base64,
// a list entry without a name).
Result<Kubeconfig> ParseKubeconfig(std::string_view text, const std::filesystem::path& base_dir);

// Reads and parses one file. Errors: as ParseKubeconfig, each prefixed with the path; NotFound
// (`stat <path>: no such file or directory`) when it does not exist.
Result<Kubeconfig> LoadKubeconfigFile(const std::filesystem::path& path);

// clientcmd.ClientConfigLoadingRules.
struct LoadingRules {
  // When set, only this file is read and it must exist.
  std::filesystem::path explicit_path;
  // Otherwise these, merged; missing ones are skipped.
  std::vector<std::filesystem::path> precedence;
};

// NewDefaultClientConfigLoadingRules: $KUBECONFIG split on ':' (empty entries dropped), or
// $HOME/.kube/config when KUBECONFIG is unset or empty.
LoadingRules DefaultLoadingRules();

// Loads and merges the files the rules name. No file at all gives an empty Kubeconfig.
Result<Kubeconfig> LoadKubeconfig(const LoadingRules& rules);

// clientcmd.ConfigOverrides (the subset kubectl's --context, --namespace and --server set).
struct KubeconfigOverrides {
  std::string context{};     // instead of current-context
  std::string server{};      // instead of the cluster's server
  std::string namespace_{};  // instead of the context's namespace
};

// DirectClientConfig.ClientConfig: the Config of the chosen context.
// Errors: BadRequest `invalid configuration: ...` as clientcmd's validation words it (no
// configuration, a context, cluster or user that is not found, no server) and for the options
// kubefake rejects (proxy-url, auth-provider, basic auth, impersonation).
Result<Config> ClientConfigFromKubeconfig(const Kubeconfig& kubeconfig,
                                          const KubeconfigOverrides& overrides = {});

// The namespace of the chosen context: the override, the context's, or "default".
Result<std::string> NamespaceFromKubeconfig(const Kubeconfig& kubeconfig,
                                            const KubeconfigOverrides& overrides = {});

// clientcmd.BuildConfigFromFlags: with neither argument, InClusterConfig (and, when that fails,
// the error clientcmd gives for no configuration); otherwise the kubeconfig at
// `kubeconfig_path` (only that file; KUBECONFIG is not read) with `master_url` overriding the
// server.
Result<Config> BuildConfigFromFlags(const std::string& master_url,
                                    const std::filesystem::path& kubeconfig_path);

// Where a pod finds its service account; tests point it elsewhere.
struct InClusterPaths {
  std::filesystem::path token_file = "/var/run/secrets/kubernetes.io/serviceaccount/token";
  std::filesystem::path ca_file = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";
};

// rest.InClusterConfig: https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT, the service
// account token file (re-read as it rotates) and CA.
// Errors: InternalError `unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and
// KUBERNETES_SERVICE_PORT must be defined` or naming the unreadable token file.
Result<Config> InClusterConfig(const InClusterPaths& paths = {});

}  // namespace kubefake::client
