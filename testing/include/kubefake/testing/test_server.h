// TestServer: a FakeClientset whose engine is served over loopback HTTP on a free port, with a
// kubeconfig file written for it, for tests that drive external tools (kubectl, a controller
// binary in any language) — envtest's role, without etcd or a kube-apiserver binary. Its own
// clients talk HTTP too, so a test body written against FakeClientset runs unchanged on it.
// RAII: destroying it stops the server and removes the kubeconfig's directory. Thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "kubefake/api/result.h"
#include "kubefake/fakeserver/http_server.h"
#include "kubefake/testing/fake_clientset.h"

namespace kubefake::testkit {

class TestServer final : public FakeClientset {
 public:
  // Seeds a fresh engine as FakeClientset::New does, serves it on 127.0.0.1 (plain HTTP, any
  // free port) and writes a kubeconfig (cluster, user and context "kubefake") into a new private
  // temporary directory. Errors: those of FakeClientset::New; ServiceUnavailable when no port
  // can be bound; InternalError when the kubeconfig cannot be written.
  static Result<std::unique_ptr<TestServer>> New(FakeClientsetOptions options = {});

  ~TestServer() override;

  // "http://127.0.0.1:PORT".
  std::string Url() const { return http_.url(); }
  // The kubeconfig file, for `kubectl --kubeconfig` or KUBECONFIG.
  const std::filesystem::path& KubeconfigPath() const { return kubeconfig_path_; }
  // The HTTP front end (OpenWatches, WaitForRequestsInFlight, Stop).
  fakeserver::HttpServer& Http() { return http_; }

 private:
  explicit TestServer(const FakeClientsetOptions& options);

  fakeserver::HttpServer http_;
  std::filesystem::path directory_;
  std::filesystem::path kubeconfig_path_;
};

}  // namespace kubefake::testkit
