// GoFormatValue: a decoded JSON value as Go's fmt prints the map[string]interface{} tree that
// encoding/json (with PreserveInts) makes of it, for the apiserver messages that embed such
// values with %v or %+v (strategic merge patch errors, the `patch` field of Invalid errors).
// Pure function; thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace kubefake::api {

// `map[a:1 b:[x y]]` for objects (keys sorted), `[x y]` for arrays, strings unquoted, integers
// as integers, floats as strconv's 'g' format with the shortest precision (1e+06), null as
// `<nil>`.
std::string GoFormatValue(const nlohmann::json& value);

// Go's reflect type name of a decoded JSON value: `map[string]interface {}`, `[]interface {}`,
// `string`, `int64`, `float64`, `bool`; `<nil>` for null.
std::string GoDecodedTypeName(const nlohmann::json& value);

}  // namespace kubefake::api
