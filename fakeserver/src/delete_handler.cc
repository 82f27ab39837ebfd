// DELETE of one object: R4.1-R4.5 (options, preconditions, finalizers, propagation policy,
// what DELETE returns), R4.9 (namespaces), R3.8 (dry run).
#include "body_codec.h"
#include "object_deletion.h"
#include "request_options.h"
#include "request_scope.h"
#include "response_transform.h"

namespace kubefake::fakeserver {

Result<Response> HandleDelete(RequestScope& scope) {
  Result<DeleteOptions> options = ParseDeleteOptions(scope.request);
  if (!options) return Fail(options.error());
  Result<DeletionOutcome> outcome = DeleteObject(
      scope, scope.ObjectKey(scope.info.namespace_, scope.info.name), *options);
  if (!outcome) return Fail(outcome.error());
  return EncodeObjectResponse(scope, 200, DeleteResponseBody(scope, *outcome));
}

}  // namespace kubefake::fakeserver
