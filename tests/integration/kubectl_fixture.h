// The fixture of the kubectl integration tests: `kubefake serve` started as a separate process
// on a free port with fixtures/default, and the real kubectl run against it through the
// kubeconfig the server wrote. Parameterized by kubectl version and by how the server is
// reached (plain HTTP, or HTTPS with a bearer token). Tests skip, saying why, when the kubectl
// binary of their version is not installed.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kubefake_serve.h"
#include "subprocess.h"

namespace kubefake::integration {

struct KubectlParam {
  std::string kubectl_version;  // "1.33": runs kubectl.1.33
  bool tls_and_token = false;
};

std::string KubectlParamName(const testing::TestParamInfo<KubectlParam>& info);

// The path of kubectl.<version> (on PATH, or beside the `kubectl` on PATH); "" when missing.
std::string FindKubectl(const std::string& version);

class KubectlTest : public testing::TestWithParam<KubectlParam> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The command line of kubectl `args` with the server's kubeconfig and a private discovery
  // cache.
  std::vector<std::string> KubectlArgv(const std::vector<std::string>& args) const;
  // Runs kubectl with the server's kubeconfig and a private discovery cache.
  ProcessResult Kubectl(std::vector<std::string> args, const std::string& input = "");
  // Runs kubectl and fails the test unless it exits 0; returns its stdout.
  std::string KubectlOk(std::vector<std::string> args, const std::string& input = "");

  const std::string& server_url() const { return server_->url(); }
  // The kubeconfig the server wrote, and its private directory (for a test's own files).
  const std::filesystem::path& server_kubeconfig() const { return server_->kubeconfig(); }
  const std::filesystem::path& server_dir() const { return server_->dir(); }

 private:
  std::string kubectl_;
  std::unique_ptr<KubefakeServe> server_;
};

// Lines of `text`, without their newlines.
std::vector<std::string> Lines(const std::string& text);
// The words of `line` split on runs of spaces (kubectl's table cells).
std::vector<std::string> Cells(const std::string& line);

}  // namespace kubefake::integration
