// PUT of one object or of its status subresource: R3.2 (update flow, optimistic concurrency,
// create-on-update), R3.10 (field validation of the body); the flow itself is RunUpdate
// (object_updater.h).
#include <optional>
#include <string>
#include <vector>

#include "body_codec.h"
#include "object_lifecycle.h"
#include "object_updater.h"
#include "request_options.h"
#include "request_scope.h"

namespace kubefake::fakeserver {
namespace {

// The object a PUT submits: its body decoded, checked against the URL's name and namespace.
// The strict-decoding warnings go to `warnings` unless it is nullptr (R3.10).
Result<api::Object> SubmittedObject(RequestScope& scope, const UpdateOptions& options,
                                    std::vector<std::string>* warnings) {
  Result<DecodedObject> decoded = DecodeObjectBody(scope.request, scope.kind(),
                                                   {.custom = scope.custom,
                                                    .custom_resource = scope.custom_resource.get(),
                                                    .field_validation = options.field_validation});
  if (!decoded) return Fail(decoded.error());
  if (warnings != nullptr) *warnings = std::move(decoded->warnings);
  if (Result<void> named = CheckRequestName(scope, decoded->object); !named) {
    return Fail(named.error());
  }
  if (Result<void> ns = ReconcileNamespace(scope, decoded->object); !ns) return Fail(ns.error());
  return std::move(decoded->object);
}

// The update flow; the body's strict-decoding warnings go to `warnings` (R3.10).
Result<Response> UpdateObject(RequestScope& scope, std::vector<std::string>& warnings) {
  Result<UpdateOptions> options = ParseUpdateOptions(scope.request);
  if (!options) return Fail(options.error());
  Result<api::Object> submitted = SubmittedObject(scope, *options, &warnings);
  if (!submitted) return Fail(submitted.error());
  // The first run takes the object over; a rerun (GuaranteedUpdate on a fresh state) decodes
  // the body again, so that no run copies it.
  return RunUpdate(scope, *options,
                   [&scope, &options = *options, first = std::optional(std::move(*submitted))](
                       const api::Object*) mutable -> Result<api::Object> {
                     if (!first) return SubmittedObject(scope, options, nullptr);
                     api::Object object = std::move(*first);
                     first.reset();
                     return object;
                   });
}

}  // namespace

Result<Response> HandleUpdate(RequestScope& scope) {
  std::vector<std::string> warnings;
  Result<Response> response = UpdateObject(scope, warnings);
  return WithWarnings(std::move(response), warnings, scope.format);
}

}  // namespace kubefake::fakeserver
