// GET (and HEAD) of one object: R6.2 (resourceVersion semantics for get).
#include "object_lifecycle.h"
#include "body_codec.h"
#include "list_json_encoder.h"
#include "request_options.h"
#include "request_scope.h"
#include "response_transform.h"

namespace kubefake::fakeserver {

Result<Response> HandleGet(RequestScope& scope) {
  const GetOptions options = ParseGetOptions(scope.request);
  Result<uint64_t> requested =
      ParseResourceVersion(options.resource_version, ResourceVersionReader::kWatchCache);
  if (!requested) return Fail(requested.error());
  Storage& storage = scope.server.storage;
  // "" and "0" read the latest state; "<n>" must not be newer than what the server has.
  const auto current = static_cast<uint64_t>(storage.CurrentRevision());
  if (*requested > current) return Fail(api::NewTooLargeResourceVersion(*requested, current, 1));
  Result<KeyValue> stored =
      storage.Get(scope.ObjectKey(scope.info.namespace_, scope.info.name));
  if (!stored) {
    if (api::IsNotFound(stored.error())) {
      return Fail(api::NewNotFound(scope.group_resource(), scope.info.name));
    }
    return Fail(stored.error());
  }
  if (std::optional<Response> handed = HandOverStoredObject(scope, 200, stored->object)) {
    return std::move(*handed);
  }
  if (std::optional<Response> direct = EncodeObjectJsonDirect(scope, 200, *stored)) {
    return std::move(*direct);
  }
  return EncodeObjectResponse(scope, 200, AsRequestedVersion(scope, *stored->object));
}

}  // namespace kubefake::fakeserver
