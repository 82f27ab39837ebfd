// YAML text to JSON with go-yaml v2's resolution and sigs.k8s.io/yaml's conversion: the engine
// behind YamlToJson. Internal to kubefake::api. Pure function; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kubefake::api::yaml {

struct DecodeFailure {
  // The message after sigs.k8s.io/yaml's "error converting YAML to JSON: " prefix, e.g.
  // "yaml: line 2: mapping values are not allowed in this context".
  std::string message;
  // 0-based line and byte column in the decoded text; -1 when unknown.
  int line = -1;
  int column = -1;
};

// Decodes the first document of `text` (one chunk of a stream). On failure returns nullopt
// and fills *failure.
std::optional<nlohmann::json> DecodeFirstDocument(std::string_view text, bool strict,
                                                  DecodeFailure* failure);

// Whether go-yaml reads `s`, written as a plain scalar, as a string (resolve("", s) is !!str).
// go-yaml's encoder quotes the strings for which it is not: "yes", "1", "null", "1e3",
// "2001-12-14", "<<".
bool ResolvesAsString(const std::string& s);

// Whether go-yaml's parseTimestamp accepts `s` ("2001-12-14", "2001-12-14T21:59:43.10Z").
bool IsTimestamp(std::string_view s);

}  // namespace kubefake::api::yaml
