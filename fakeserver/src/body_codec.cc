#include "body_codec.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "apiextensions/custom_resource_version.h"
#include "apiextensions/schema_pruning.h"
#include "kubefake/api/body_tree.h"
#include "kubefake/api/json_codec.h"
#include "kubefake/api/openapi_schema.h"
#include "kubefake/api/protobuf_codec.h"
#include "kubefake/api/utf8.h"
#include "kubefake/api/yaml_codec.h"
#include "schema_decoder.h"

namespace kubefake::fakeserver {
namespace {

constexpr size_t kSummaryLength = 30;
constexpr char kHex[] = "0123456789abcdef";

// The apiserver's summarizeData: JSON-looking bodies as text, others as hex, cut at 30 bytes.
std::string SummarizeBody(std::string_view body) {
  if (body.empty()) return "<empty>";
  const bool truncated = body.size() > kSummaryLength;
  const std::string_view shown = body.substr(0, kSummaryLength);
  std::string summary;
  if (body.front() == '{') {
    summary = std::string(shown);
  } else {
    for (unsigned char c : shown) {
      summary += kHex[c >> 4];
      summary += kHex[c & 0xF];
    }
  }
  if (truncated) summary += " ...";
  return summary;
}

api::Error Unrecognized(const api::GroupVersionKind& kind, std::string_view cause,
                        std::string_view body) {
  return api::NewBadRequest("the object provided is unrecognized (must be of type " + kind.kind +
                            "): " + std::string(cause) + " (" + SummarizeBody(body) + ")");
}

Result<nlohmann::json> ParseBody(const Request& request) {
  Result<MediaType> media_type = RequestBodyMediaType(request);
  if (!media_type) return Fail(media_type.error());
  if (*media_type == MediaType::kYaml) return api::YamlToJson(request.body);
  if (request.body.empty()) return nlohmann::json();
  if (*media_type == MediaType::kProtobuf) return api::DecodeProtobufObject(request.body);
  return api::DecodeJson(request.body);
}

constexpr std::string_view kYamlConversionPrefix = "error converting YAML to JSON: ";
constexpr std::string_view kYamlUnmarshalErrors = "yaml: unmarshal errors:\n";

// Whether parsing `tree`'s dump gives `tree` back: no non-finite number (the dump writes null)
// and no string with invalid UTF-8 (the dump needs valid text).
bool ReadsAsItsDump(const nlohmann::json& tree) {
  switch (tree.type()) {
    case nlohmann::json::value_t::object:
      return std::ranges::all_of(tree.get_ref<const nlohmann::json::object_t&>(),
                                 [](const auto& member) { return ReadsAsItsDump(member.second); });
    case nlohmann::json::value_t::array:
      return std::ranges::all_of(tree.get_ref<const nlohmann::json::array_t&>(), ReadsAsItsDump);
    case nlohmann::json::value_t::number_float:
      return std::isfinite(tree.get<double>());
    case nlohmann::json::value_t::string:
      return api::IsValidUtf8(tree.get_ref<const std::string&>());
    default:
      return true;
  }
}

// A copy of `tree` in which non-finite numbers are null and strings valid UTF-8, as Go reads
// invalid bytes.
nlohmann::json RepairedCopy(const nlohmann::json& tree) {
  switch (tree.type()) {
    case nlohmann::json::value_t::object: {
      nlohmann::json out = nlohmann::json::object();
      auto& members = out.get_ref<nlohmann::json::object_t&>();
      for (const auto& [key, value] : tree.get_ref<const nlohmann::json::object_t&>()) {
        members.emplace_hint(members.end(), key, RepairedCopy(value));
      }
      return out;
    }
    case nlohmann::json::value_t::array: {
      nlohmann::json out = nlohmann::json::array();
      auto& items = out.get_ref<nlohmann::json::array_t&>();
      items.reserve(tree.size());
      for (const nlohmann::json& item : tree) items.push_back(RepairedCopy(item));
      return out;
    }
    case nlohmann::json::value_t::number_float:
      if (!std::isfinite(tree.get<double>())) return nullptr;
      return tree;
    case nlohmann::json::value_t::string:
      return api::ValidUtf8(tree.get_ref<const std::string&>());
    default:
      return tree;
  }
}

// An object body as the apiserver's serializer reads it: YAML through sigs.k8s.io/yaml's
// YAMLToJSON (a repeated key keeps its last value) and, when decoding strictly, also through
// YAMLToJSONStrict, whose complaint about repeated keys goes to *yaml_strict_error.
Result<nlohmann::json> ParseObjectBody(const Request& request, MediaType media_type, bool strict,
                                       std::string* yaml_strict_error) {
  if (media_type == MediaType::kJson) {
    if (request.parsed_body) return RepairedCopy(request.parsed_body->tree());
    if (request.body.empty()) return nlohmann::json();
    return api::DecodeJson(request.body);
  }
  if (media_type == MediaType::kProtobuf) return api::DecodeProtobufObject(request.body);
  if (!strict) return api::YamlToJson(request.body, {.strict = false});
  // Without repeated keys both conversions agree: one parse in the common case.
  Result<nlohmann::json> json = api::YamlToJson(request.body, {.strict = true});
  if (json) return json;
  std::string_view message = json.error().message();
  if (message.starts_with(kYamlConversionPrefix)) {
    message.remove_prefix(kYamlConversionPrefix.size());
  }
  if (!message.starts_with(kYamlUnmarshalErrors)) return json;
  Result<nlohmann::json> lenient = api::YamlToJson(request.body, {.strict = false});
  if (lenient) *yaml_strict_error = std::string(message);
  return lenient;
}

// The apiserver's transformDecodeError once the kind is known (R3.1 step 3).
api::Error CannotBeHandled(const api::GroupVersionKind& kind, std::string_view cause) {
  return api::NewBadRequest(kind.kind + " in version \"" + kind.version +
                            "\" cannot be handled as a " + kind.kind + ": " + std::string(cause));
}

// addStrictDecodingWarnings: go-yaml's list is split into one warning per line.
void AddWarnings(std::string_view problem, std::vector<std::string>& warnings) {
  if (!problem.starts_with(kYamlUnmarshalErrors)) {
    warnings.emplace_back(problem);
    return;
  }
  problem.remove_prefix(kYamlUnmarshalErrors.size());
  while (!problem.empty()) {
    const size_t newline = problem.find('\n');
    std::string_view line = problem.substr(0, newline);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    warnings.emplace_back(line);
    if (newline == std::string_view::npos) break;
    problem.remove_prefix(newline + 1);
  }
}

// net.NewWarningHeader with code 299 and agent "-"; nullopt for texts it refuses (control
// characters), which the apiserver's warning recorder then drops.
std::optional<std::string> WarningHeader(std::string_view text) {
  std::string header = "299 - \"";
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return std::nullopt;
    if (c == '"' || c == '\\') header += '\\';
    header += c;
  }
  header += '"';
  return header;
}

}  // namespace

Result<DecodedObject> DecodeObjectBody(const Request& request, const api::GroupVersionKind& kind,
                                       const ObjectDecodeOptions& options) {
  Result<MediaType> media_type = RequestBodyMediaType(request, !options.custom);
  if (!media_type) return Fail(media_type.error());
  const bool strict = options.field_validation != FieldValidation::kIgnore;
  // The bytes errors quote: a handed-over tree's are written only for them, before it is taken.
  const auto body = [&request] { return request.BodyBytes(); };
  // A handed-over tree that reads as its dump (nearly every one) is checked where it is, then
  // taken or copied whole (a plain copy clones each map whole, cheaper than rebuilding it member
  // by member); other bodies are parsed, or repaired, into `parsed`.
  const bool tree_as_is = request.parsed_body && *media_type == MediaType::kJson &&
                          ReadsAsItsDump(request.parsed_body->tree());
  nlohmann::json parsed;
  std::string yaml_strict_error;
  if (!tree_as_is) {
    Result<nlohmann::json> json =
        ParseObjectBody(request, *media_type, strict, &yaml_strict_error);
    if (!json && *media_type == MediaType::kProtobuf) return Fail(json.error());
    if (!json) {
      return Fail(Unrecognized(kind, "couldn't get version/kind; json parse error: " +
                                         json.error().message(),
                               body()));
    }
    parsed = std::move(*json);
  }
  const nlohmann::json& raw = tree_as_is ? request.parsed_body->tree() : parsed;
  if (!raw.is_object()) {
    return Fail(Unrecognized(
        kind,
        "couldn't get version/kind; json parse error: json: cannot unmarshal " +
            std::string(raw.is_null() ? "null" : raw.type_name()) +
            " into Go value of type struct { APIVersion string \"json:\\\"apiVersion,"
            "omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }",
        body()));
  }
  for (const char* key : {"apiVersion", "kind"}) {
    if (auto it = raw.find(key); it != raw.end() && !it->is_string()) {
      return Fail(Unrecognized(kind,
                               std::string("couldn't get version/kind; json parse error: json: "
                                           "cannot unmarshal ") +
                                   it->type_name() + " into Go struct field ." + key +
                                   " of type string",
                               body()));
    }
  }
  const auto kind_member = raw.find("kind");
  const bool kind_missing =
      kind_member == raw.end() || kind_member->get_ref<const std::string&>().empty();
  if (kind_missing && options.custom) {
    return Fail(api::NewBadRequest("Object 'Kind' is missing in '" + body() + "'"));
  }
  api::Object object(!tree_as_is                ? std::move(parsed)
                     : options.take_body_tree ? request.parsed_body->Take()
                                              : request.parsed_body->tree());
  if (kind_missing) object.SetKind(kind.kind);
  if (object.GetApiVersion().empty()) object.SetApiVersion(kind.GetGroupVersion().String());

  const std::optional<api::GroupVersion> body_version =
      api::GroupVersion::Parse(object.GetApiVersion());
  const api::GroupVersion expected = kind.GetGroupVersion();
  if (!body_version || *body_version != expected) {
    return Fail(api::NewBadRequest("the API version in the data (" +
                                   std::string(object.GetApiVersion()) +
                                   ") does not match the expected API version (" +
                                   expected.String() + ")"));
  }
  if (object.GetKind() != kind.kind) {
    return Fail(api::NewBadRequest(std::string(object.GetKind()) + " in version " +
                                   "\"" + body_version->version + "\" cannot be handled as a " +
                                   kind.kind + ": the kind in the data (" +
                                   std::string(object.GetKind()) +
                                   ") does not match the kind of the resource (" + kind.kind +
                                   ")"));
  }

  const api::TypeSchema* schema = options.custom ? nullptr : api::FindTypeSchema(kind);
  if (auto it = raw.find("metadata");
      schema == nullptr && it != raw.end() && !it->is_object() && !it->is_null()) {
    return Fail(CannotBeHandled(kind, std::string("json: cannot unmarshal ") + it->type_name() +
                                          " into Go struct field " + kind.kind +
                                          ".metadata of type v1.ObjectMeta"));
  }
  std::vector<std::string> problems;
  if (!yaml_strict_error.empty()) problems.push_back(std::move(yaml_strict_error));
  DecodedObject result{std::move(object), {}};
  if (schema == nullptr) {
    if (options.custom_resource == nullptr) return result;
    ApplyCustomResourceSchema(*options.custom_resource, strict, result.object.mutable_json(),
                              problems, result.warnings);
  } else {
    // The typed decode reads the body as it came (a handed-over tree as its dump), or the JSON
    // YAMLToJSON made of it.
    SchemaDecodeResult decoded =
        *media_type != MediaType::kJson ? DecodeValueWithSchema(result.object.json(), *schema, strict)
        : request.parsed_body           ? DecodeTreeWithSchema(result.object.json(), *schema, strict)
                                        : DecodeWithSchema(request.body, *schema, strict);
    if (std::string error = TakeDecodeResult(std::move(decoded), result.object.mutable_json(),
                                             problems);
        !error.empty()) {
      return Fail(CannotBeHandled(kind, error));
    }
  }
  if (std::optional<std::string> strict_error =
          ResolveDecodingProblems(problems, options.field_validation, result.warnings)) {
    return Fail(CannotBeHandled(kind, *strict_error));
  }
  return result;
}

std::optional<std::string> ResolveDecodingProblems(const std::vector<std::string>& problems,
                                                   FieldValidation validation,
                                                   std::vector<std::string>& warnings) {
  if (problems.empty() || validation == FieldValidation::kIgnore) return std::nullopt;
  if (validation == FieldValidation::kStrict) return StrictDecodingMessage(problems);
  for (const std::string& problem : problems) AddWarnings(problem, warnings);
  return std::nullopt;
}

std::string StrictDecodingMessage(const std::vector<std::string>& problems) {
  std::string message = "strict decoding error: ";
  for (size_t i = 0; i < problems.size(); ++i) {
    if (i > 0) message += ", ";
    message += problems[i];
  }
  return message;
}

void ApplyCustomResourceSchema(const apiextensions::CustomResourceVersion& custom, bool strict,
                               nlohmann::json& body, std::vector<std::string>& problems,
                               std::vector<std::string>& warnings) {
  if (custom.schema.is_null()) return;
  for (const std::string& path : apiextensions::PruneBySchema(body, custom.schema)) {
    if (strict) problems.push_back("unknown field \"" + path + "\"");
  }
  apiextensions::ApplySchemaDefaults(body, custom.schema);
  for (const std::string& path : custom.cel_rule_paths) {
    warnings.push_back("x-kubernetes-validations rules at " + path +
                       " were not evaluated: kubefake does not run CEL");
  }
}

Result<nlohmann::json> DecodeJsonBody(const Request& request) { return ParseBody(request); }

Result<Response> WithWarnings(Result<Response> response, const std::vector<std::string>& warnings,
                              const OutputFormat& format) {
  if (warnings.empty()) return response;
  Response with = response ? std::move(*response) : ErrorResponse(response.error(), format);
  for (const std::string& warning : warnings) {
    if (std::optional<std::string> header = WarningHeader(warning)) {
      with.headers.Add("Warning", std::move(*header));
    }
  }
  return with;
}

Response EncodeResponse(int status, const nlohmann::json& body, const OutputFormat& format) {
  Response response;
  response.status = status;
  if (format.media_type == MediaType::kProtobuf) {
    Result<std::string> encoded = api::EncodeProtobufObject(body);
    if (!encoded) {  // no protobuf message: JSON when the client takes it, else 406
      OutputFormat json_format = format;
      json_format.media_type = MediaType::kJson;
      if (format.json_fallback) return EncodeResponse(status, body, json_format);
      return EncodeResponse(406, ProtobufNotAcceptable().ToStatus(), json_format);
    }
    response.headers.Set("Content-Type", std::string(ContentTypeOf(format.media_type)));
    response.body = std::move(*encoded);
    return response;
  }
  response.headers.Set("Content-Type", std::string(ContentTypeOf(format.media_type)));
  if (format.media_type == MediaType::kYaml) {
    response.body = api::JsonToYaml(body);
  } else {
    response.body = body.dump(format.pretty ? 2 : -1, ' ', false,
                              nlohmann::json::error_handler_t::replace);
    response.body += '\n';
  }
  return response;
}

Response ErrorResponse(const api::Error& error, const OutputFormat& format) {
  Response response = EncodeResponse(error.code(), error.ToStatus(), format);
  if (error.RetryAfterSeconds() > 0) {
    response.headers.Set("Retry-After", std::to_string(error.RetryAfterSeconds()));
  }
  return response;
}

}  // namespace kubefake::fakeserver
