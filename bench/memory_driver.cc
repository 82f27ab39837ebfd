// memory_100k: the resident memory an engine grows by while 100,000 ConfigMaps with 1 KiB of
// data each are created in it, against the JSON bytes of those objects as stored (the create
// answers). Runs in its own process so nothing else counts toward its RSS (VmRSS from
// /proc/self/status). Prints the row as JSON. Flags: --objects=100000 --data-bytes=1024.
#include <cstdio>
#include <fstream>
#include <string>

#include "bench_objects.h"
#include "engine_call.h"
#include "kubefake/fakeserver/api_server.h"
#include "result_row.h"

namespace kubefake::bench {
namespace {

// VmRSS of this process in bytes.
double ResidentBytes() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) return std::stod(line.substr(6)) * 1024;
  }
  std::abort();
}

ResultRow Memory(int objects, int data_bytes) {
  fakeserver::ApiServer server;
  double before = ResidentBytes();
  double json_bytes = 0;
  for (int i = 0; i < objects; ++i) {
    fakeserver::Response created =
        CallEngine(server, "POST", "/api/v1/namespaces/default/configmaps",
                   SampleConfigMap("config-" + std::to_string(i), data_bytes).dump());
    if (created.status != 201) std::abort();
    json_bytes += static_cast<double>(created.body.size());
  }
  double growth = ResidentBytes() - before;
  constexpr double kMiB = 1024.0 * 1024.0;
  ResultRow row("memory_100k", "MiB", "value <= 2 x baseline (ratio >= 0.5)");
  row.value = growth / kMiB;
  row.CompareWith("the objects' JSON bytes", json_bytes / kMiB, /*higher_is_better=*/false);
  row.samples = {row.value};
  row.meets = growth <= 2 * json_bytes;
  row.details = {{"objects", objects}, {"data_bytes", data_bytes}};
  return row;
}

}  // namespace
}  // namespace kubefake::bench

int main(int argc, char** argv) {
  using namespace kubefake::bench;
  PrintRows({Memory(static_cast<int>(IntFlag(argc, argv, "objects", 100'000)),
                    static_cast<int>(IntFlag(argc, argv, "data-bytes", 1024)))});
  return 0;
}
