// ResourceVersionOf: an unstructured object's metadata.resourceVersion, as the Reflector and
// the informer read it from every object they handle (meta.Accessor's GetResourceVersion).
// Stateless; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace kubefake::client::cache {

// metadata.resourceVersion; "" when it is missing or not a string. One lookup per member.
inline std::string ResourceVersionOf(const nlohmann::json& object) {
  if (!object.is_object()) return {};
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return {};
  auto found = metadata->find("resourceVersion");
  if (found == metadata->end() || !found->is_string()) return {};
  return found->get<std::string>();
}

}  // namespace kubefake::client::cache
