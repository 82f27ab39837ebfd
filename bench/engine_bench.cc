// Benchmarks of the fake apiserver engine (in-process door), each beside a baseline measured
// in the same run.
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "kubefake/fakeserver/action_recorder.h"
#include "kubefake/fakeserver/api_server.h"

namespace kubefake::fakeserver {
namespace {

Request Make(std::string method, std::string path, std::string body = "") {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.body = std::move(body);
  return request;
}

// engine_start: construct the engine with the full catalog, system namespaces created.
void BM_EngineStart(benchmark::State& state) {
  for (auto _ : state) {
    ApiServer server;
    benchmark::DoNotOptimize(server);
  }
}
BENCHMARK(BM_EngineStart)->Unit(benchmark::kMicrosecond);

// Creates ConfigMap c<i> and gets it back through ApiServer::Handle.
void CreateAndGet(ApiServer& server, int64_t i) {
  std::string name = "c";  // appended: GCC 12 warns (-Wrestrict) on "c" + std::string
  name += std::to_string(i);
  Response created =
      server.Handle(Make("POST", "/api/v1/namespaces/default/configmaps",
                         R"({"metadata":{"name":")" + name + R"("},"data":{"k":"v"}})"));
  Response got = server.Handle(Make("GET", "/api/v1/namespaces/default/configmaps/" + name));
  benchmark::DoNotOptimize(got);
}

// One create + one get of a ConfigMap through ApiServer::Handle; range(0) = 1 settles the
// cluster controllers after every write (the default), 0 leaves them to Settle().
void BM_EngineCreateAndGet(benchmark::State& state) {
  ApiServerOptions options;
  options.settle_after_writes = state.range(0) == 1;
  ApiServer server(std::move(options));
  int64_t i = 0;
  for (auto _ : state) CreateAndGet(server, i++);
}
BENCHMARK(BM_EngineCreateAndGet)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

// The same create + get with every request recorded as an Action (ApiServerOptions::
// record_actions), beside the same loop unrecorded; the log is cleared every 10000 iterations
// so its growth does not dominate.
void BM_EngineCreateAndGetRecorded(benchmark::State& state) {
  ApiServerOptions options;
  options.record_actions = state.range(0) == 1;
  ApiServer server(std::move(options));
  int64_t i = 0;
  for (auto _ : state) {
    CreateAndGet(server, i++);
    if (i % 10000 == 0) server.actions().Clear();
  }
}
BENCHMARK(BM_EngineCreateAndGetRecorded)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

// Deleting a namespace holding 100 ConfigMaps until the namespace controller has removed them
// and the namespace (all within the DELETE request).
void BM_EngineDeleteNamespaceWith100ConfigMaps(benchmark::State& state) {
  ApiServer server;
  for (auto _ : state) {
    state.PauseTiming();
    server.Handle(Make("POST", "/api/v1/namespaces", R"({"metadata":{"name":"team"}})"));
    for (int i = 0; i < 100; ++i) {
      server.Handle(Make("POST", "/api/v1/namespaces/team/configmaps",
                         R"({"metadata":{"name":"c)" + std::to_string(i) + R"("}})"));
    }
    state.ResumeTiming();
    Response deleted = server.Handle(Make("DELETE", "/api/v1/namespaces/team"));
    benchmark::DoNotOptimize(deleted);
  }
}
BENCHMARK(BM_EngineDeleteNamespaceWith100ConfigMaps)->Unit(benchmark::kMicrosecond);

// Baseline for the above: parse the same body and dump an object of the same size twice.
void BM_BaselineParseAndDump(benchmark::State& state) {
  const std::string body = R"({"metadata":{"name":"c"},"data":{"k":"v"}})";
  for (auto _ : state) {
    nlohmann::json json = nlohmann::json::parse(body);
    std::string a = json.dump();
    std::string b = json.dump();
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
  }
}
BENCHMARK(BM_BaselineParseAndDump)->Unit(benchmark::kMicrosecond);

// list of 100 ConfigMaps.
void BM_EngineList100(benchmark::State& state) {
  ApiServer server;
  for (int i = 0; i < 100; ++i) {
    server.Handle(Make("POST", "/api/v1/namespaces/default/configmaps",
                       R"({"metadata":{"name":"c)" + std::to_string(i) + R"("}})"));
  }
  for (auto _ : state) {
    Response list = server.Handle(Make("GET", "/api/v1/namespaces/default/configmaps"));
    benchmark::DoNotOptimize(list);
  }
}
BENCHMARK(BM_EngineList100)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace kubefake::fakeserver
