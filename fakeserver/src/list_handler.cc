// GET on a collection: R6.1 (shape), R6.3 (resourceVersion semantics), R6.4 (validation),
// R6.5-R6.7 (paging and expired continue tokens), R6.8-R6.12 (selectors).
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "body_codec.h"
#include "collection_reader.h"
#include "list_json_encoder.h"
#include "request_scope.h"
#include "response_transform.h"

namespace kubefake::fakeserver {

Result<Response> HandleList(RequestScope& scope) {
  Result<CollectionRequest> request = ParseCollectionRequest(scope);
  if (!request) return Fail(request.error());
  const bool direct = EncodesJsonDirectly(scope);
  Result<CollectionPage> page = ReadCollectionPage(scope, *request, /*trees=*/!direct);
  if (!page) return Fail(page.error());
  if (direct) return std::move(*EncodeListJsonDirect(scope, *page));
  return EncodeObjectResponse(scope, 200, CollectionJson(scope, *page));
}

}  // namespace kubefake::fakeserver
