// PUT of one object or of its status subresource: R3.2 (update flow, optimistic concurrency,
// create-on-update), R3.10 (field validation of the body); the flow itself is RunUpdate
// (object_updater.h).
#include "body_codec.h"
#include "object_lifecycle.h"
#include "object_updater.h"
#include "request_options.h"
#include "request_scope.h"

namespace kubefake::fakeserver {
namespace {

// The update flow; the body's strict-decoding warnings go to `warnings` (R3.10).
Result<Response> UpdateObject(RequestScope& scope, std::vector<std::string>& warnings) {
  Result<UpdateOptions> options = ParseUpdateOptions(scope.request);
  if (!options) return Fail(options.error());
  Result<DecodedObject> decoded =
      DecodeObjectBody(scope.request, scope.kind(),
                       {.custom = scope.custom,
                        .custom_resource = scope.custom_resource.get(),
                        .field_validation = options->field_validation});
  if (!decoded) return Fail(decoded.error());
  warnings = std::move(decoded->warnings);
  if (Result<void> named = CheckRequestName(scope, decoded->object); !named) {
    return Fail(named.error());
  }
  if (Result<void> ns = ReconcileNamespace(scope, decoded->object); !ns) return Fail(ns.error());
  return RunUpdate(scope, *options,
                   [submitted = std::move(decoded->object)](
                       const api::Object*) -> Result<api::Object> { return submitted; });
}

}  // namespace

Result<Response> HandleUpdate(RequestScope& scope) {
  std::vector<std::string> warnings;
  Result<Response> response = UpdateObject(scope, warnings);
  return WithWarnings(std::move(response), warnings, scope.format);
}

}  // namespace kubefake::fakeserver
