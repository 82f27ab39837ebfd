// Reading a CRD's openAPIV3Schema (JSONSchemaProps as JSON) while walking an object beside it,
// shared by the pruning, defaulting and validation walkers. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kubefake::fakeserver::apiextensions {

// Whether the schema sets the boolean `key` (x-kubernetes-preserve-unknown-fields, ...) true.
inline bool SchemaFlag(const nlohmann::json& schema, const char* key) {
  auto it = schema.find(key);
  return it != schema.end() && it->is_boolean() && it->get<bool>();
}

// The field path of `key` under `path`: "spec.replicas", or just `key` at the root.
inline std::string ChildPath(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

}  // namespace kubefake::fakeserver::apiextensions
