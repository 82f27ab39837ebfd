// ObjectMeta validation as the apiserver runs it on create and update (apimachinery
// pkg/api/validation/objectmeta.go and core's finalizer-name check), returning field errors
// that the caller turns into a 422 Invalid (R5.6). Pure functions; thread-safe.
//
// Fidelity:
//   Emulated:  name and generateName by the resource's rule (R2.6, R2.8), namespace name,
//              label keys and values, annotation keys and total size, finalizer names (and
//              the orphan/foregroundDeletion exclusion), ownerReference required fields and
//              the single-controller rule (R3.14); on update, immutable name, namespace, uid
//              and the no-new-finalizers-while-deleting rule (R2.9).
//   Differs:   ownerReference de-duplication (with its Warning) is not done.
#pragma once

#include "kubefake/api/field_error.h"
#include "kubefake/api/object.h"
#include "resource_strategy.h"

namespace kubefake::fakeserver {

// Validates the metadata of an object about to be created. `namespaced` is the resource's
// scope; the strategy says whether core's finalizer name check applies.
api::FieldErrorList ValidateObjectMetaForCreate(const api::Object& object,
                                                const ResourceStrategy& strategy, bool namespaced);

// Validates the metadata of `updated` against the stored `old` (in addition to the checks of
// a create).
api::FieldErrorList ValidateObjectMetaForUpdate(const api::Object& updated, const api::Object& old,
                                                const ResourceStrategy& strategy, bool namespaced);

}  // namespace kubefake::fakeserver
