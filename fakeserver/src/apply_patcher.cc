// Server-side apply requests: body decoding and checks, endpoint-owned fields, the update flow.
#include "apply_patcher.h"

#include <memory>
#include <string_view>
#include <variant>

#include "apiextensions/schema_pruning.h"
#include "kubefake/api/error.h"
#include "kubefake/api/json_codec.h"
#include "kubefake/api/openapi_schema.h"
#include "kubefake/api/yaml_codec.h"
#include "managed_fields.h"
#include "object_lifecycle.h"
#include "schema_decoder.h"
#include "server_side_apply.h"

namespace kubefake::fakeserver {
namespace {

std::string DescribePath(const FieldPath& path) {
  std::string out;
  for (const auto& element : path) {
    if (const std::string* name = std::get_if<std::string>(&element)) {
      out += "." + *name;
    } else {
      out += "[" + std::to_string(std::get<size_t>(element)) + "]";
    }
  }
  return out;
}

api::Error TypedPatchError(const RequestScope& scope, std::string_view detail) {
  return api::Error(500, api::Reason::kUnknown,
                    "failed to create typed patch object (" + scope.kind().String() +
                        "): " + std::string(detail));
}

// The first field of `config` the kind's schema does not describe, as `.spec.foo`; a value of
// the wrong type fails with the decoder's text.
Result<void> CheckAgainstSchema(const RequestScope& scope, const nlohmann::json& config) {
  if (scope.custom_resource != nullptr) {
    if (scope.custom_resource->schema.is_null()) return {};
    nlohmann::json pruned = config;
    std::vector<std::string> unknown =
        apiextensions::PruneBySchema(pruned, scope.custom_resource->schema);
    if (unknown.empty()) return {};
    return Fail(TypedPatchError(scope, "." + unknown.front() + ": field not declared in schema"));
  }
  const api::TypeSchema* schema = api::FindTypeSchema(scope.kind());
  if (schema == nullptr) return {};
  const SchemaDecodeResult decoded = DecodeValueWithSchema(config, *schema, /*strict=*/false);
  if (!decoded.error.empty()) return Fail(TypedPatchError(scope, decoded.error));
  if (decoded.unknown_fields.empty()) return {};
  return Fail(TypedPatchError(
      scope, DescribePath(decoded.unknown_fields.front()) + ": field not declared in schema"));
}

// R8.8, R3.3: what the endpoint resets is never applied through it.
void KeepEndpointFields(const RequestScope& scope, nlohmann::json& config) {
  if (scope.info.subresource != "status") {
    if (scope.strategy.has_status_subresource) config.erase("status");
    return;
  }
  nlohmann::json kept = nlohmann::json::object();
  for (const char* key : {"apiVersion", "kind", "metadata", "status"}) {
    if (auto it = config.find(key); it != config.end()) kept[key] = *it;
  }
  if (scope.custom && kept.contains("metadata") && kept["metadata"].is_object()) {
    nlohmann::json identity = nlohmann::json::object();
    for (const char* key : {"name", "namespace", "resourceVersion", "uid"}) {
      if (auto it = kept["metadata"].find(key); it != kept["metadata"].end()) identity[key] = *it;
    }
    kept["metadata"] = std::move(identity);
  }
  config = std::move(kept);
}

}  // namespace

ApplyPatcher::ApplyPatcher(RequestScope& scope, const PatchOptions& options,
                           std::vector<std::string>& warnings)
    : scope_(scope), options_(options), warnings_(warnings) {}

Result<nlohmann::json> ApplyPatcher::Configuration() {
  Result<nlohmann::json> decoded = api::YamlToJson(scope_.request.body, {.strict = false});
  if (!decoded) {
    return Fail(api::NewBadRequest("error decoding patch: " + decoded.error().message()));
  }
  nlohmann::json config = std::move(*decoded);
  if (config.is_null()) config = nlohmann::json::object();  // an empty map, as in Go
  if (!config.is_object()) {
    return Fail(api::NewBadRequest(
        "error decoding patch: error unmarshaling JSON: while decoding JSON: json: cannot "
        "unmarshal " +
        std::string(api::GoJsonTypeName(config)) +
        " into Go value of type map[string]interface {}"));
  }
  const api::GroupVersionKind expected = scope_.kind();
  const std::string api_version = config.value("apiVersion", "");
  const std::string kind = config.value("kind", "");
  std::optional<api::GroupVersionKind> gvk =
      api::GroupVersionKind::FromApiVersionAndKind(api_version, kind);
  if (!gvk) gvk = api::GroupVersionKind{"", api_version, kind};
  if (gvk->GetGroupVersion() != expected.GetGroupVersion()) {
    return Fail(api::NewBadRequest(
        "Incorrect version specified in apply patch. Specified patch version: " +
        gvk->GetGroupVersion().String() + ", expected: " + expected.GetGroupVersion().String()));
  }
  if (gvk->kind != expected.kind) {
    return Fail(api::NewBadRequest("invalid object type: " + gvk->String()));
  }
  nlohmann::json& metadata = config["metadata"];
  if (!metadata.is_object()) metadata = nlohmann::json::object();
  if (auto managed = metadata.find("managedFields");
      managed != metadata.end() && !managed->is_null()) {
    return Fail(api::NewBadRequest("metadata.managedFields must be nil"));
  }
  metadata.erase("managedFields");
  if (Result<void> typed = CheckAgainstSchema(scope_, config); !typed) return Fail(typed.error());
  if (scope_.resource->namespaced && !metadata.contains("namespace")) {
    metadata["namespace"] = scope_.info.namespace_;
  }
  KeepEndpointFields(scope_, config);
  return config;
}

Result<api::Object> ApplyPatcher::operator()(const api::Object* current) {
  if (!config_) config_ = Configuration();
  if (!*config_) return Fail(config_->error());
  const nlohmann::json& config = **config_;
  ApplyOperation operation{.manager = options_.field_manager,
                           .force = options_.force.value_or(false),
                           .api_version = config.value("apiVersion", ""),
                           .subresource = scope_.info.subresource,
                           .track_status = scope_.info.subresource == "status" ||
                                           !scope_.strategy.has_status_subresource,
                           .now = api::Time::FromTimePoint(scope_.server.clock.Now())};
  std::optional<nlohmann::json> live;
  if (current != nullptr) live = AsRequestedVersion(scope_, *current);
  Result<nlohmann::json> applied =
      ApplyConfiguration(live ? &*live : nullptr, config, ObjectSchema(scope_), operation);
  if (!applied) return Fail(std::move(applied.error()));
  // After the apply, as the apiserver does it: the strict decode of the body (repeated keys).
  warnings_.clear();
  if (options_.field_validation != FieldValidation::kIgnore) {
    if (Result<nlohmann::json> strict = api::YamlToJson(scope_.request.body, {.strict = true});
        !strict) {
      if (options_.field_validation == FieldValidation::kStrict) {
        return Fail(api::NewBadRequest("error strict decoding patch: " + strict.error().message()));
      }
      warnings_.push_back(strict.error().message());
    }
  }
  const nlohmann::json& metadata = (*applied)["metadata"];
  managed_fields_ = metadata.value("managedFields", nlohmann::json());
  api::Object object(std::move(*applied));
  if (Result<void> named = CheckRequestName(scope_, object, /*exact_namespace=*/true); !named) {
    return Fail(named.error());
  }
  return object;
}

void ApplyPatcher::RecordManagedFields(const api::Object*, api::Object& object) const {
  nlohmann::json& metadata = object.mutable_json()["metadata"];
  if (managed_fields_.is_null()) {
    metadata.erase("managedFields");
  } else {
    metadata["managedFields"] = managed_fields_;
  }
}

Result<Response> RunApply(RequestScope& scope, const PatchOptions& options,
                          std::vector<std::string>& warnings) {
  auto patcher = std::make_shared<ApplyPatcher>(scope, options, warnings);
  UpdateFlow flow{.create_when_missing = true,
                  .record_managed_fields = [patcher](const api::Object* old, api::Object& object) {
                    patcher->RecordManagedFields(old, object);
                  }};
  return RunUpdate(
      scope, options, [patcher](const api::Object* current) { return (*patcher)(current); },
      std::move(flow));
}

}  // namespace kubefake::fakeserver
