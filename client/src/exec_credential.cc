// ExecCredentialProvider: runs the plugin, checks its ExecCredential and caches it until expiry.
#include "kubefake/client/exec_credential.h"

#include <nlohmann/json.hpp>

#include "kubefake/api/json_codec.h"
#include "kubefake/api/time.h"
#include "subprocess.h"

namespace kubefake::client {
namespace {

api::Error PluginError(std::string message) {
  return api::Error(500, api::Reason::kInternalError, std::move(message));
}

}  // namespace

ExecCredentialProvider::ExecCredentialProvider(ExecConfig config, std::shared_ptr<api::Clock> clock)
    : config_(std::move(config)),
      clock_(clock ? std::move(clock) : std::make_shared<api::RealClock>()) {}

Result<ExecCredential> ExecCredentialProvider::Get() {
  std::lock_guard lock(mutex_);
  if (cached_ && (!cached_->expiration || clock_->Now() < *cached_->expiration)) return *cached_;
  auto fresh = Run();
  if (!fresh) return fresh;
  cached_ = *fresh;
  return fresh;
}

void ExecCredentialProvider::Invalidate() {
  std::lock_guard lock(mutex_);
  cached_.reset();
}

Result<ExecCredential> ExecCredentialProvider::Run() const {
  const std::string api_version =
      config_.api_version.empty() ? "client.authentication.k8s.io/v1" : config_.api_version;
  if (api_version != "client.authentication.k8s.io/v1" &&
      api_version != "client.authentication.k8s.io/v1beta1") {
    return Fail(PluginError("exec plugin: invalid apiVersion \"" + api_version + "\""));
  }
  nlohmann::json info = {
      {"kind", "ExecCredential"}, {"apiVersion", api_version}, {"spec", {{"interactive", false}}}};
  auto env = config_.env;
  env.emplace_back("KUBERNETES_EXEC_INFO", info.dump());
  auto output = RunProcess(config_.command, config_.args, env);
  if (!output) {
    std::string message = "exec: executable " + config_.command + " not found";
    if (!config_.install_hint.empty()) message += "\n\n" + config_.install_hint;
    return Fail(PluginError(std::move(message)));
  }
  if (output->exit_code != 0) {
    std::string message = "exec: executable " + config_.command + " failed with exit code " +
                          std::to_string(output->exit_code);
    if (!output->stderr_text.empty()) message += ": " + output->stderr_text;
    return Fail(PluginError(std::move(message)));
  }
  auto decoded = api::DecodeJson(output->stdout_text);
  if (!decoded || !decoded->is_object()) {
    return Fail(PluginError("decoding stdout: " +
                            (decoded ? std::string("not an object") : decoded.error().message())));
  }
  const std::string returned = decoded->value("apiVersion", "");
  if (returned != api_version || decoded->value("kind", "") != "ExecCredential") {
    return Fail(PluginError("exec plugin is configured to use API version " + api_version +
                            ", plugin returned version " + returned));
  }
  auto status = decoded->find("status");
  if (status == decoded->end() || !status->is_object()) {
    return Fail(PluginError("exec plugin didn't return a status field"));
  }
  ExecCredential credential;
  credential.token = status->value("token", "");
  credential.client_certificate_data = status->value("clientCertificateData", "");
  credential.client_key_data = status->value("clientKeyData", "");
  if (credential.token.empty() && credential.client_certificate_data.empty() &&
      credential.client_key_data.empty()) {
    return Fail(PluginError("exec plugin didn't return a token or cert/key pair"));
  }
  if (credential.client_certificate_data.empty() != credential.client_key_data.empty()) {
    return Fail(PluginError("exec plugin returned only certData or keyData"));
  }
  if (auto expiry = status->find("expirationTimestamp");
      expiry != status->end() && expiry->is_string()) {
    auto parsed = api::Time::Parse(expiry->get<std::string>());
    if (!parsed) return Fail(PluginError("exec plugin: " + parsed.error().message()));
    credential.expiration = parsed->time_point();
  }
  return credential;
}

}  // namespace kubefake::client
