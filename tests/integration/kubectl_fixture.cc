#include "kubectl_fixture.h"

#include <unistd.h>

#include <cstdlib>
#include <sstream>

namespace kubefake::integration {
namespace {

namespace fs = std::filesystem;

bool IsExecutable(const fs::path& path) { return ::access(path.c_str(), X_OK) == 0; }

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::string KubectlParamName(const testing::TestParamInfo<KubectlParam>& info) {
  std::string name = "kubectl_" + info.param.kubectl_version;
  for (char& c : name) {
    if (c == '.') c = '_';
  }
  return name + (info.param.tls_and_token ? "_TlsToken" : "_Http");
}

std::string FindKubectl(const std::string& version) {
  const std::string name = "kubectl." + version;
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    if (IsExecutable(fs::path(dir) / name)) return (fs::path(dir) / name).string();
    // The versioned binaries sit beside the real kubectl that a PATH entry may link to.
    std::error_code error;
    const fs::path real = fs::canonical(fs::path(dir) / "kubectl", error);
    if (!error && IsExecutable(real.parent_path() / name)) {
      return (real.parent_path() / name).string();
    }
  }
  return "";
}

void KubectlTest::SetUp() {
  kubectl_ = FindKubectl(GetParam().kubectl_version);
  if (kubectl_.empty()) {
    GTEST_SKIP() << "kubectl." << GetParam().kubectl_version
                 << " is not installed (looked on PATH and beside kubectl)";
  }
  server_ = std::make_unique<KubefakeServe>(
      testing::UnitTest::GetInstance()->current_test_info()->name(), GetParam().tls_and_token);
  ASSERT_EQ(server_->error(), "");
}

void KubectlTest::TearDown() {
  if (server_) {
    EXPECT_TRUE(server_->Stop()) << "kubefake serve did not shut down cleanly on SIGTERM";
  }
}

std::vector<std::string> KubectlTest::KubectlArgv(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {kubectl_, "--kubeconfig", server_->kubeconfig().string(),
                                   "--cache-dir", (server_->dir() / "cache").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

ProcessResult KubectlTest::Kubectl(std::vector<std::string> args, const std::string& input) {
  return RunProcess(KubectlArgv(args), input, std::chrono::seconds(60));
}

std::string KubectlTest::KubectlOk(std::vector<std::string> args, const std::string& input) {
  std::string command = "kubectl";
  for (const std::string& arg : args) command += " " + arg;
  const ProcessResult result = Kubectl(std::move(args), input);
  EXPECT_EQ(result.exit_code, 0) << command << "\nstdout: " << result.out
                                 << "\nstderr: " << result.err;
  return result.out;
}

// Every kubectl test runs with kubectl 1.33 and 1.32, over plain HTTP and over HTTPS with a
// bearer token.
INSTANTIATE_TEST_SUITE_P(Kubectl, KubectlTest,
                         testing::Values(KubectlParam{"1.33", false}, KubectlParam{"1.33", true},
                                         KubectlParam{"1.32", false}, KubectlParam{"1.32", true}),
                         KubectlParamName);

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(Trim(line));
  return lines;
}

std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells;
  std::istringstream in(line);
  std::string cell;
  while (in >> cell) cells.push_back(cell);
  return cells;
}

}  // namespace kubefake::integration
