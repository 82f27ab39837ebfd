// The typed client over the in-process door, one thread (inproc_get, inproc_create,
// inproc_update, inproc_list100), each beside its baseline measured in the same run: one JSON
// parse and one dump of the same object (or list) as the server returns it; and the cost of a
// fresh FakeClientset seeded with ten objects (fake_clientset_new).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "bench_objects.h"
#include "engine_call.h"
#include "kubefake/api/typed_codec.h"
#include "kubefake/testing/fake_clientset.h"
#include "kubefake/testing/in_process_transport.h"
#include "typed_pods.h"

namespace kubefake::bench {
namespace {

using api::core::v1::Pod;

// An engine with a typed Pod client on it through InProcessTransport.
struct InProcessPods {
  fakeserver::ApiServer server;
  TypedPods pods = Connect(server);

  static TypedPods Connect(fakeserver::ApiServer& server) {
    client::Config config;
    config.transport = std::make_shared<testkit::InProcessTransport>(server);
    return TypedPods::Connect(std::move(config), "default").value();
  }
};

Pod TypedSamplePod(const std::string& name) { return api::Decode<Pod>(SamplePod(name)).value(); }

// A failed call is a broken benchmark, not a measurement: abort with the Status message (the
// smoke tests rely on it).
template <typename T>
const Result<T>& Check(const Result<T>& result) {
  if (!result) {
    std::fprintf(stderr, "benchmark call failed: %s\n", result.error().message().c_str());
    std::abort();
  }
  return result;
}

void BM_InprocGet(benchmark::State& state) {
  InProcessPods fake;
  Check(fake.pods.Create(TypedSamplePod("web")));
  for (auto _ : state) {
    benchmark::DoNotOptimize(Check(fake.pods.Get("web")));
  }
}
BENCHMARK(BM_InprocGet)->Unit(benchmark::kMicrosecond);

void BM_InprocCreate(benchmark::State& state) {
  InProcessPods fake;
  Pod pod = TypedSamplePod("web");
  int64_t i = 0;
  for (auto _ : state) {
    pod.metadata->name = "web-" + std::to_string(i++);
    benchmark::DoNotOptimize(Check(fake.pods.Create(pod)));
  }
}
BENCHMARK(BM_InprocCreate)->Unit(benchmark::kMicrosecond);

// Each update changes a label and sends the resourceVersion of the previous answer.
void BM_InprocUpdate(benchmark::State& state) {
  InProcessPods fake;
  Result<Pod> pod = Check(fake.pods.Create(TypedSamplePod("web")));
  int64_t i = 0;
  for (auto _ : state) {
    (*pod->metadata->labels)["revision"] = std::to_string(i++);
    pod = Check(fake.pods.Update(*pod));
  }
}
BENCHMARK(BM_InprocUpdate)->Unit(benchmark::kMicrosecond);

void BM_InprocList100(benchmark::State& state) {
  InProcessPods fake;
  for (int i = 0; i < 100; ++i) {
    Check(fake.pods.Create(TypedSamplePod("web-" + std::to_string(i))));
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(Check(fake.pods.List()));
  }
}
BENCHMARK(BM_InprocList100)->Unit(benchmark::kMicrosecond);

// One FakeClientset per test: engine, clock, seeding ten objects (a namespace, a deployment and
// eight pods, all through the API) and the three clients.
void BM_FakeClientsetNew(benchmark::State& state) {
  nlohmann::json deployment = {
      {"apiVersion", "apps/v1"},
      {"kind", "Deployment"},
      {"metadata", {{"name", "web"}, {"namespace", "demo"}}},
      {"spec",
       {{"selector", {{"matchLabels", {{"app", "web"}}}}},
        {"template",
         {{"metadata", {{"labels", {{"app", "web"}}}}}, {"spec", SamplePod("x")["spec"]}}}}}};
  testkit::FakeClientsetOptions options{
      .objects = {{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "demo"}}}},
                  deployment}};
  for (int i = 1; i <= 8; ++i) {
    nlohmann::json pod = SamplePod("web-" + std::to_string(i));
    pod["metadata"]["namespace"] = "demo";
    options.objects.push_back(std::move(pod));
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(Check(testkit::FakeClientset::New(options)));
  }
}
BENCHMARK(BM_FakeClientsetNew)->Unit(benchmark::kMillisecond);

// The bytes the server answers for `path` after `pods` Pods were created.
std::string ServerAnswer(int pods, const std::string& path) {
  fakeserver::ApiServer server;
  for (int i = 0; i < pods; ++i) {
    CallEngine(server, "POST", "/api/v1/namespaces/default/pods",
               SamplePod("web-" + std::to_string(i)).dump());
  }
  return CallEngine(server, "GET", path).body;
}

void ParseAndDump(benchmark::State& state, const std::string& bytes) {
  for (auto _ : state) {
    std::string dumped = nlohmann::json::parse(bytes).dump();
    benchmark::DoNotOptimize(dumped);
  }
}

// Baseline of get, create and update: one parse and one dump of the Pod the server returns.
void BM_BaselinePodParseDump(benchmark::State& state) {
  ParseAndDump(state, ServerAnswer(1, "/api/v1/namespaces/default/pods/web-0"));
}
BENCHMARK(BM_BaselinePodParseDump)->Unit(benchmark::kMicrosecond);

// Baseline of list100: one parse and one dump of the 100-Pod list the server returns.
void BM_BaselinePodList100ParseDump(benchmark::State& state) {
  ParseAndDump(state, ServerAnswer(100, "/api/v1/namespaces/default/pods"));
}
BENCHMARK(BM_BaselinePodList100ParseDump)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace kubefake::bench
