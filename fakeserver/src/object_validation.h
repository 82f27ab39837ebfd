// Type-specific validation beyond ObjectMeta, as the registry strategies' Validate and
// ValidateUpdate run it: CustomResourceDefinitions by apiextensions' rules
// (apiextensions/crd_validation.h) and custom objects by their CRD version's schema
// (apiextensions/schema_validation.h) and scale paths (apiextensions/custom_resource_scale.h).
// Pure; thread-safe.
//
// Fidelity: see those headers; built-in kinds other than CRDs are not validated here
// (resource_strategy.h).
#pragma once

#include "kubefake/api/field_error.h"
#include "kubefake/api/object.h"
#include "request_scope.h"

namespace kubefake::fakeserver {

// The field errors of `object` about to be written through `scope`; `old` is the stored
// object on update, nullptr on create.
api::FieldErrorList ValidateObject(const RequestScope& scope, const api::Object& object,
                                   const api::Object* old);

}  // namespace kubefake::fakeserver
