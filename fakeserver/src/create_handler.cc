// POST on a collection: R3.1 (create flow), R2.1-R2.8 (lifecycle fields, generateName,
// namespaces, names), R3.8 (dry run).
#include <nlohmann/json.hpp>

#include "body_codec.h"
#include "list_json_encoder.h"
#include "managed_fields.h"
#include "object_lifecycle.h"
#include "object_meta_validation.h"
#include "object_validation.h"
#include "request_options.h"
#include "request_scope.h"
#include "response_transform.h"

namespace kubefake::fakeserver {
namespace {

// apiserver's createWithGenerateNameRetry: 8 attempts in all (R2.6).
constexpr int kGenerateNameAttempts = 8;

// The 409 for a name that exists; prefixed when the existing object is being deleted (R3.1).
api::Error AlreadyExists(const RequestScope& scope, const std::string& key,
                         std::string_view name) {
  api::Error error = api::NewAlreadyExists(scope.group_resource(), name);
  Result<KeyValue> existing = scope.server.storage.Get(key);
  if (existing && existing->object->GetDeletionTimestamp()) {
    return api::Error(error.code(), error.reason(), "object is being deleted: " + error.message(),
                      error.details());
  }
  return error;
}

// The create flow; the body's strict-decoding warnings go to `warnings` (R3.10).
Result<Response> CreateObject(RequestScope& scope, std::vector<std::string>& warnings) {
  Result<CreateOptions> options = ParseCreateOptions(scope.request);
  if (!options) return Fail(options.error());
  Result<DecodedObject> decoded = DecodeObjectBody(
      scope.request, scope.kind(),
      {.custom = scope.custom,
       .custom_resource = scope.custom_resource.get(),
       .field_validation = options->field_validation,
       .take_body_tree = true});
  if (!decoded) return Fail(decoded.error());
  warnings = std::move(decoded->warnings);
  api::Object object = std::move(decoded->object);

  if (Result<void> ns = ReconcileNamespace(scope, object); !ns) return Fail(ns.error());
  if (!object.GetResourceVersion().empty()) {
    // R2.2: a storage error, not a StatusError: 500 with no reason.
    return Fail(api::Error(500, api::Reason::kUnknown,
                           "resourceVersion should not be set on objects to be created"));
  }
  if (Result<void> admitted = AdmitCreateInNamespace(scope, object.GetName()); !admitted) {
    return Fail(admitted.error());
  }
  const bool generate = object.GetName().empty() && !object.GetGenerateName().empty();
  const std::string prefix(object.GetGenerateName());
  if (generate) object.SetName(GeneratedName(prefix, scope.server.identity.NewNameSuffix()));
  PrepareForCreate(scope, object);

  api::FieldErrorList errors =
      ValidateObjectMetaForCreate(object, scope.strategy, scope.resource->namespaced);
  std::ranges::move(ValidateObject(scope, object, nullptr), std::back_inserter(errors));
  if (!errors.empty()) {
    return Fail(api::NewInvalid(scope.group_kind(), object.GetName(), errors));
  }
  const api::Time now = api::Time::FromTimePoint(scope.server.clock.Now());
  RecordUpdateManagedFields(nullptr, object, ObjectSchema(scope),
                            FieldManagerFor(scope.request, options->field_manager),
                            !scope.strategy.has_status_subresource, now);

  for (int attempt = 1;; ++attempt) {
    const std::string key = scope.ObjectKey(object.GetNamespace(), object.GetName());
    if (options->DryRun()) {
      // R3.8: everything but the write; the would-be object has no resourceVersion.
      if (scope.server.storage.Get(key)) return Fail(AlreadyExists(scope, key, object.GetName()));
      return EncodeObjectResponse(scope, 201, object.json());
    }
    // Only a generateName retry needs the object after a failed write: others hand it over.
    const std::string name(object.GetName());
    Result<KeyValue> created =
        scope.server.storage.Create(key, generate ? api::Object(object) : std::move(object));
    if (created) {
      if (std::optional<Response> handed = HandOverStoredObject(scope, 201, created->object)) {
        return std::move(*handed);
      }
      return EncodeObjectResponse(scope, 201, created->object->json());
    }
    if (!api::IsAlreadyExists(created.error())) return Fail(created.error());
    if (!generate) return Fail(AlreadyExists(scope, key, name));
    if (attempt == kGenerateNameAttempts) {
      return Fail(api::NewGenerateNameConflict(scope.group_resource(), object.GetName(), 1));
    }
    object.SetName(GeneratedName(prefix, scope.server.identity.NewNameSuffix()));
    PrepareForCreate(scope, object);  // fields derived from the name follow it
  }
}

}  // namespace

Result<Response> HandleCreate(RequestScope& scope) {
  std::vector<std::string> warnings;
  Result<Response> response = CreateObject(scope, warnings);
  return WithWarnings(std::move(response), warnings, scope.format);
}

}  // namespace kubefake::fakeserver
