// EncodeListJsonDirect: nlohmann::json's own dump for every value, joined in the order its
// std::map keys sort in ("apiVersion" < "items" < "kind" < "metadata").
#include "list_json_encoder.h"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "negotiation.h"

namespace kubefake::fakeserver {
namespace {

void AppendDump(std::string& out, const nlohmann::json& value) {
  out += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A built-in list's item: the stored object without apiVersion and kind.
void AppendItem(std::string& out, const nlohmann::json& object) {
  out += '{';
  bool first = true;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (it.key() == "apiVersion" || it.key() == "kind") continue;
    if (!first) out += ',';
    first = false;
    AppendDump(out, nlohmann::json(it.key()));
    out += ':';
    AppendDump(out, it.value());
  }
  out += '}';
}

}  // namespace

std::optional<Response> EncodeListJsonDirect(const RequestScope& scope,
                                             const CollectionPage& page) {
  const OutputFormat& format = scope.format;
  if (scope.custom || format.media_type != MediaType::kJson || format.pretty ||
      format.transform.kind != ResponseTransform::Kind::kNone) {
    return std::nullopt;
  }
  Response response;
  response.status = 200;
  response.headers.Set("Content-Type", std::string(ContentTypeOf(MediaType::kJson)));
  std::string& out = response.body;
  out += R"({"apiVersion":)";
  AppendDump(out, nlohmann::json(scope.kind().GetGroupVersion().String()));
  out += R"(,"items":[)";
  for (std::size_t i = 0; i < page.items.size(); ++i) {
    if (i > 0) out += ',';
    AppendItem(out, page.items[i].object->json());
  }
  out += R"(],"kind":)";
  AppendDump(out, nlohmann::json(scope.resource->list_kind));
  out += R"(,"metadata":)";
  AppendDump(out, CollectionMetadata(page));
  out += "}\n";
  return response;
}

}  // namespace kubefake::fakeserver
