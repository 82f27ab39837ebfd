// The scale subresource of a custom resource (R3.4, R10.5): reading and writing the replicas
// and the selector at the JSON paths its CRD version names, and the checks
// customResourceValidator runs on them (pkg/registry/customresource/etcd.go
// scaleFromCustomResource, validator.go ValidateScaleSpec/ValidateScaleStatus). Pure
// functions; thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "apiextensions/custom_resource_version.h"
#include "kubefake/api/field_error.h"
#include "kubefake/api/result.h"

namespace kubefake::fakeserver::apiextensions {

// Sets the integer at `path`, creating the objects on the way (unstructured.SetNestedField).
// Errors: InternalError when a field on the way is not an object.
Result<void> SetNestedInt64(nlohmann::json& object, std::string_view path, int64_t value);

// What the Scale of a custom object carries, and whether spec replicas was found.
struct CustomScale {
  std::optional<int64_t> spec_replicas;
  int64_t status_replicas = 0;
  std::string selector;
};

// scaleFromCustomResource, as unstructured.NestedInt64 and NestedString read the paths (a
// field absent on the way reads as not found). Errors: InternalError with the accessor's text
// (`.spec.replicas accessor error: x is of the type string, expected int64`).
Result<CustomScale> ReadCustomScale(const nlohmann::json& object, const ScaleSubresource& scale);

// ValidateScaleSpec: spec replicas must be a non-negative int32.
api::FieldErrorList ValidateScaleSpec(const nlohmann::json& object, const ScaleSubresource& scale);

// ValidateScaleStatus: status replicas must be a non-negative int32, the selector a string.
api::FieldErrorList ValidateScaleStatus(const nlohmann::json& object,
                                        const ScaleSubresource& scale);

}  // namespace kubefake::fakeserver::apiextensions
