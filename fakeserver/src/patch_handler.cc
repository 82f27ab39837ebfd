// PATCH of one object or of its status or scale subresource (handlers/patch.go): the patch types a
// resource accepts (R8.1), JSON patch, merge patch and strategic merge patch applied to the
// stored object inside the update flow (R3.5, R3.6, R8.2-R8.5), field validation of the
// patched object (R3.10), then RunUpdate (object_updater.h) for preconditions, the status
// split, generation, managedFields as an Update operation, no-op writes and dry run.
// Server-side apply (application/apply-patch+yaml) is apply_patcher.h.
//
// Fidelity:
//   Differs:   the `patch` value in a strategic merge patch's Invalid error is the patch as
//              sent, where the apiserver prints the map after the merge has consumed its
//              directives; type errors quote encoding/json's text where the apiserver's
//              unstructured converter words them its own way. A patch that changes kind or
//              apiVersion fails with `no kind "<kind>" is registered for version "<v>"`
//              without the scheme's name the real message ends with.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "apply_patcher.h"
#include "body_codec.h"
#include "kubefake/api/go_format.h"
#include "kubefake/api/json_codec.h"
#include "kubefake/api/openapi_schema.h"
#include "object_lifecycle.h"
#include "object_updater.h"
#include "patch_documents.h"
#include "request_options.h"
#include "request_scope.h"
#include "managed_fields.h"
#include "scale_subresource.h"
#include "schema_decoder.h"
#include "strategic_merge_patch.h"

namespace kubefake::fakeserver {
namespace {

constexpr std::string_view kJsonPatch = "application/json-patch+json";
constexpr std::string_view kMergePatch = "application/merge-patch+json";
constexpr std::string_view kStrategicMergePatch = "application/strategic-merge-patch+json";
constexpr std::string_view kApplyPatch = "application/apply-patch+yaml";

// The patch types a resource accepts, in the apiserver's order: custom resources take no
// strategic merge patch.
std::vector<std::string_view> AcceptedPatchTypes(const RequestScope& scope) {
  if (scope.custom) return {kJsonPatch, kMergePatch, kApplyPatch};
  return {kJsonPatch, kMergePatch, kStrategicMergePatch, kApplyPatch};
}

// The Content-Type up to its first ';', exactly as sent (R8.1).
Result<std::string_view> PatchType(const RequestScope& scope) {
  std::string_view type = scope.request.headers.Get("Content-Type").value_or("");
  if (const size_t semicolon = type.find(';'); semicolon != std::string_view::npos &&
                                               semicolon > 0) {
    type = type.substr(0, semicolon);
  }
  const std::vector<std::string_view> accepted = AcceptedPatchTypes(scope);
  for (std::string_view candidate : accepted) {
    if (candidate == type) return candidate;
  }
  std::string message =
      "the body of the request was in an unknown format - accepted media types include: ";
  for (size_t i = 0; i < accepted.size(); ++i) {
    if (i > 0) message += ", ";
    message += accepted[i];
  }
  return Fail(api::NewUnsupportedMediaType(std::move(message)));
}

// The 422 the apiserver gives when the patched object does not decode: GroupKind and name
// empty, one cause on field `patch` whose value is the patched object (or the patch).
api::Error PatchInvalid(std::string value, std::string detail) {
  return api::NewInvalid({}, "", {api::InvalidError("patch", std::move(value), std::move(detail))});
}

// Computes the patched object from the stored one; warnings of the last run go to `warnings`.
class Patcher {
 public:
  // `kind` is the kind of the patched document: the resource's, or autoscaling/v1 Scale.
  Patcher(RequestScope& scope, std::string_view patch_type, FieldValidation validation,
          std::vector<std::string>& warnings, api::GroupVersionKind kind)
      : scope_(scope),
        patch_type_(patch_type),
        validation_(validation),
        warnings_(warnings),
        kind_(std::move(kind)) {}

  // The patched object from the stored one (nullptr when absent: R3.5, only apply creates).
  Result<api::Object> operator()(const api::Object* current) {
    if (current == nullptr) return Fail(api::NewNotFound(scope_.group_resource(), scope_.info.name));
    return Patch(AsRequestedVersion(scope_, *current));
  }

  // The patched document `current` becomes, decoded and named as the URL says.
  Result<api::Object> Patch(nlohmann::json current) {
    warnings_.clear();
    Result<PatchedDocument> patched = Apply(std::move(current));
    if (!patched) return Fail(std::move(patched.error()));
    Result<api::Object> object = Decode(std::move(*patched));
    if (!object) return object;
    if (Result<void> named = CheckRequestName(scope_, *object, /*exact_namespace=*/true); !named) {
      return Fail(named.error());
    }
    return object;
  }

 private:
  Result<PatchedDocument> Apply(nlohmann::json current) {
    const std::string_view body = scope_.request.body;
    if (patch_type_ == kJsonPatch) return ApplyJsonPatch(body, std::move(current), validation_);
    if (patch_type_ == kMergePatch) return ApplyMergePatch(body, std::move(current), validation_);
    Result<PatchedDocument> patch = DecodeStrategicMergePatch(body, validation_);
    if (!patch) return patch;
    // The apiserver quotes the patch map, not the patched object, in decode errors.
    invalid_value_ = api::GoFormatValue(patch->value);
    Result<nlohmann::json> merged =
        StrategicMergePatch(std::move(current), std::move(patch->value), *Schema());
    if (!merged) return Fail(std::move(merged.error()));
    return PatchedDocument{std::move(*merged), std::move(patch->strict_errors)};
  }

  const api::TypeSchema* Schema() const { return api::FindTypeSchema(kind_); }

  // The patched JSON as the typed decode sees it (R8.4, R3.10).
  Result<api::Object> Decode(PatchedDocument patched) {
    if (patch_type_ != kStrategicMergePatch) invalid_value_ = GoJsonText(patched.value);
    if (!patched.value.is_object()) {
      return Fail(PatchInvalid(
          invalid_value_,
          "couldn't get version/kind; json parse error: json: cannot unmarshal " +
              std::string(api::GoJsonTypeName(patched.value)) +
              " into Go value of type struct { APIVersion string \"json:\\\"apiVersion,"
              "omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }"));
    }
    std::vector<std::string> problems = std::move(patched.strict_errors);
    const bool custom_object = scope_.custom && kind_ == scope_.kind();
    const api::TypeSchema* schema = custom_object ? nullptr : Schema();
    if (custom_object && scope_.custom_resource != nullptr) {
      ApplyCustomResourceSchema(*scope_.custom_resource, validation_ != FieldValidation::kIgnore,
                                patched.value, problems, warnings_);
    } else if (schema != nullptr) {
      std::string error = TakeDecodeResult(
          DecodeValueWithSchema(patched.value, *schema, validation_ != FieldValidation::kIgnore),
          patched.value, problems);
      if (!error.empty()) return Fail(PatchInvalid(invalid_value_, error));
    }
    if (std::optional<std::string> strict_error =
            ResolveDecodingProblems(problems, validation_, warnings_)) {
      return Fail(PatchInvalid(invalid_value_, *strict_error));
    }
    api::Object object(std::move(patched.value));
    if (object.GetKind().empty()) object.SetKind(kind_.kind);
    if (object.GetApiVersion().empty()) object.SetApiVersion(kind_.GetGroupVersion().String());
    if (object.GetKind() != kind_.kind ||
        object.GetApiVersion() != kind_.GetGroupVersion().String()) {
      return Fail(PatchInvalid(invalid_value_, "no kind \"" + std::string(object.GetKind()) +
                                                   "\" is registered for version \"" +
                                                   std::string(object.GetApiVersion()) + "\""));
    }
    return object;
  }

  RequestScope& scope_;
  std::string_view patch_type_;
  FieldValidation validation_;
  std::vector<std::string>& warnings_;
  api::GroupVersionKind kind_;
  std::string invalid_value_;
};

Result<Response> PatchObject(RequestScope& scope, std::vector<std::string>& warnings) {
  Result<std::string_view> patch_type = PatchType(scope);
  if (!patch_type) return Fail(patch_type.error());
  const bool apply = *patch_type == kApplyPatch;
  Result<PatchOptions> options = ParsePatchOptions(scope.request, apply);
  if (!options) return Fail(options.error());
  if (apply && scope.info.subresource == "scale") {
    return Fail(api::Error(405, api::Reason::kMethodNotAllowed,
                           "server-side apply on the scale subresource is not emulated by "
                           "kubefake yet"));
  }
  if (apply) return RunApply(scope, *options, warnings);
  if (scope.info.subresource == "scale") {
    // The patch applies to the Scale the subresource serves (R3.4), as `kubectl scale` sends it.
    Patcher patcher(scope, *patch_type, options->field_validation, warnings,
                    scope.resource->FindSubresource("scale")->kind);
    return UpdateScale(
        scope,
        [&patcher](const nlohmann::json& current) -> Result<nlohmann::json> {
          Result<api::Object> scale = patcher.Patch(current);
          if (!scale) return Fail(std::move(scale.error()));
          return std::move(scale->mutable_json());
        },
        FieldManagerFor(scope.request, options->field_manager), options->DryRun());
  }
  return RunUpdate(scope, *options,
                   Patcher(scope, *patch_type, options->field_validation, warnings, scope.kind()));
}

}  // namespace

Result<Response> HandlePatch(RequestScope& scope) {
  std::vector<std::string> warnings;
  Result<Response> response = PatchObject(scope, warnings);
  return WithWarnings(std::move(response), warnings, scope.format);
}

}  // namespace kubefake::fakeserver
