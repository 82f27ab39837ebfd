// ResourceVersionOf: an unstructured object's metadata.resourceVersion, as the Reflector and
// the informer read it from every object they handle (meta.Accessor's GetResourceVersion), and
// MetadataMember, the lookup under it. Stateless; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace kubefake::client::cache {

// metadata.`name` of `object`, or nullptr when either is missing or metadata is not an object.
// One lookup per member.
inline const nlohmann::json* MetadataMember(const nlohmann::json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return nullptr;
  auto found = metadata->find(name);
  return found == metadata->end() ? nullptr : &*found;
}

// metadata.resourceVersion; "" when it is missing or not a string.
inline std::string ResourceVersionOf(const nlohmann::json& object) {
  const nlohmann::json* found = MetadataMember(object, "resourceVersion");
  return found != nullptr && found->is_string() ? found->get<std::string>() : std::string();
}

}  // namespace kubefake::client::cache
