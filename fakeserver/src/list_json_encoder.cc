// EncodeListJsonDirect: nlohmann::json's own dump for every value, joined in the order its
// std::map keys sort in ("apiVersion" < "items" < "kind" < "metadata").
#include "list_json_encoder.h"

#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "negotiation.h"

namespace kubefake::fakeserver {
namespace {

void AppendDump(std::string& out, const nlohmann::json& value) {
  out += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The stored object without its own apiVersion and kind; with `type`, the ones of `type` in
// their sorted places (a built-in list's items have none).
void AppendObject(std::string& out, const nlohmann::json& object,
                  const api::GroupVersionKind* type) {
  const std::string api_version = type ? type->GetGroupVersion().String() : std::string();
  const std::pair<std::string_view, const std::string*> type_members[] = {
      {"apiVersion", &api_version}, {"kind", type ? &type->kind : nullptr}};
  size_t next_type_member = type ? 0 : std::size(type_members);
  bool first = true;
  auto append_member = [&](std::string_view key, const auto& value) {
    if (!first) out += ',';
    first = false;
    AppendDump(out, nlohmann::json(key));
    out += ':';
    AppendDump(out, value);
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
  out += '{';
  for (auto it = object.begin(); it != object.end(); ++it) {
    append_type_members_before(it.key());
    if (it.key() == "apiVersion" || it.key() == "kind") continue;
    append_member(it.key(), it.value());
  }
  append_type_members_before(std::nullopt);
  out += '}';
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
  AppendObject(response.body, object.json(), &kind);
  response.body += '\n';
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
  std::string& out = response.body;
  out += R"({"apiVersion":)";
  AppendDump(out, nlohmann::json(scope.kind().GetGroupVersion().String()));
  out += R"(,"items":[)";
  for (std::size_t i = 0; i < page.items.size(); ++i) {
    if (i > 0) out += ',';
    AppendObject(out, page.items[i].object->json(), nullptr);
  }
  out += R"(],"kind":)";
  AppendDump(out, nlohmann::json(scope.resource->list_kind));
  out += R"(,"metadata":)";
  AppendDump(out, CollectionMetadata(page));
  out += "}\n";
  return response;
}

}  // namespace kubefake::fakeserver
