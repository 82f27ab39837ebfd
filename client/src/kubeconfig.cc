// Parsing, loading and merging kubeconfig files, as clientcmd's loader does.
#include "kubefake/client/kubeconfig.h"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kubefake/api/base64.h"
#include "kubefake/api/yaml_codec.h"

namespace kubefake::client {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string StringField(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool BoolField(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

// clientcmd resolves a relative path against the directory of the file that names it.
std::string ResolvePath(std::string path, const fs::path& base_dir) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (base_dir / path).lexically_normal().string();
}

Result<std::string> DataField(const json& object, const char* key) {
  const std::string text = StringField(object, key);
  auto decoded = api::Base64Decode(text);
  if (!decoded) {
    return Fail(api::NewBadRequest(std::string(key) + ": " + decoded.error().Message()));
  }
  return *decoded;
}

// Walks a named list (`clusters`, `users`, `contexts`): each entry's `name` and its `body` key.
template <typename Parse>
Result<void> ForEachNamed(const json& root, const char* list, const char* body, Parse parse) {
  auto it = root.find(list);
  if (it == root.end() || it->is_null()) return {};
  if (!it->is_array()) return Fail(api::NewBadRequest(std::string(list) + " must be a list"));
  for (const json& entry : *it) {
    if (!entry.is_object())
      return Fail(api::NewBadRequest(std::string(list) + " entry must be a map"));
    const std::string name = StringField(entry, "name");
    if (name.empty()) return Fail(api::NewBadRequest(std::string(list) + " entry has no name"));
    auto item = entry.find(body);
    const json empty = json::object();
    const json& object = item != entry.end() && item->is_object() ? *item : empty;
    if (Result<void> parsed = parse(name, object); !parsed) return parsed;
  }
  return {};
}

Result<KubeconfigCluster> ParseCluster(const json& object, const fs::path& base_dir) {
  KubeconfigCluster cluster;
  cluster.server = StringField(object, "server");
  cluster.tls_server_name = StringField(object, "tls-server-name");
  cluster.insecure_skip_tls_verify = BoolField(object, "insecure-skip-tls-verify");
  cluster.certificate_authority =
      ResolvePath(StringField(object, "certificate-authority"), base_dir);
  auto ca = DataField(object, "certificate-authority-data");
  if (!ca) return Fail(ca.error());
  cluster.certificate_authority_data = std::move(*ca);
  cluster.proxy_url = StringField(object, "proxy-url");
  return cluster;
}

Result<ExecConfig> ParseExec(const json& object, const fs::path& base_dir) {
  ExecConfig exec;
  exec.command = StringField(object, "command");
  // clientcmd resolves the command only when it names a path, not a program on PATH.
  if (exec.command.find('/') != std::string::npos)
    exec.command = ResolvePath(exec.command, base_dir);
  if (auto args = object.find("args"); args != object.end() && args->is_array()) {
    for (const json& arg : *args) {
      if (arg.is_string()) exec.args.push_back(arg.get<std::string>());
    }
  }
  if (auto env = object.find("env"); env != object.end() && env->is_array()) {
    for (const json& var : *env) {
      if (var.is_object())
        exec.env.emplace_back(StringField(var, "name"), StringField(var, "value"));
    }
  }
  exec.api_version = StringField(object, "apiVersion");
  exec.install_hint = StringField(object, "installHint");
  exec.provide_cluster_info = BoolField(object, "provideClusterInfo");
  exec.interactive_mode = StringField(object, "interactiveMode");
  if (exec.command.empty()) return Fail(api::NewBadRequest("exec: command must be specified"));
  return exec;
}

Result<KubeconfigUser> ParseUser(const json& object, const fs::path& base_dir) {
  KubeconfigUser user;
  user.client_certificate = ResolvePath(StringField(object, "client-certificate"), base_dir);
  user.client_key = ResolvePath(StringField(object, "client-key"), base_dir);
  user.token = StringField(object, "token");
  user.token_file = ResolvePath(StringField(object, "tokenFile"), base_dir);
  auto cert = DataField(object, "client-certificate-data");
  if (!cert) return Fail(cert.error());
  user.client_certificate_data = std::move(*cert);
  auto key = DataField(object, "client-key-data");
  if (!key) return Fail(key.error());
  user.client_key_data = std::move(*key);
  if (auto exec = object.find("exec"); exec != object.end() && exec->is_object()) {
    auto parsed = ParseExec(*exec, base_dir);
    if (!parsed) return Fail(parsed.error());
    user.exec = std::move(*parsed);
  }
  if (auto provider = object.find("auth-provider");
      provider != object.end() && provider->is_object()) {
    user.auth_provider = StringField(*provider, "name");
    if (user.auth_provider.empty()) user.auth_provider = "(unnamed)";
  }
  user.has_basic_auth =
      !StringField(object, "username").empty() || !StringField(object, "password").empty();
  user.has_impersonation = !StringField(object, "as").empty() || object.contains("as-groups") ||
                           !StringField(object, "as-uid").empty();
  return user;
}

// Adds `value` under `name` unless an earlier file set it: the first file wins.
template <typename T>
void MergeFirstWins(std::map<std::string, T>& into, const std::map<std::string, T>& from) {
  for (const auto& [name, value] : from) into.emplace(name, value);
}

}  // namespace

Result<Kubeconfig> ParseKubeconfig(std::string_view text, const fs::path& base_dir) {
  api::YamlDecodeOptions options;
  options.strict = false;
  auto root = api::YamlToJson(text, options);
  if (!root) return Fail(root.error());
  Kubeconfig config;
  if (root->is_null()) return config;
  if (!root->is_object()) return Fail(api::NewBadRequest("a kubeconfig must be a map"));
  config.current_context = StringField(*root, "current-context");
  Result<void> parsed = ForEachNamed(*root, "clusters", "cluster",
                                     [&](const std::string& name, const json& o) -> Result<void> {
                                       auto cluster = ParseCluster(o, base_dir);
                                       if (!cluster) return Fail(cluster.error());
                                       config.clusters.emplace(name, std::move(*cluster));
                                       return {};
                                     });
  if (!parsed) return Fail(parsed.error());
  parsed = ForEachNamed(*root, "users", "user",
                        [&](const std::string& name, const json& o) -> Result<void> {
                          auto user = ParseUser(o, base_dir);
                          if (!user) return Fail(user.error());
                          config.users.emplace(name, std::move(*user));
                          return {};
                        });
  if (!parsed) return Fail(parsed.error());
  parsed = ForEachNamed(
      *root, "contexts", "context", [&](const std::string& name, const json& o) -> Result<void> {
        config.contexts.emplace(name,
                                KubeconfigContext{StringField(o, "cluster"), StringField(o, "user"),
                                                  StringField(o, "namespace")});
        return {};
      });
  if (!parsed) return Fail(parsed.error());
  return config;
}

Result<Kubeconfig> LoadKubeconfigFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      return Fail(api::Error(404, api::Reason::kNotFound,
                             "stat " + path.string() + ": no such file or directory"));
    }
    return Fail(api::NewBadRequest("open " + path.string() + ": permission denied"));
  }
  std::stringstream text;
  text << in.rdbuf();
  auto config = ParseKubeconfig(text.str(), fs::absolute(path).parent_path());
  if (!config) {
    return Fail(api::NewBadRequest("error loading config file \"" + path.string() +
                                   "\": " + config.error().message()));
  }
  return config;
}

LoadingRules DefaultLoadingRules() {
  LoadingRules rules;
  const char* env = std::getenv("KUBECONFIG");
  std::string_view list = env != nullptr ? env : "";
  while (!list.empty()) {
    const size_t colon = list.find(':');
    std::string_view entry = list.substr(0, colon);
    if (!entry.empty()) rules.precedence.emplace_back(entry);
    list = colon == std::string_view::npos ? std::string_view() : list.substr(colon + 1);
  }
  if (rules.precedence.empty()) {
    const char* home = std::getenv("HOME");
    if (home != nullptr) rules.precedence.push_back(fs::path(home) / ".kube" / "config");
  }
  return rules;
}

Result<Kubeconfig> LoadKubeconfig(const LoadingRules& rules) {
  if (!rules.explicit_path.empty()) return LoadKubeconfigFile(rules.explicit_path);
  Kubeconfig merged;
  for (const fs::path& path : rules.precedence) {
    auto config = LoadKubeconfigFile(path);
    if (!config) {
      if (api::IsNotFound(config.error())) continue;  // clientcmd skips missing files
      return config;
    }
    if (merged.current_context.empty()) merged.current_context = config->current_context;
    MergeFirstWins(merged.clusters, config->clusters);
    MergeFirstWins(merged.users, config->users);
    MergeFirstWins(merged.contexts, config->contexts);
  }
  return merged;
}

}  // namespace kubefake::client
