// Decode and Encode: the safe way between JSON and the generated typed structs
// (kubefake/api/types/<group>/<version>.h). Decode turns the nlohmann exceptions the generated
// from_json throws into a BadRequest Error; nothing escapes. Kubernetes counterpart: decoding a
// typed object with the apiserver's JSON serializer. Stateless; thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kubefake/api/error.h"
#include "kubefake/api/fields_v1.h"
#include "kubefake/api/result.h"

namespace kubefake::api {

// The BadRequest for a failed typed decode: the exception text without nlohmann's
// "[json.exception.type_error.302] " prefix, e.g.
// `at spec.containers[0].name: type must be string, but is number`.
inline Error TypedDecodeError(const nlohmann::json::exception& e) {
  std::string_view text = e.what();
  if (text.starts_with("[json.exception.")) {
    if (std::string_view::size_type end = text.find("] "); end != std::string_view::npos) {
      text.remove_prefix(end + 2);
    }
  }
  return NewBadRequest(std::string(text));
}

// Decodes `json` into T as the apiserver's decoder does: absent and null fields keep their
// zero value (absent optionals stay empty), unknown fields are dropped, and a kind's apiVersion
// and kind default to its own group-version-kind.
// Errors: BadRequest on a type mismatch, an out-of-range number or a malformed quantity or time,
// naming the field path.
template <typename T>
Result<T> Decode(const nlohmann::json& json) {
  T value;
  try {
    from_json(json, value);
  } catch (const nlohmann::json::exception& e) {
    return Fail(TypedDecodeError(e));
  }
  return value;
}

// As Decode above, from a shared tree: FieldsV1 values (managedFields) refer into `json`
// instead of copying it (kubefake/api/fields_v1.h), and keep it alive while they live.
template <typename T>
Result<T> Decode(const std::shared_ptr<const nlohmann::json>& json) {
  SharedDecodeSource source(json);
  return Decode<T>(*json);
}

// Encodes a typed struct. Empty optionals are omitted; required fields are always written.
template <typename T>
nlohmann::json Encode(const T& value) {
  nlohmann::json json;
  to_json(json, value);
  return json;
}

}  // namespace kubefake::api
