#include "response_transform.h"

#include <string>

#include "body_codec.h"
#include "kubefake/api/error.h"

namespace kubefake::fakeserver {
namespace {

using Kind = ResponseTransform::Kind;

// The Go type the real server names in its 406s: the internal object's package and kind.
std::string InternalGoType(const RequestScope& scope, bool list) {
  if (scope.custom) return list ? "*unstructured.UnstructuredList" : "*unstructured.Unstructured";
  const api::GroupVersionKind kind = scope.kind();
  std::string package = kind.group.substr(0, kind.group.find('.'));
  if (kind.group.empty() || kind.group == "events.k8s.io") package = "core";
  if (kind.group == "internal.apiserver.k8s.io") package = "apiserverinternal";
  return "*" + package + "." + kind.kind + (list ? "List" : "");
}

bool IsStatus(const nlohmann::json& body) {
  return body.value("kind", "") == "Status" && body.value("apiVersion", "") == "v1";
}

api::Error NotAListError(const RequestScope& scope) {
  return api::NewNotAcceptable(
      "you requested PartialObjectMetadataList, but the requested object is not a list (" +
      InternalGoType(scope, false) + ")");
}

PrintContext ContextOf(const RequestScope& scope) { return {scope.server.clock.Now()}; }

Result<nlohmann::json> Transform(const RequestScope& scope, nlohmann::json body) {
  const ResponseTransform& transform = scope.format.transform;
  if (transform.kind == Kind::kNone || IsStatus(body)) return body;
  const bool list = body.value("kind", "") == scope.resource->list_kind && body.contains("items");
  switch (transform.kind) {
    case Kind::kTable: {
      Result<TableOptions> options = ParseTableOptions(scope.request);
      if (!options) return Fail(options.error());
      const TableTarget target{scope.printer(), scope.kind(),
                               transform.version};
      return ConvertToTable(target, body, list, *options, ContextOf(scope));
    }
    case Kind::kPartialObjectMetadata:
      if (list) {
        return Fail(api::NewNotAcceptable(
            "you requested PartialObjectMetadata, but the requested object is a list (" +
            InternalGoType(scope, true) + ")"));
      }
      return AsPartialObjectMetadata(body, transform.version);
    case Kind::kPartialObjectMetadataList: {
      if (!list) return Fail(NotAListError(scope));
      nlohmann::json items = nlohmann::json::array();
      for (const nlohmann::json& item : body["items"]) {
        items.push_back(AsPartialObjectMetadata(item, transform.version));
      }
      return nlohmann::json{{"kind", "PartialObjectMetadataList"},
                            {"apiVersion", "meta.k8s.io/" + transform.version},
                            {"metadata", body.value("metadata", nlohmann::json::object())},
                            {"items", std::move(items)}};
    }
    case Kind::kNone:
      break;
  }
  return body;
}

}  // namespace

Result<Response> EncodeObjectResponse(const RequestScope& scope, int status, nlohmann::json body) {
  Result<nlohmann::json> transformed = Transform(scope, std::move(body));
  if (!transformed) return Fail(transformed.error());
  return EncodeResponse(status, *transformed, scope.format);
}

Result<WatchEventTransform> WatchEventTransform::ForScope(const RequestScope& scope) {
  const ResponseTransform& transform = scope.format.transform;
  TableOptions options;
  if (transform.kind == Kind::kTable) {
    Result<TableOptions> parsed = ParseTableOptions(scope.request);
    if (!parsed) return Fail(parsed.error());
    options = *parsed;
  } else if (transform.kind == Kind::kPartialObjectMetadataList) {
    return Fail(NotAListError(scope));
  }
  return WatchEventTransform(transform, scope.kind(), scope.printer(), scope.custom_resource,
                             options);
}

nlohmann::json WatchEventTransform::Apply(nlohmann::json object, const PrintContext& context) {
  switch (transform_.kind) {
    case Kind::kTable: {
      nlohmann::json table = ConvertToTable({*printer_, kind_, transform_.version}, object,
                                            /*list=*/false, options_, context);
      options_.no_headers = true;
      return table;
    }
    case Kind::kPartialObjectMetadata:
      return AsPartialObjectMetadata(object, transform_.version);
    case Kind::kPartialObjectMetadataList:
    case Kind::kNone:
      break;
  }
  return object;
}

std::optional<std::string> WatchEventTransform::SharedFormat() const {
  switch (transform_.kind) {
    case Kind::kNone:
      return "";
    case Kind::kPartialObjectMetadata:
      return "PartialObjectMetadata." + transform_.version;
    case Kind::kTable:
    case Kind::kPartialObjectMetadataList:
      break;
  }
  return std::nullopt;
}

}  // namespace kubefake::fakeserver
