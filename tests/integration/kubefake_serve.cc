#include "kubefake_serve.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <vector>

namespace kubefake::integration {

namespace fs = std::filesystem;

KubefakeServe::KubefakeServe(const std::string& name, bool tls_and_token) {
  std::string dir_name = name;
  for (char& c : dir_name) {
    if (c == '/') c = '_';
  }
  dir_ = fs::temp_directory_path() / ("kubefake-it-" + std::to_string(::getpid()) + "-" + dir_name);
  fs::remove_all(dir_);
  fs::create_directories(dir_);
  kubeconfig_ = dir_ / "kubeconfig";
  std::vector<std::string> argv = {
      KUBEFAKE_BINARY,    "serve",
      "--port",           "0",
      "--seed",           "7",
      "--fixtures",       std::string(KUBEFAKE_FIXTURES_DIR) + "/default",
      "--kubeconfig-out", kubeconfig_.string()};
  if (tls_and_token) argv.insert(argv.end(), {"--tls", "--token", kToken});
  process_ = std::make_unique<ChildProcess>(argv);
  if (!process_->running()) {
    error_ = std::string("cannot start ") + KUBEFAKE_BINARY;
    process_.reset();
    return;
  }
  const std::optional<std::string> line = process_->ReadLine(std::chrono::seconds(30));
  if (!line) {
    error_ = "kubefake serve printed nothing within 30 s";
    return;
  }
  const size_t at = line->find(" API at ");
  if (at == std::string::npos) {
    error_ = "unexpected first line: " + *line;
    return;
  }
  const size_t end = line->find(' ', at + 8);
  url_ = line->substr(at + 8, end - at - 8);
}

KubefakeServe::~KubefakeServe() {
  process_.reset();
  fs::remove_all(dir_);
}

bool KubefakeServe::Stop() {
  if (!process_) return true;
  const std::optional<int> code = process_->Stop(SIGTERM, std::chrono::seconds(30));
  process_.reset();
  return code == 0;
}

}  // namespace kubefake::integration
