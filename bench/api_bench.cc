// Benchmarks of kubefake::api building blocks the server uses on start-up and per request,
// each beside a baseline measured in the same run.
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "kubefake/api/error.h"
#include "kubefake/api/resource_catalog.h"

namespace kubefake::api {
namespace {

// Start-up: a copy of the full built-in catalog (engine_start's share of the work).
void BM_ResourceCatalogBuiltIn(benchmark::State& state) {
  for (auto _ : state) {
    ResourceCatalog catalog = ResourceCatalog::BuiltIn();
    benchmark::DoNotOptimize(catalog);
  }
}
BENCHMARK(BM_ResourceCatalogBuiltIn);

// Per error response: build a NotFound Status and serialize it.
void BM_NotFoundStatusDump(benchmark::State& state) {
  for (auto _ : state) {
    std::string body = NewNotFound({"", "pods"}, "web").ToStatus().dump();
    benchmark::DoNotOptimize(body);
  }
}
BENCHMARK(BM_NotFoundStatusDump);

// Baseline for the above: dump an already-built JSON object of the same shape.
void BM_BaselineRawJsonDump(benchmark::State& state) {
  const nlohmann::json status = NewNotFound({"", "pods"}, "web").ToStatus();
  for (auto _ : state) {
    std::string body = status.dump();
    benchmark::DoNotOptimize(body);
  }
}
BENCHMARK(BM_BaselineRawJsonDump);

}  // namespace
}  // namespace kubefake::api
