// The steps the apiserver's generic registry runs around a write, shared by the create,
// update and delete handlers: system-field wiping and filling (R2.1-R2.3, R2.10), namespace
// reconciliation (R2.7), NamespaceLifecycle admission (R2.7, R4.9) and finalizer completion
// (R4.6). Thread-compatible.
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kubefake/api/object.h"
#include "kubefake/api/result.h"
#include "request_scope.h"

namespace kubefake::fakeserver {

// Sets the body's namespace from the URL, or fails with the real 400 on a mismatch (R2.7).
// Cluster-scoped resources get their namespace cleared.
Result<void> ReconcileNamespace(const RequestScope& scope, api::Object& object);

// checkName (R2.7): the object names the object of the URL. `exact_namespace` requires the
// namespace to equal the URL's (patch); otherwise an empty namespace passes (update).
// Errors: BadRequest with the apiserver's texts.
Result<void> CheckRequestName(const RequestScope& scope, const api::Object& object,
                              bool exact_namespace = false);

// The Conflict of a stale resourceVersion on the URL's object (OptimisticLockErrorMsg, R3.2).
api::Error OptimisticLockConflict(const RequestScope& scope);

// Admission for creates: the namespace must exist (404) and not be terminating (403, R4.9).
// `name` is the object's name ("" for a generateName create).
Result<void> AdmitCreateInNamespace(const RequestScope& scope, std::string_view name);

// The stored `object` as an endpoint of `kind` serves it: with the endpoint's apiVersion and
// kind (every version of a group-resource shares one storage; no schema conversion is done).
// A custom object (`custom` given) is first decoded as the apiserver decodes it from storage:
// pruned and defaulted by the storage version's schema (R10.6, R10.7).
nlohmann::json AsVersion(const api::GroupVersionKind& kind, const api::Object& object,
                         const apiextensions::CustomResourceVersion* custom = nullptr);
inline nlohmann::json AsRequestedVersion(const RequestScope& scope, const api::Object& object) {
  return AsVersion(scope.kind(), object, scope.custom_resource.get());
}

// Clears what a client may not set on create and fills uid, creationTimestamp, generation and
// the resource's create-time defaults (status reset, namespace finalizers and phase, a CRD's
// defaults and initial status).
void PrepareForCreate(const RequestScope& scope, api::Object& object);

// Restores what a client may not change on update from `old` (uid when empty,
// creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, generation, status on
// resources with a status subresource; on the status subresource everything but metadata and
// status, and for custom resources everything but status, R3.3; a namespace's spec.finalizers
// except on /finalize, R4.9) and bumps generation by the resource's policy.
// CustomResourceDefinitions get their defaults and stored versions (R10.1). Attempts
// to set deletion fields are rejected earlier by ValidateDeletionFieldsUnchanged.
void PrepareForUpdate(const RequestScope& scope, const api::Object& old, api::Object& object);

// R2.9: an update may not set deletionTimestamp on an object that is not being deleted, nor
// change deletionGracePeriodSeconds. Errors: Invalid (`field is immutable`) field errors.
api::FieldErrorList ValidateDeletionFieldsUnchanged(const api::Object& old,
                                                    const api::Object& object);

// Whether an update leaves an object that must be deleted instead of written: deletion
// started, no finalizers left, and no grace period running (R4.6); a namespace also needs an
// empty spec.finalizers (ShouldDeleteNamespaceDuringUpdate, R4.9).
bool ShouldDeleteDuringUpdate(const api::Object& object);

// Whether a namespace still has finalizers in spec.finalizers (the namespace controller's).
bool HasNamespaceFinalizers(const api::Object& ns);

}  // namespace kubefake::fakeserver
