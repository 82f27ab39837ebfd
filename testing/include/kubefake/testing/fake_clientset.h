// FakeClientset: a fresh, private fake apiserver engine on a FakeClock, seeded with objects,
// with a typed clientset, a dynamic client and a discovery client on it through
// InProcessTransport. client-go's fake.NewSimpleClientset, except that every call goes through
// the one engine a served fake uses, so a test written against it passes unchanged over HTTP
// (TestServer). Thread-safe (each part is).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "kubefake/api/result.h"
#include "kubefake/client/clientset.h"
#include "kubefake/client/config.h"
#include "kubefake/client/discovery_client.h"
#include "kubefake/client/dynamic_client.h"
#include "kubefake/fakeserver/api_server.h"
#include "kubefake/testing/fake_clock.h"

namespace kubefake::testkit {

struct FakeClientsetOptions {
  // Objects to create, typed structs (they convert to JSON implicitly) or unstructured JSON.
  std::vector<nlohmann::json> objects{};
  // YAML or JSON files and directories of objects (ReadFixtures), created before `objects`.
  std::vector<std::filesystem::path> fixtures{};
  // Where the FakeClock starts.
  std::chrono::system_clock::time_point start = FakeClock::kDefaultStart;
  // Seed for uids and generateName suffixes; fixed so runs repeat. 0 picks a random seed.
  uint64_t random_seed = 1;
};

class FakeClientset {
 public:
  // Builds the engine (system namespaces included) and creates the fixtures and objects through
  // its API as LoadFixtures does: server-set fields filled in, validation applied, namespaces
  // first. Errors: those of ReadFixtures and LoadFixtures, naming the object that failed
  // (`objects[1]: ...` for an entry of options.objects).
  static Result<std::unique_ptr<FakeClientset>> New(FakeClientsetOptions options = {});

  virtual ~FakeClientset();
  FakeClientset(const FakeClientset&) = delete;
  FakeClientset& operator=(const FakeClientset&) = delete;

  client::Clientset& Clientset() { return *clientset_; }
  client::DynamicClient& Dynamic() { return *dynamic_; }
  client::DiscoveryClient& Discovery() { return *discovery_; }
  // The engine, for Settle() and direct requests.
  fakeserver::ApiServer& Server() { return server_; }
  // The engine's clock; informers and work queues of the test may share it.
  FakeClock& Clock() { return *clock_; }
  std::shared_ptr<FakeClock> SharedClock() const { return clock_; }
  // The config the three clients were made from, for more clients (informers, a RESTClient).
  // Rate limiting is off (qps < 0) so no call waits on a clock.
  const client::Config& Config() const { return config_; }

 protected:
  explicit FakeClientset(const FakeClientsetOptions& options);
  // Creates options' fixtures and objects in the engine.
  Result<void> Seed(const FakeClientsetOptions& options);
  // Makes the three clients from `config` (qps is set to -1 first).
  Result<void> Connect(client::Config config);
  // Destroys the three clients (and their connections); the accessors must not be used after.
  void Disconnect();

 private:
  std::shared_ptr<FakeClock> clock_;
  fakeserver::ApiServer server_;
  client::Config config_;
  std::unique_ptr<client::Clientset> clientset_;
  std::unique_ptr<client::DynamicClient> dynamic_;
  std::unique_ptr<client::DiscoveryClient> discovery_;
};

}  // namespace kubefake::testkit
