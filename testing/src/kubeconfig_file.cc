#include "kubefake/testing/kubeconfig_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "kubefake/api/base64.h"
#include "kubefake/api/error.h"
#include "kubefake/api/yaml_codec.h"

namespace kubefake::testkit {

std::string RenderKubeconfig(const KubeconfigOptions& options) {
  nlohmann::json cluster = {{"server", options.server}};
  if (!options.certificate_authority_pem.empty()) {
    cluster["certificate-authority-data"] = api::Base64Encode(options.certificate_authority_pem);
  }
  nlohmann::json user = nlohmann::json::object();
  if (!options.token.empty()) user["token"] = options.token;
  nlohmann::json context = {{"cluster", options.name}, {"user", options.name}};
  if (!options.namespace_.empty()) context["namespace"] = options.namespace_;
  const nlohmann::json config = {
      {"apiVersion", "v1"},
      {"kind", "Config"},
      {"clusters", {{{"name", options.name}, {"cluster", cluster}}}},
      {"users", {{{"name", options.name}, {"user", user}}}},
      {"contexts", {{{"name", options.name}, {"context", context}}}},
      {"current-context", options.name},
      {"preferences", nlohmann::json::object()},
  };
  return api::JsonToYaml(config);
}

Result<void> WriteKubeconfig(const std::filesystem::path& path, const KubeconfigOptions& options) {
  auto fail = [&](const std::string& what) {
    return Fail(api::NewInternalError("writing kubeconfig " + path.string() + ": " + what));
  };
  std::error_code error;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), error);
  if (error) return fail(error.message());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail(std::strerror(errno));
  // An existing file keeps its mode under O_CREAT: tighten it.
  ::fchmod(fd, 0600);
  const std::string text = RenderKubeconfig(options);
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      return fail(reason);
    }
    written += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return fail(std::strerror(errno));
  return {};
}

}  // namespace kubefake::testkit
