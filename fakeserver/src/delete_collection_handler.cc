// DELETE on a collection: R1.7. Lists what matches the selectors, then deletes each object as
// a single DELETE would (finalizers and propagation apply per object; an object that is gone
// by then is skipped), and answers the list as it was before the deletion. The list options
// are decoded and validated before the DeleteOptions, as handlers/delete.go DeleteCollection
// does.
#include <nlohmann/json.hpp>

#include "body_codec.h"
#include "collection_reader.h"
#include "object_deletion.h"
#include "request_options.h"
#include "request_scope.h"
#include "response_transform.h"

namespace kubefake::fakeserver {

Result<Response> HandleDeleteCollection(RequestScope& scope) {
  Result<CollectionRequest> request = ParseCollectionRequest(scope);
  if (!request) return Fail(request.error());
  Result<DeleteOptions> delete_options = ParseDeleteOptions(scope.request);
  if (!delete_options) return Fail(delete_options.error());
  Result<nlohmann::json> list = ReadCollection(scope, *request);
  if (!list) return Fail(list.error());

  for (const nlohmann::json& item : (*list)["items"]) {
    const nlohmann::json& metadata = item["metadata"];
    const std::string key =
        scope.ObjectKey(metadata.value("namespace", ""), metadata.value("name", ""));
    Result<DeletionOutcome> outcome = DeleteObject(scope, key, *delete_options);
    if (!outcome && !api::IsNotFound(outcome.error())) return Fail(outcome.error());
  }
  return EncodeObjectResponse(scope, 200, std::move(*list));
}

}  // namespace kubefake::fakeserver
