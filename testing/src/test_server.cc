// TestServer: FakeClientset's engine behind fakeserver::HttpServer, a kubeconfig in a private
// temporary directory, and the clients built over HTTP.
#include "kubefake/testing/test_server.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include "kubefake/api/error.h"
#include "kubefake/testing/kubeconfig_file.h"

namespace kubefake::testkit {
namespace {

namespace fs = std::filesystem;

Result<fs::path> MakePrivateDirectory() {
  std::string pattern = (fs::temp_directory_path() / "kubefake-test-server-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return Fail(api::NewInternalError("creating a directory for the kubeconfig: " +
                                      std::string(std::strerror(errno))));
  }
  return fs::path(pattern);
}

}  // namespace

TestServer::TestServer(const FakeClientsetOptions& options)
    : FakeClientset(options), http_(Server(), fakeserver::HttpServerOptions{}) {}

TestServer::~TestServer() {
  // The clients' keep-alive connections would hold a graceful Stop until they idle out.
  Disconnect();
  http_.Stop();
  if (!directory_.empty()) {
    std::error_code ignored;
    fs::remove_all(directory_, ignored);
  }
}

Result<std::unique_ptr<TestServer>> TestServer::New(FakeClientsetOptions options) {
  std::unique_ptr<TestServer> server(new TestServer(options));
  if (auto seeded = server->Seed(options); !seeded) return Fail(seeded.error());
  if (auto started = server->http_.Start(); !started) return Fail(started.error());
  auto directory = MakePrivateDirectory();
  if (!directory) return Fail(directory.error());
  server->directory_ = *directory;
  server->kubeconfig_path_ = *directory / "kubeconfig";
  auto written = WriteKubeconfig(server->kubeconfig_path_, {.server = server->Url()});
  if (!written) return Fail(written.error());
  client::Config config;
  config.host = server->Url();
  if (auto connected = server->Connect(std::move(config)); !connected) {
    return Fail(connected.error());
  }
  return server;
}

}  // namespace kubefake::testkit
