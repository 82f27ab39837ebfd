// EncodeListJsonDirect: one CompactJsonWriter per body, members joined in the order nlohmann's
// std::map keys sort in ("apiVersion" < "items" < "kind" < "metadata"); the items' bytes are
// the storage's (KeyValue::encoded), or encoded here for a storage without them. A ListBodyStream
// joins them, all at once into the body or piece by piece for a door that streams.
#include "list_json_encoder.h"

#include <algorithm>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "compact_json_writer.h"
#include "encoded_item.h"
#include "list_body_stream.h"
#include "negotiation.h"
#include "response_compression.h"
#include "server_state.h"

namespace kubefake::fakeserver {
namespace {

Response JsonResponse(int status) {
  Response response;
  response.status = status;
  response.headers.Set("Content-Type", std::string(ContentTypeOf(MediaType::kJson)));
  return response;
}

}  // namespace

void AppendObjectJson(CompactJsonWriter& out, const EncodedItem& item,
                      const api::GroupVersionKind& type) {
  const std::string_view json = item.json;
  size_t copied = 0;
  bool inserted = false;
  for (const auto& [name, value, at] :
       {std::tuple(std::string_view("apiVersion"), type.GetGroupVersion().String(),
                   item.api_version_at),
        std::tuple(std::string_view("kind"), type.kind, item.kind_at)}) {
    out.Raw(json.substr(copied, at - copied));
    copied = at;
    const bool before_a_member = json[at] != '}';
    if (!before_a_member && (at > 1 || inserted)) out.Raw(",");  // after the last member
    out.Key(name);
    out.Value(nlohmann::json(value));
    if (before_a_member) out.Raw(",");
    inserted = true;
  }
  out.Raw(json.substr(copied));
}

bool EncodesJsonDirectly(const RequestScope& scope) {
  const OutputFormat& format = scope.format;
  return !scope.custom && format.media_type == MediaType::kJson && !format.pretty &&
         format.transform.kind == ResponseTransform::Kind::kNone;
}

std::optional<Response> EncodeObjectJsonDirect(const RequestScope& scope, int status,
                                               const KeyValue& stored) {
  if (!EncodesJsonDirectly(scope)) return std::nullopt;
  Response response = JsonResponse(status);
  const EncodedItemPtr item = EncodedBytesOf(stored);
  response.body.reserve(item->json.size() + 64);
  CompactJsonWriter writer(response.body);
  AppendObjectJson(writer, *item, scope.kind());
  writer.Raw("\n");
  return response;
}

std::optional<Response> HandOverStoredObject(const RequestScope& scope, int status,
                                             const ObjectPtr& object) {
  if (!scope.request.accepts_parsed_json || !EncodesJsonDirectly(scope)) return std::nullopt;
  const api::GroupVersionKind kind = scope.kind();
  if (object->GetKind() != kind.kind ||
      object->GetApiVersion() != kind.GetGroupVersion().String()) {
    return std::nullopt;
  }
  Response response = JsonResponse(status);
  // Shares ownership of the stored object: it is immutable once stored.
  response.parsed_json = std::shared_ptr<const nlohmann::json>(object, &object->json());
  return response;
}

std::optional<Response> EncodeListJsonDirect(const RequestScope& scope,
                                             const CollectionPage& page) {
  if (!EncodesJsonDirectly(scope)) return std::nullopt;
  std::string head;
  CompactJsonWriter head_writer(head);
  head_writer.Raw("{");
  head_writer.Key("apiVersion");
  head_writer.Value(nlohmann::json(scope.kind().GetGroupVersion().String()));
  head_writer.Raw(",");
  head_writer.Key("items");
  head_writer.Raw("[");
  std::string tail;
  CompactJsonWriter tail_writer(tail);
  tail_writer.Raw("],");
  tail_writer.Key("kind");
  tail_writer.Value(nlohmann::json(scope.resource->list_kind));
  tail_writer.Raw(",");
  tail_writer.Key("metadata");
  tail_writer.Value(CollectionMetadata(page));
  tail_writer.Raw("}\n");
  std::vector<EncodedItemPtr> items;
  items.reserve(page.items.size());
  for (const KeyValue& stored : page.items) items.push_back(EncodedBytesOf(stored));
  Response response = JsonResponse(200);
  auto body = std::make_unique<ListBodyStream>(std::move(head), std::move(items), std::move(tail));
  if (scope.request.streams_list_body && scope.request.method == "GET" &&
      body->size() > kGzipThresholdBytes) {
    response.stream = std::move(body);
    return response;
  }
  response.body.reserve(body->size());
  body->AppendNext(response.body, body->size());
  return response;
}

}  // namespace kubefake::fakeserver
