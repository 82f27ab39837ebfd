// DecodeJson: request and fixture bytes to nlohmann::json, accepting and rejecting exactly what
// Go's encoding/json (the apiserver's JSON decoder) does, with its error messages. Kubernetes
// counterpart: json.Unmarshal into interface{} as the apiserver's JSON serializer runs it.
// Stateless; thread-safe. No exception escapes.
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kubefake/api/result.h"

namespace kubefake::api {

// A place in a text: 1-based line and column (columns count bytes), and the 0-based byte
// offset. All zero when unknown.
struct TextPosition {
  int line = 0;
  int column = 0;
  size_t offset = 0;

  bool operator==(const TextPosition&) const = default;
};

// The position of byte `offset` in `text` (offset == text.size() is the end of the text).
TextPosition PositionAt(std::string_view text, size_t offset);

// Parses one JSON value surrounded by optional whitespace. Strings with invalid UTF-8 or lone
// surrogate escapes decode with U+FFFD in their place, as Go decodes them; objects with a
// repeated key keep the last value. Nesting deeper than 10000 levels is rejected, as Go does.
// Errors: BadRequest with encoding/json's message, e.g. `invalid character '}' looking for
// beginning of object key string`, `unexpected end of JSON input`, `invalid character 'x'
// after top-level value`, `json: cannot unmarshal number 1e400 into Go value of type float64`.
// The apiserver wraps these (`couldn't get version/kind; json parse error: ...`); that is the
// server's business. When `error_position` is given, a failure stores where it was found.
// encoding/json's name for the JSON type of `value` in an UnmarshalTypeError ("string",
// "bool", "array", "object", "number"), as in `json: cannot unmarshal array into ...`.
std::string_view GoJsonTypeName(const nlohmann::json& value);

Result<nlohmann::json> DecodeJson(std::string_view data, TextPosition* error_position = nullptr);

}  // namespace kubefake::api
