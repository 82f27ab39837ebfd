#include "negotiation.h"

#include <optional>
#include <string>
#include <vector>

#include "kubefake/api/ascii.h"

namespace kubefake::fakeserver {
namespace {

constexpr char kTextTypes[] = "application/json, application/yaml";
constexpr char kServedTypes[] = "application/json, application/yaml, application/vnd.kubernetes.protobuf";
constexpr char kProtobufType[] = "application/vnd.kubernetes.protobuf";

bool IsPrettyUserAgent(std::string_view user_agent) {
  return user_agent.starts_with("curl") || user_agent.starts_with("Wget") ||
         user_agent.starts_with("Mozilla/5.0");
}

// The transform `range` asks for, as RequestScope.AllowsMediaTypeTransform accepts it for
// JSON or YAML (Table is offered for both, not for protobuf): nullopt when the clause must be
// skipped. A clause without as/g/v asks for none.
std::optional<ResponseTransform> AcceptedTransform(const MediaRange& range) {
  const std::string* as = range.Param("as");
  const std::string* group = range.Param("g");
  const std::string* version = range.Param("v");
  if (as == nullptr && group == nullptr && version == nullptr) return ResponseTransform{};
  if (group == nullptr || *group != "meta.k8s.io" || version == nullptr ||
      (*version != "v1" && *version != "v1beta1") || as == nullptr) {
    return std::nullopt;
  }
  ResponseTransform transform;
  transform.version = *version;
  if (*as == "Table") {
    transform.kind = ResponseTransform::Kind::kTable;
  } else if (*as == "PartialObjectMetadata") {
    transform.kind = ResponseTransform::Kind::kPartialObjectMetadata;
  } else if (*as == "PartialObjectMetadataList") {
    transform.kind = ResponseTransform::Kind::kPartialObjectMetadataList;
  } else {
    return std::nullopt;
  }
  return transform;
}

}  // namespace

const std::string* MediaRange::Param(std::string_view key) const {
  for (const auto& [k, v] : params) {
    if (k == key) return &v;
  }
  return nullptr;
}

bool MediaRange::Refused() const {
  const std::string* q = Param("q");
  return q != nullptr && (*q == "0" || *q == "0.0" || *q == "0.00" || *q == "0.000");
}

MediaRange ParseMediaRange(std::string_view text) {
  MediaRange range;
  size_t semicolon = text.find(';');
  range.type = api::AsciiLowered(api::TrimAsciiSpace(text.substr(0, semicolon)));
  while (semicolon != std::string_view::npos) {
    text.remove_prefix(semicolon + 1);
    semicolon = text.find(';');
    std::string_view param = api::TrimAsciiSpace(text.substr(0, semicolon));
    const size_t equals = param.find('=');
    if (equals == std::string_view::npos) continue;
    range.params.emplace_back(api::AsciiLowered(api::TrimAsciiSpace(param.substr(0, equals))),
                              std::string(api::TrimAsciiSpace(param.substr(equals + 1))));
  }
  return range;
}

std::vector<MediaRange> ParseAccept(std::string_view accept) {
  std::vector<MediaRange> ranges;
  std::string_view rest = api::TrimAsciiSpace(accept);
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    MediaRange range = ParseMediaRange(rest.substr(0, comma));
    if (!range.type.empty()) ranges.push_back(std::move(range));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return ranges;
}

std::string_view ContentTypeOf(MediaType media_type) {
  if (media_type == MediaType::kProtobuf) return kProtobufType;
  return media_type == MediaType::kYaml ? "application/yaml" : "application/json";
}

Result<MediaType> RequestBodyMediaType(const Request& request, bool protobuf_allowed) {
  const std::optional<std::string_view> header = request.headers.Get("Content-Type");
  const std::string type = header ? ParseMediaRange(*header).type : "";
  if (type.empty() || type == "application/json") return MediaType::kJson;
  if (type == "application/yaml") return MediaType::kYaml;
  if (type == kProtobufType && protobuf_allowed) return MediaType::kProtobuf;
  return Fail(api::NewUnsupportedMediaType(
      std::string("the body of the request was in an unknown format - accepted media types "
                  "include: ") +
      (protobuf_allowed ? kServedTypes : kTextTypes)));
}

api::Error ProtobufNotAcceptable() {
  return api::NewNotAcceptable(std::string("only the following media types are accepted: ") +
                               kTextTypes);
}

Result<OutputFormat> NegotiateOutput(const Request& request, bool streaming) {
  OutputFormat format;
  const std::optional<std::string_view> pretty = request.Query("pretty");
  format.pretty = (pretty && (*pretty == "true" || *pretty == "1")) ||
                  IsPrettyUserAgent(request.headers.Get("User-Agent").value_or(""));

  const std::string_view accept = request.headers.Get("Accept").value_or("");
  if (api::TrimAsciiSpace(accept).empty()) return format;
  for (const MediaRange& range : ParseAccept(accept)) {
    if (range.Refused()) continue;
    std::optional<MediaType> media_type;
    if (range.type == "application/json" || range.type == "*/*" || range.type == "application/*") {
      media_type = MediaType::kJson;
    } else if (range.type == "application/yaml" && !streaming) {
      media_type = MediaType::kYaml;
    } else if (range.type == kProtobufType) {
      media_type = MediaType::kProtobuf;
    }
    if (!media_type) continue;
    std::optional<ResponseTransform> transform = AcceptedTransform(range);
    if (!transform) continue;
    if (*media_type == MediaType::kProtobuf) {
      if (transform->kind == ResponseTransform::Kind::kTable) continue;  // JSON and YAML only
      if (format.media_type != MediaType::kProtobuf) {
        format.media_type = MediaType::kProtobuf;
        format.transform = std::move(*transform);
      }
      continue;  // decided; look on for a JSON fallback
    }
    if (format.media_type == MediaType::kProtobuf) {
      format.json_fallback = *media_type == MediaType::kJson;
      if (format.json_fallback) return format;
      continue;
    }
    format.media_type = *media_type;
    format.transform = std::move(*transform);
    return format;
  }
  if (format.media_type == MediaType::kProtobuf) return format;
  return Fail(api::NewNotAcceptable(std::string("only the following media types are accepted: ") +
                                    kServedTypes));
}

}  // namespace kubefake::fakeserver
