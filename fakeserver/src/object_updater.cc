#include "object_updater.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "body_codec.h"
#include "list_json_encoder.h"
#include "managed_fields.h"
#include "object_lifecycle.h"
#include "object_meta_validation.h"
#include "object_validation.h"
#include "response_transform.h"

namespace kubefake::fakeserver {
namespace {

class Updater {
 public:
  // Admission for a create-on-update is decided here, before the storage lock is held.
  Updater(RequestScope& scope, ObjectProducer produce, std::string manager, UpdateFlow flow)
      : scope_(scope),
        produce_(std::move(produce)),
        manager_(std::move(manager)),
        flow_(std::move(flow)),
        create_admission_(CreateAllowed() ? AdmitCreateInNamespace(scope, scope.info.name)
                                          : Result<void>()) {}

  // The new state from the stored one (nullptr when absent), as GuaranteedUpdate asks.
  Result<UpdateDecision> operator()(const KeyValue* current) {
    created_ = current == nullptr;
    if (created_) return Create();
    const api::Object& old = *current->object;
    Result<api::Object> submitted = produce_(&old);
    if (!submitted) return Fail(std::move(submitted.error()));
    api::Object object = std::move(*submitted);
    const std::string_view resource_version = object.GetResourceVersion();
    if (resource_version.empty()) {
      if (!scope_.strategy.allow_unconditional_update) {
        // R3.2: the quirky group-kind made of the resource name.
        return Fail(api::NewInvalid(
            {scope_.resource->group, scope_.resource->name}, scope_.info.name,
            {api::InvalidError("metadata.resourceVersion", 0, "must be specified for an update")}));
      }
    } else if (resource_version != old.GetResourceVersion()) {
      return Fail(OptimisticLockConflict(scope_));
    }
    if (!object.GetUid().empty() && object.GetUid() != old.GetUid()) {
      return Fail(api::NewConflict(
          scope_.group_resource(), scope_.info.name,
          "StorageError: invalid object, Code: 4, Key: " + current->key +
              ", ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in "
              "precondition: " +
              std::string(object.GetUid()) + ", UID in object meta: " + std::string(old.GetUid())));
    }
    api::FieldErrorList errors = ValidateDeletionFieldsUnchanged(old, object);
    if (!errors.empty()) {
      return Fail(api::NewInvalid(scope_.group_kind(), scope_.info.name, errors));
    }
    PrepareForUpdate(scope_, old, object);
    errors = ValidateObjectMetaForUpdate(object, old, scope_.strategy, scope_.resource->namespaced);
    std::ranges::move(ValidateObject(scope_, object, &old), std::back_inserter(errors));
    if (!errors.empty()) {
      return Fail(api::NewInvalid(scope_.group_kind(), scope_.info.name, errors));
    }
    RecordManagedFields(&old, object);

    object.SetResourceVersion(old.GetResourceVersion());
    if (object.json() == old.json()) return UpdateDecision{UpdateDecision::Action::kNoop, {}};
    if (ShouldDeleteDuringUpdate(object)) {
      deleted_object_ = object;
      return UpdateDecision{UpdateDecision::Action::kDelete, {}};
    }
    return UpdateDecision{UpdateDecision::Action::kWrite, std::move(object)};
  }

  bool created() const { return created_; }
  // The object as submitted when the update completed a deletion (R4.6).
  const std::optional<api::Object>& deleted_object() const { return deleted_object_; }

 private:
  Result<UpdateDecision> Create() {
    if (!CreateAllowed() || !scope_.info.subresource.empty()) {
      return Fail(api::NewNotFound(scope_.group_resource(), scope_.info.name));
    }
    Result<api::Object> submitted = produce_(nullptr);
    if (!submitted) return Fail(std::move(submitted.error()));
    api::Object object = std::move(*submitted);
    if (!object.GetResourceVersion().empty()) {
      return Fail(api::NewNotFound(scope_.group_resource(), scope_.info.name));
    }
    if (!create_admission_) return Fail(create_admission_.error());
    PrepareForCreate(scope_, object);
    api::FieldErrorList errors =
        ValidateObjectMetaForCreate(object, scope_.strategy, scope_.resource->namespaced);
    std::ranges::move(ValidateObject(scope_, object, nullptr), std::back_inserter(errors));
    if (!errors.empty()) {
      return Fail(api::NewInvalid(scope_.group_kind(), scope_.info.name, errors));
    }
    RecordManagedFields(nullptr, object);
    return UpdateDecision{UpdateDecision::Action::kWrite, std::move(object)};
  }

  api::Time Now() const { return api::Time::FromTimePoint(scope_.server.clock.Now()); }

  bool CreateAllowed() const {
    return scope_.strategy.allow_create_on_update || flow_.create_when_missing;
  }

  void RecordManagedFields(const api::Object* old, api::Object& object) {
    if (flow_.record_managed_fields) {
      flow_.record_managed_fields(old, object);
      return;
    }
    const bool track_status =
        scope_.info.subresource == "status" || !scope_.strategy.has_status_subresource;
    RecordUpdateManagedFields(old, object, ObjectSchema(scope_), manager_, track_status, Now(),
                              scope_.info.subresource);
  }

  RequestScope& scope_;
  ObjectProducer produce_;
  std::string manager_;
  UpdateFlow flow_;
  Result<void> create_admission_;
  bool created_ = false;
  std::optional<api::Object> deleted_object_;
};

}  // namespace

Result<Response> RunUpdate(RequestScope& scope, const WriteOptions& options, ObjectProducer produce,
                           UpdateFlow flow) {
  Updater updater(scope, std::move(produce), FieldManagerFor(scope.request, options.field_manager),
                  std::move(flow));
  const std::string key = scope.ObjectKey(scope.info.namespace_, scope.info.name);
  Storage& storage = scope.server.storage;

  if (options.DryRun()) {
    // R3.8: the full flow on the current state, nothing written.
    Result<KeyValue> current = storage.Get(key);
    if (!current && !api::IsNotFound(current.error())) return Fail(current.error());
    Result<UpdateDecision> decision = updater(current ? &*current : nullptr);
    if (!decision) return Fail(decision.error());
    const int status = updater.created() ? 201 : 200;
    switch (decision->action) {
      case UpdateDecision::Action::kWrite:
        return EncodeObjectResponse(scope, status, AsRequestedVersion(scope, decision->object));
      case UpdateDecision::Action::kNoop:
        return EncodeObjectResponse(scope, status, AsRequestedVersion(scope, *current->object));
      case UpdateDecision::Action::kDelete:
        return EncodeObjectResponse(scope, status,
                                    AsRequestedVersion(scope, *updater.deleted_object()));
    }
  }

  Result<KeyValue> stored = storage.GuaranteedUpdate(key, 0, std::ref(updater));
  if (!stored) return Fail(stored.error());
  if (updater.deleted_object()) {
    return EncodeObjectResponse(scope, 200, AsRequestedVersion(scope, *updater.deleted_object()));
  }
  const int status = updater.created() ? 201 : 200;
  if (std::optional<Response> handed = HandOverStoredObject(scope, status, stored->object)) {
    return std::move(*handed);
  }
  return EncodeObjectResponse(scope, status, AsRequestedVersion(scope, *stored->object));
}

}  // namespace kubefake::fakeserver
