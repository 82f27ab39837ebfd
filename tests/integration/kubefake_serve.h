// `kubefake serve` as a separate process for the integration tests: started on a free port with
// fixtures/default, writing its kubeconfig into a private directory, stopped with SIGTERM.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "subprocess.h"

namespace kubefake::integration {

class KubefakeServe {
 public:
  static constexpr char kToken[] = "kubefake-integration-token";

  // Starts the server for the test `name` (which names its directory); with `tls_and_token`
  // it serves HTTPS and requires kToken. Check error() before using it.
  KubefakeServe(const std::string& name, bool tls_and_token);
  // Kills the server if it still runs and removes the directory.
  ~KubefakeServe();
  KubefakeServe(const KubefakeServe&) = delete;
  KubefakeServe& operator=(const KubefakeServe&) = delete;

  // Why the server did not start; "" when it is running.
  const std::string& error() const { return error_; }
  // Sends SIGTERM and waits; true when the server exited 0.
  bool Stop();

  const std::filesystem::path& dir() const { return dir_; }
  const std::filesystem::path& kubeconfig() const { return kubeconfig_; }
  const std::string& url() const { return url_; }

 private:
  std::filesystem::path dir_;
  std::filesystem::path kubeconfig_;
  std::string url_;
  std::string error_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace kubefake::integration
