// EncodeListJsonDirect: nlohmann::json's own serializer for every value (one per body, writing
// into it), joined in the order its std::map keys sort in ("apiVersion" < "items" < "kind" <
// "metadata"); the items' bytes come from the server's EncodedItemCache.
#include "list_json_encoder.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

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

// The stored object without its own apiVersion and kind; with `type`, the ones of `type` in
// their sorted places (a built-in list's items have none).
void AppendObject(CompactJsonWriter& out, const nlohmann::json& object,
                  const api::GroupVersionKind* type) {
  const std::string api_version = type ? type->GetGroupVersion().String() : std::string();
  const std::pair<std::string_view, const std::string*> type_members[] = {
      {"apiVersion", &api_version}, {"kind", type ? &type->kind : nullptr}};
  size_t next_type_member = type ? 0 : std::size(type_members);
  bool first = true;
  auto append_member = [&](std::string_view key, const nlohmann::json& value) {
    if (!first) out.Raw(",");
    first = false;
    out.Key(key);
    out.Value(value);
  };
  // Those of apiVersion and kind that sort before `key` (all that are left for nullopt).
  auto append_type_members_before = [&](std::optional<std::string_view> key) {
    for (; next_type_member < std::size(type_members) &&
           (!key || type_members[next_type_member].first < *key);
         ++next_type_member) {
      const auto& [name, value] = type_members[next_type_member];
      append_member(name, nlohmann::json(*value));
    }
  };
  out.Raw("{");
  for (auto it = object.begin(); it != object.end(); ++it) {
    append_type_members_before(it.key());
    if (it.key() == "apiVersion" || it.key() == "kind") continue;
    append_member(it.key(), it.value());
  }
  append_type_members_before(std::nullopt);
  out.Raw("}");
}

// True when the body can be written directly: a built-in resource as compact JSON, untransformed.
bool CanEncodeDirectly(const RequestScope& scope) {
  const OutputFormat& format = scope.format;
  return !scope.custom && format.media_type == MediaType::kJson && !format.pretty &&
         format.transform.kind == ResponseTransform::Kind::kNone;
}

Response JsonResponse(int status) {
  Response response;
  response.status = status;
  response.headers.Set("Content-Type", std::string(ContentTypeOf(MediaType::kJson)));
  return response;
}

}  // namespace

std::optional<Response> EncodeObjectJsonDirect(const RequestScope& scope, int status,
                                               const api::Object& object) {
  if (!CanEncodeDirectly(scope)) return std::nullopt;
  Response response = JsonResponse(status);
  const api::GroupVersionKind kind = scope.kind();
  CompactJsonWriter writer(response.body);
  AppendObject(writer, object.json(), &kind);
  writer.Raw("\n");
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
      scope.server.encoded_items.GetOrEncode(page.items, [](const KeyValue& item) {
        std::string bytes;
        CompactJsonWriter writer(bytes);
        AppendObject(writer, item.object->json(), nullptr);
        return bytes;
      });
  size_t items_size = items.size();
  for (const EncodedItemCache::Bytes& item : items) items_size += item->size();
  response.body.reserve(items_size + 256);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.Raw(",");
    out.Raw(*items[i]);
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
