// JSON to YAML text as go-yaml v2's encoder and emitter write it for the value that
// sigs.k8s.io/yaml's JSONToYAML decodes: the engine behind JsonToYaml. Internal to
// kubefake::api. Pure function; thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace kubefake::api::yaml {

// One document, without a `---` line, ending with a newline.
std::string EmitDocument(const nlohmann::json& json);

}  // namespace kubefake::api::yaml
