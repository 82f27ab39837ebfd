// UnmockedTransport: what MockClientset's resources without an installed mock talk to. Every
// request is recorded and answered with a 500 InternalError Status naming it, so a call the
// test did not mock fails visibly instead of passing by accident. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kubefake/client/clientset.h"
#include "kubefake/client/transport.h"

namespace kubefake::testkit {

class UnmockedTransport final : public client::Transport {
 public:
  // Answers 500 `Internal error occurred: MockClientset has no mock installed for GET /api/...`.
  Result<client::TransportResponse> Send(const client::TransportRequest& request) override;

  // Every request so far, as `GET /api/v1/namespaces/default/pods/web`.
  std::vector<std::string> Requests() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
};

// A Clientset whose every request goes to `transport`.
std::unique_ptr<client::Clientset> UnmockedClientset(std::shared_ptr<UnmockedTransport> transport);

}  // namespace kubefake::testkit
