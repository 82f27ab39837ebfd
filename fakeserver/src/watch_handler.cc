// Watch of a collection (?watch=true or the legacy /watch/ prefix): R7.1-R7.12; a legacy
// watch of one name (R1.2) is a collection watch pinned to metadata.name (R6.8); Table and
// PartialObjectMetadata transforms apply per event (R6.14, R6.15).
#include "collection_reader.h"
#include "kubefake/api/protobuf_codec.h"
#include "request_scope.h"
#include "watch_stream.h"

namespace kubefake::fakeserver {

Result<Response> HandleWatch(RequestScope& scope) {
  // Protobuf only for kinds that have a message (not custom resources), unless transformed to
  // PartialObjectMetadata; JSON when the client also accepts it (R11.4).
  if (scope.format.media_type == MediaType::kProtobuf &&
      scope.format.transform.kind == ResponseTransform::Kind::kNone &&
      api::FindProtoMessage(scope.kind()) == nullptr) {
    if (!scope.format.json_fallback) return Fail(ProtobufNotAcceptable());
    scope.format.media_type = MediaType::kJson;
  }
  Result<CollectionRequest> request = ParseCollectionRequest(scope);
  if (!request) return Fail(request.error());
  Result<WatchEventTransform> transform = WatchEventTransform::ForScope(scope);
  if (!transform) return Fail(transform.error());
  Result<std::unique_ptr<ResponseStream>> stream = OpenWatchStream(
      scope, request->options, std::move(request->filter), std::move(*transform));
  if (!stream) return Fail(stream.error());
  Response response;
  response.status = 200;
  response.headers.Set("Content-Type", std::string(WatchContentType(
                                           scope.format.media_type == MediaType::kProtobuf)));
  response.stream = std::move(*stream);
  return response;
}

}  // namespace kubefake::fakeserver
