// EncodeListJsonDirect: nlohmann::json's own serializer for every value (one per body, writing
// into it), joined in the order its std::map keys sort in ("apiVersion" < "items" < "kind" <
// "metadata"); the items' bytes come from the server's EncodedItemCache.
#include "list_json_encoder.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>

#include "encoded_item_cache.h"
#include "negotiation.h"
#include "server_state.h"

namespace kubefake::fakeserver {
namespace {

// Appends compact JSON to one string, byte for byte what nlohmann::json::dump(-1, ' ', false,
// replace) gives, with one nlohmann serializer for the whole body: dump() builds a serializer
// (a locale lookup, a 512-byte indent buffer, an adapter) and a string per value, which cost
// more than the values themselves for the small members of an object.
class CompactJsonWriter {
 public:
  explicit CompactJsonWriter(std::string& out)
      : out_(out),
        serializer_(nlohmann::detail::output_adapter<char>(out), ' ',
                    nlohmann::json::error_handler_t::replace) {}

  void Value(const nlohmann::json& value) { serializer_.dump(value, false, false, 0); }

  // A member's key and colon. Keys of printable ASCII without quote or backslash are written as
  // they are (the serializer escapes nothing in them); others go through the serializer.
  void Key(std::string_view key) {
    const bool plain = std::all_of(key.begin(), key.end(), [](char c) {
      return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    });
    if (plain) {
      out_ += '"';
      out_ += key;
      out_ += '"';
    } else {
      Value(nlohmann::json(key));
    }
    out_ += ':';
  }

  void Raw(std::string_view text) { out_ += text; }

 private:
  std::string& out_;
  nlohmann::detail::serializer<nlohmann::json> serializer_;
};

// The stored object as a built-in list's item: without its own apiVersion and kind, with the
// places where they go in the object alone.
EncodedItem EncodeItem(const nlohmann::json& object) {
  EncodedItem item;
  CompactJsonWriter out(item.json);
  std::optional<size_t> api_version_at, kind_at;
  bool first = true;
  out.Raw("{");
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string& key = it.key();
    if (key == "apiVersion" || key == "kind") continue;
    if (!first) out.Raw(",");
    first = false;
    if (!api_version_at && key > "apiVersion") api_version_at = item.json.size();
    if (!kind_at && key > "kind") kind_at = item.json.size();
    out.Key(key);
    out.Value(it.value());
  }
  item.api_version_at = api_version_at.value_or(item.json.size());
  item.kind_at = kind_at.value_or(item.json.size());
  out.Raw("}");
  return item;
}

// `item` as the object alone: with `type`'s apiVersion and kind in their sorted places.
void AppendWithType(CompactJsonWriter& out, const EncodedItem& item,
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

// True when the body can be written directly: a built-in resource as compact JSON, untransformed.
bool CanEncodeDirectly(const RequestScope& scope) {
  const OutputFormat& format = scope.format;
  return !scope.custom && format.media_type == MediaType::kJson && !format.pretty &&
         format.transform.kind == ResponseTransform::Kind::kNone;
}

EncodedItem EncodeStored(const KeyValue& stored) { return EncodeItem(stored.object->json()); }

Response JsonResponse(int status) {
  Response response;
  response.status = status;
  response.headers.Set("Content-Type", std::string(ContentTypeOf(MediaType::kJson)));
  return response;
}

}  // namespace

std::optional<Response> EncodeObjectJsonDirect(const RequestScope& scope, int status,
                                               const KeyValue& stored) {
  if (!CanEncodeDirectly(scope)) return std::nullopt;
  Response response = JsonResponse(status);
  const EncodedItemCache::Bytes item =
      scope.server.encoded_items.GetOrEncode(std::span(&stored, 1), EncodeStored).front();
  response.body.reserve(item->json.size() + 64);
  CompactJsonWriter writer(response.body);
  AppendWithType(writer, *item, scope.kind());
  writer.Raw("\n");
  return response;
}

std::optional<Response> HandOverStoredObject(const RequestScope& scope, int status,
                                             const ObjectPtr& object) {
  if (!scope.request.accepts_parsed_json || !CanEncodeDirectly(scope)) return std::nullopt;
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
  if (!CanEncodeDirectly(scope)) return std::nullopt;
  Response response = JsonResponse(200);
  CompactJsonWriter out(response.body);
  out.Raw("{");
  out.Key("apiVersion");
  out.Value(nlohmann::json(scope.kind().GetGroupVersion().String()));
  out.Raw(",");
  out.Key("items");
  out.Raw("[");
  const std::vector<EncodedItemCache::Bytes> items =
      scope.server.encoded_items.GetOrEncode(page.items, EncodeStored);
  size_t items_size = items.size();
  for (const EncodedItemCache::Bytes& item : items) items_size += item->json.size();
  response.body.reserve(items_size + 256);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.Raw(",");
    out.Raw(items[i]->json);
  }
  out.Raw("],");
  out.Key("kind");
  out.Value(nlohmann::json(scope.resource->list_kind));
  out.Raw(",");
  out.Key("metadata");
  out.Value(CollectionMetadata(page));
  out.Raw("}\n");
  return response;
}

}  // namespace kubefake::fakeserver
