// UnmockedTransport and MockClientset's hand-written half: the mock registry and the unmocked
// fallback (the generated half is generated/mock_clientset.cc).
#include "unmocked_transport.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "kubefake/api/error.h"
#include "kubefake/testing/mock_clientset.h"

namespace kubefake::testkit {

Result<client::TransportResponse> UnmockedTransport::Send(const client::TransportRequest& request) {
  std::string line = request.method + " " + request.path;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(line);
  }
  client::TransportResponse response;
  response.status = 500;
  response.headers.Set("Content-Type", "application/json");
  response.body = api::NewInternalError("MockClientset has no mock installed for " + line +
                                        "; install one with MockClientset::Install")
                      .ToStatus()
                      .dump();
  return response;
}

std::vector<std::string> UnmockedTransport::Requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::unique_ptr<client::Clientset> UnmockedClientset(std::shared_ptr<UnmockedTransport> transport) {
  client::Config config;
  config.transport = std::move(transport);
  config.qps = -1;
  config.max_retries = 0;
  auto clientset = client::Clientset::NewForConfig(config);
  if (!clientset) {
    // A config with a transport and no host always builds; failing here is a bug.
    std::fprintf(stderr, "MockClientset: %s\n", clientset.error().message().c_str());
    std::abort();
  }
  return std::move(*clientset);
}

void MockClientset::InstallErased(const std::type_info& interface, std::string_view ns,
                                  void* mock) {
  std::lock_guard lock(mutex_);
  mocks_[{std::type_index(interface), std::string(ns)}] = mock;
}

void* MockClientset::FindErased(const std::type_info& interface, std::string_view ns) const {
  std::lock_guard lock(mutex_);
  auto it = mocks_.find({std::type_index(interface), std::string(ns)});
  return it == mocks_.end() ? nullptr : it->second;
}

std::vector<std::string> MockClientset::UnmockedRequests() const {
  return unmocked_transport_->Requests();
}

}  // namespace kubefake::testkit
