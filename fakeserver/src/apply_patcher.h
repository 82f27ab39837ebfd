// The request side of server-side apply (handlers/patch.go applyPatcher, R8.7, R3.3, R3.10):
// decodes the applied configuration (YAML or JSON), checks its kind, version and
// managedFields, keeps the fields the endpoint owns and runs ApplyConfiguration
// (server_side_apply.h) on the stored object inside the update flow. Thread-compatible (one
// request).
//
// Fidelity:
//   Emulated:  `error decoding patch: error converting YAML to JSON: ...` (400) for a body
//              that is not a YAML or JSON object (an empty body is an empty object),
//              `Incorrect version specified in apply patch. Specified patch version: <gv>,
//              expected: <gv>` for another group-version, `invalid object type: <gvk>` for
//              another kind, `metadata.managedFields must be nil` (400); once the apply has
//              succeeded, a repeated key is 400 `error strict decoding patch: ...` with
//              fieldValidation Strict and a Warning with Warn (the default); a field the schema
//              does not know fails whatever the fieldValidation, as a 500 without reason `failed to
//              create typed patch object
//              (<gvk>): .spec.foo: field not declared in schema`; on the main endpoint of a
//              resource with a status subresource `status` is ignored, on /status everything
//              but status and (built-ins only) metadata.
//   Differs:   only the first unknown field is named, list items by index (`[0]`) where
//              structured-merge-diff names them by key; a value of the wrong type fails as a
//              500 with the typed decoder's text instead of structured-merge-diff's.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kubefake/api/object.h"
#include "kubefake/api/result.h"
#include "object_updater.h"
#include "request_options.h"
#include "request_scope.h"

namespace kubefake::fakeserver {

class ApplyPatcher {
 public:
  // `scope` and `warnings` (the strict-decoding warnings of the last run) must outlive the
  // patcher.
  ApplyPatcher(RequestScope& scope, const PatchOptions& options,
               std::vector<std::string>& warnings);

  // The object the apply produces from `current` (nullptr: create). Errors: as listed above,
  // the conflicts of ApplyConfiguration, and the name checks of R2.7.
  Result<api::Object> operator()(const api::Object* current);

  // Puts the managedFields of the last produced object back after the strategy prepared it.
  void RecordManagedFields(const api::Object* old, api::Object& object) const;

 private:
  // The configuration the endpoint takes, decoded and checked once.
  Result<nlohmann::json> Configuration();

  RequestScope& scope_;
  PatchOptions options_;
  std::vector<std::string>& warnings_;
  std::optional<Result<nlohmann::json>> config_;
  nlohmann::json managed_fields_;
};

// Runs a server-side apply request through the update flow; strict-decoding warnings go to
// `warnings`.
Result<Response> RunApply(RequestScope& scope, const PatchOptions& options,
                          std::vector<std::string>& warnings);

}  // namespace kubefake::fakeserver
