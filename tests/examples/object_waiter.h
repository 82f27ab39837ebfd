// ObjectWaiter: waits, with a real-time deadline and no polling, until an object on the fake
// apiserver passes a set of checks or is gone. It lists the object, then watches it from that
// resourceVersion, judging every state it sees; a watch that ends is resumed by listing again.
// It reads the engine in-process whatever door the controller under test uses, so its own
// watches come and go synchronously (FakeClock::Waiters sees only the controller's).
// Thread-safe.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "kubefake/client/dynamic_client.h"
#include "kubefake/fakeserver/api_server.h"
#include "kubefake/testing/object_checks.h"

namespace example {

class ObjectWaiter {
 public:
  // `server` must outlive the waiter.
  explicit ObjectWaiter(kubefake::fakeserver::ApiServer& server);

  // Succeeds once the object `namespace/name` of `gvr` exists and passes every check; fails
  // after `timeout` saying what it last saw.
  testing::AssertionResult Until(const kubefake::api::GroupVersionResource& gvr,
                                 const std::string& ns, const std::string& name,
                                 const std::vector<kubefake::testkit::ObjectCheck>& checks,
                                 std::chrono::seconds timeout = std::chrono::seconds(30)) const;
  // Succeeds once the object is gone.
  testing::AssertionResult UntilAbsent(
      const kubefake::api::GroupVersionResource& gvr, const std::string& ns,
      const std::string& name, std::chrono::seconds timeout = std::chrono::seconds(30)) const;

 private:
  std::unique_ptr<kubefake::client::DynamicClient> client_;
};

}  // namespace example
