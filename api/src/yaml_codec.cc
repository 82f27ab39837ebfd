#include "kubefake/api/yaml_codec.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "kubefake/api/ascii.h"
#include "kubefake/api/error.h"
#include "yaml_decoder.h"
#include "yaml_emitter.h"

namespace kubefake::api {
namespace {

constexpr std::string_view kConversionPrefix = "error converting YAML to JSON: ";

// Converts one chunk whose first line is line `first_line` (0-based) of the whole text.
Result<nlohmann::json> ConvertChunk(std::string_view chunk, std::string_view whole,
                                    size_t chunk_offset, const YamlDecodeOptions& options,
                                    TextPosition* error_position) {
  yaml::DecodeFailure failure;
  std::optional<nlohmann::json> json = yaml::DecodeFirstDocument(chunk, options.strict, &failure);
  if (json) return std::move(*json);
  if (error_position != nullptr) {
    if (failure.line >= 0) {
      // Walk to the failing line and column inside the chunk, then count from the whole text.
      size_t offset = 0;
      for (int line = 0; line < failure.line && offset < chunk.size(); ++line) {
        const size_t newline = chunk.find('\n', offset);
        offset = newline == std::string_view::npos ? chunk.size() : newline + 1;
      }
      offset += static_cast<size_t>(std::max(failure.column, 0));
      *error_position = PositionAt(whole, chunk_offset + std::min(offset, chunk.size()));
    } else {
      *error_position = PositionAt(whole, chunk_offset);
    }
  }
  return Fail(NewBadRequest(std::string(kConversionPrefix) + failure.message));
}

}  // namespace

Result<nlohmann::json> YamlToJson(std::string_view yaml, YamlDecodeOptions options,
                                  TextPosition* error_position) {
  return ConvertChunk(yaml, yaml, 0, options, error_position);
}

Result<std::vector<YamlDocument>> ReadYamlDocuments(std::string_view yaml,
                                                    YamlDecodeOptions options,
                                                    TextPosition* error_position) {
  std::vector<YamlDocument> documents;
  size_t chunk_start = 0;
  size_t pos = 0;
  auto flush = [&](size_t chunk_end) -> Result<void> {
    const std::string_view chunk = yaml.substr(chunk_start, chunk_end - chunk_start);
    const std::string_view content = TrimAsciiSpace(chunk);
    if (content.empty()) return {};
    Result<nlohmann::json> json = ConvertChunk(chunk, yaml, chunk_start, options, error_position);
    if (!json) return Fail(std::move(json.error()));
    if (!json->is_null()) {
      documents.push_back({std::move(*json), PositionAt(yaml, content.data() - yaml.data())});
    }
    return {};
  };
  while (pos < yaml.size()) {
    const size_t newline = yaml.find('\n', pos);
    const size_t line_end = newline == std::string_view::npos ? yaml.size() : newline + 1;
    const std::string_view line = yaml.substr(pos, line_end - pos);
    if (line.starts_with("---")) {
      // kubectl's YAMLReader: only spaces or a comment may follow the separator.
      const std::string_view rest = TrimAsciiSpace(line.substr(3));
      if (!rest.empty() && rest.front() != '#') {
        if (error_position != nullptr) *error_position = PositionAt(yaml, pos);
        return Fail(NewBadRequest("invalid Yaml document separator: " + std::string(rest)));
      }
      if (Result<void> flushed = flush(pos); !flushed) return Fail(std::move(flushed.error()));
      chunk_start = line_end;
    }
    pos = line_end;
  }
  if (Result<void> flushed = flush(yaml.size()); !flushed) return Fail(std::move(flushed.error()));
  return documents;
}

Result<std::vector<nlohmann::json>> YamlStreamToJson(std::string_view yaml,
                                                     YamlDecodeOptions options,
                                                     TextPosition* error_position) {
  Result<std::vector<YamlDocument>> documents = ReadYamlDocuments(yaml, options, error_position);
  if (!documents) return Fail(std::move(documents.error()));
  std::vector<nlohmann::json> out;
  out.reserve(documents->size());
  for (YamlDocument& document : *documents) out.push_back(std::move(document.json));
  return out;
}

std::string JsonToYaml(const nlohmann::json& json) { return yaml::EmitDocument(json); }

std::string JsonToYamlStream(const std::vector<nlohmann::json>& documents) {
  std::string out;
  for (size_t i = 0; i < documents.size(); ++i) {
    if (i > 0) out += "---\n";
    out += JsonToYaml(documents[i]);
  }
  return out;
}

}  // namespace kubefake::api
