// The objects the benchmarks send: a Pod of about 1 KiB, shaped as controllers usually see one,
// and a ConfigMap carrying a chosen number of data bytes. Deterministic; thread-safe.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

namespace kubefake::bench {

// A Pod named `name` whose JSON (as sent, before the server adds metadata) is about 1 KiB.
nlohmann::json SamplePod(std::string_view name);

// A ConfigMap named `name` with one data key whose value is `data_bytes` bytes long.
nlohmann::json SampleConfigMap(std::string_view name, std::size_t data_bytes);

}  // namespace kubefake::bench
