// The initial sync of a SharedIndexInformer over 10,000 Pods (informer_sync_10k): from the
// informer's construction until WaitForCacheSync returns, in-process and over HTTP (an
// HttpServer on port 0 on the same engine). The engine is seeded once, outside the timing.
// KUBEFAKE_BENCH_PODS overrides the number of Pods (a smaller sync to profile under callgrind).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "bench_objects.h"
#include "engine_call.h"
#include "kubefake/client/cache/list_watch.h"
#include "kubefake/client/cache/shared_index_informer.h"
#include "kubefake/client/dynamic_client.h"
#include "kubefake/client/transport.h"
#include "kubefake/fakeserver/http_server.h"
#include "kubefake/testing/in_process_transport.h"

namespace kubefake::bench {
namespace {

// The number of Pods: 10,000 unless KUBEFAKE_BENCH_PODS says otherwise.
size_t PodCount() {
  static const size_t count = [] {
    const char* value = std::getenv("KUBEFAKE_BENCH_PODS");
    return value != nullptr && std::atoi(value) > 0 ? static_cast<size_t>(std::atoi(value))
                                                     : size_t{10'000};
  }();
  return count;
}
const api::GroupVersionResource kPodsResource{"", "v1", "pods"};

void Seed(fakeserver::ApiServer& server) {
  for (size_t i = 0; i < PodCount(); ++i) {
    CallEngine(server, "POST", "/api/v1/namespaces/default/pods",
               SamplePod("web-" + std::to_string(i)).dump());
  }
}

[[noreturn]] void Abort(const std::string& what) {
  std::fprintf(stderr, "benchmark failed: %s\n", what.c_str());
  std::abort();
}

// Times, per iteration, a fresh informer's initial sync through `transport`; checks that the
// cache holds every Pod.
void TimeInitialSync(benchmark::State& state, std::shared_ptr<client::Transport> transport) {
  client::Config config;
  config.host = "http://kubefake.invalid";
  config.transport = std::move(transport);
  config.qps = -1;
  Result<std::unique_ptr<client::DynamicClient>> dynamic =
      client::DynamicClient::NewForConfig(config);
  if (!dynamic) Abort(dynamic.error().message());
  auto clock = std::make_shared<api::RealClock>();
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    client::cache::SharedIndexInformer informer(
        client::cache::NewDynamicListWatch((*dynamic)->Resource(kPodsResource).Namespace("default")),
        clock);
    std::jthread runner([&](std::stop_token stop) { informer.Run(stop); });
    if (!client::cache::WaitForCacheSync(runner.get_stop_token(),
                                         start + std::chrono::minutes(1), {&informer})) {
      Abort("the informer did not sync within a minute");
    }
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (informer.GetIndexer().Len() != PodCount()) Abort("the cache does not hold every Pod");
  }
}

void BM_InformerSync10kInProcess(benchmark::State& state) {
  fakeserver::ApiServer server;
  Seed(server);
  TimeInitialSync(state, std::make_shared<testkit::InProcessTransport>(server));
}
BENCHMARK(BM_InformerSync10kInProcess)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_InformerSync10kHttp(benchmark::State& state) {
  fakeserver::ApiServer server;
  Seed(server);
  fakeserver::HttpServer http(server, {});
  if (Result<void> started = http.Start(); !started) Abort(started.error().message());
  client::Config config;
  config.host = http.url();
  Result<std::shared_ptr<client::Transport>> transport = client::NewHttpTransport(config);
  if (!transport) Abort(transport.error().message());
  TimeInitialSync(state, *transport);
}
BENCHMARK(BM_InformerSync10kHttp)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kubefake::bench
