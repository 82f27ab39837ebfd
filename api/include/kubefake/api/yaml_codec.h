// YAML codec: YAML to JSON and JSON to YAML exactly as Kubernetes does it with sigs.k8s.io/yaml
// on top of go-yaml v2 (YAML 1.1 scalar typing: unquoted yes/no/on/off/y/n are booleans, 010 is
// octal, 1e3 is a number, 0x1F is hex), and multi-document streams as kubectl splits them.
// Parsing uses yaml-cpp; go-yaml's typing, merge keys, key conversion and error messages are
// reproduced on top. Stateless; thread-safe. No exception escapes.
//
// Fidelity:
//   Emulated:  go-yaml v2 resolution of plain scalars (bool/null/int/float/string, `_` in
//              numbers, octal/hex/binary, ints beyond int64 as uint64), quoted and block
//              scalars as strings, explicit tags (!!str, !!int, !!float, !!bool, !!null,
//              !!binary, !!timestamp), anchors and aliases (with go-yaml's alias-expansion
//              limit), `<<` merge keys with go-yaml v2's order semantics, non-string keys
//              converted to strings as sigs.k8s.io/yaml does (float keys with float32
//              precision), strict duplicate-key errors, .inf/.nan rejected as JSON cannot
//              hold them, kubectl's `---` document splitting; on output go-yaml v2's emitter:
//              sorted keys (go-yaml's natural order), `- ` sequences not indented under their
//              key, literal blocks for multi-line strings, quoting of strings that would
//              re-read as another type, line folding at 80 columns.
//   Differs:   syntax errors come from yaml-cpp: the common ones are translated to libyaml's
//              messages (`mapping values are not allowed in this context`, `did not find
//              expected key`, `found character that cannot start any token`, ...) with
//              go-yaml's line numbering, rarer ones keep yaml-cpp's wording. Columns in
//              TextPosition count bytes. A few constructs libyaml rejects and yaml-cpp
//              accepts (a tab right after `- `) are accepted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kubefake/api/json_codec.h"
#include "kubefake/api/result.h"

namespace kubefake::api {

struct YamlDecodeOptions {
  // Reject a key repeated in one mapping, as sigs.k8s.io/yaml's YAMLToJSONStrict does (the
  // apiserver's strict decoding, kubectl's manifest reading): `yaml: unmarshal errors:\n  line
  // 3: key "a" already set in map`. When false the later value wins (YAMLToJSON).
  bool strict = true;
};

// Converts the first YAML document of `yaml` to JSON, as sigs.k8s.io/yaml's YAMLToJSON (or
// YAMLToJSONStrict) does; later documents are not read. Empty input, comments only and an
// empty document give JSON null.
// Errors: BadRequest `error converting YAML to JSON: yaml: line 2: mapping values are not
// allowed in this context` (the message the apiserver returns for a bad YAML body), also for
// strict duplicates, unsupported keys (`unsupported map key of type: ...`) and
// `json: unsupported value: +Inf`. When `error_position` is given, a failure stores where it
// was found (line and column 1-based).
Result<nlohmann::json> YamlToJson(std::string_view yaml, YamlDecodeOptions options = {},
                                  TextPosition* error_position = nullptr);

// Splits a multi-document stream as kubectl's YAML reader does (a line starting with `---`,
// followed by nothing but spaces or a comment) and converts each document with YamlToJson.
// Documents that are empty or null are skipped, as kubectl skips them. Error messages keep
// line numbers relative to their document, as kubectl's do; `error_position` is absolute.
// Errors: as YamlToJson, plus BadRequest `invalid Yaml document separator: <rest of line>`.
Result<std::vector<nlohmann::json>> YamlStreamToJson(std::string_view yaml,
                                                     YamlDecodeOptions options = {},
                                                     TextPosition* error_position = nullptr);

// One document of a multi-document stream and where its text starts (its first non-blank
// character; line and column 1-based).
struct YamlDocument {
  nlohmann::json json;
  TextPosition position;
};

// As YamlStreamToJson, keeping each document's position (for error messages naming a line).
Result<std::vector<YamlDocument>> ReadYamlDocuments(std::string_view yaml,
                                                    YamlDecodeOptions options = {},
                                                    TextPosition* error_position = nullptr);

// Renders `json` as sigs.k8s.io/yaml's JSONToYAML does (what `kubectl get -o yaml` prints),
// ending with a newline. YamlToJson(JsonToYaml(j)) == j for every j without non-finite
// numbers and without a "<<" key (go-yaml writes it plain, and it reads back as a merge key);
// floats print as go-yaml prints them (1000000.5 -> 1.0000005e+06, 2.0 -> 2), strings that
// are not valid UTF-8 as !!binary.
std::string JsonToYaml(const nlohmann::json& json);

// Renders each document with JsonToYaml, separated by "---\n" lines.
std::string JsonToYamlStream(const std::vector<nlohmann::json>& documents);

}  // namespace kubefake::api
