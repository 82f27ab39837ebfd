// FakeClientset: the engine, its clock, the seeding and the three clients over
// InProcessTransport.
#include "kubefake/testing/fake_clientset.h"

#include <string>
#include <utility>

#include "kubefake/testing/fixtures.h"
#include "kubefake/testing/in_process_transport.h"

namespace kubefake::testkit {
namespace {

fakeserver::ApiServerOptions EngineOptions(FakeClock& clock, uint64_t random_seed) {
  fakeserver::ApiServerOptions options;
  options.clock = &clock;
  options.random_seed = random_seed;
  return options;
}

}  // namespace

FakeClientset::FakeClientset(const FakeClientsetOptions& options)
    : clock_(std::make_shared<FakeClock>(options.start)),
      server_(EngineOptions(*clock_, options.random_seed)) {}

FakeClientset::~FakeClientset() = default;

Result<std::unique_ptr<FakeClientset>> FakeClientset::New(FakeClientsetOptions options) {
  std::unique_ptr<FakeClientset> fake(new FakeClientset(options));
  if (auto seeded = fake->Seed(options); !seeded) return Fail(seeded.error());
  client::Config config;
  config.transport = std::make_shared<InProcessTransport>(fake->server_);
  if (auto connected = fake->Connect(std::move(config)); !connected) {
    return Fail(connected.error());
  }
  return fake;
}

Result<void> FakeClientset::Seed(const FakeClientsetOptions& options) {
  std::vector<Fixture> fixtures;
  if (!options.fixtures.empty()) {
    auto read = ReadFixtures(options.fixtures);
    if (!read) return Fail(read.error());
    fixtures = std::move(*read);
  }
  for (size_t i = 0; i < options.objects.size(); ++i) {
    fixtures.push_back({options.objects[i], "objects[" + std::to_string(i) + "]", 0});
  }
  return LoadFixtures(server_, fixtures);
}

Result<void> FakeClientset::Connect(client::Config config) {
  config.qps = -1;
  auto clientset = client::Clientset::NewForConfig(config);
  if (!clientset) return Fail(clientset.error());
  auto dynamic = client::DynamicClient::NewForConfig(config);
  if (!dynamic) return Fail(dynamic.error());
  auto discovery = client::DiscoveryClient::NewForConfig(config);
  if (!discovery) return Fail(discovery.error());
  config_ = std::move(config);
  clientset_ = std::move(*clientset);
  dynamic_ = std::move(*dynamic);
  discovery_ = std::move(*discovery);
  return {};
}

void FakeClientset::Disconnect() {
  discovery_.reset();
  dynamic_.reset();
  clientset_.reset();
  config_.transport.reset();
}

}  // namespace kubefake::testkit
