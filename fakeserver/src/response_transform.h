// Response transforms: what the apiserver's transformResponseObject and watch embedded encoder
// do with the object a handler answers when the Accept header asked for `as=Table` (R6.14) or
// `as=PartialObjectMetadata(List)` (R6.15). Every handler that answers an object or a list
// encodes it through EncodeObjectResponse (get, list, create, update, delete,
// deletecollection); watch transforms each event's object with WatchEventTransform.
// Thread-compatible.
//
// Fidelity:
//   Emulated:  a Status passes through untouched; Table options are checked before the
//              transform (400), after the handler's own work, as the real server does;
//              PartialObjectMetadata of a list answers 406 `you requested
//              PartialObjectMetadata, but the requested object is a list (*core.PodList)` and
//              PartialObjectMetadataList of one object 406 `you requested
//              PartialObjectMetadataList, but the requested object is not a list (*core.Pod)`
//              (the Go type of the internal object: *<package>.<Kind>, *unstructured.
//              Unstructured for custom resources); watch events (bookmarks too) become a Table
//              with one row, column definitions only in the first, or a PartialObjectMetadata.
//   Differs:   `as=PartialObjectMetadataList` on a watch answers that 406 at once; the real
//              server starts the stream, fails to encode the first event and closes it.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "kubefake/api/result.h"
#include "kubefake/fakeserver/request.h"
#include "negotiation.h"
#include "request_scope.h"
#include "table_convertor.h"

namespace kubefake::fakeserver {

// `body` (an object of the scope's resource in the endpoint's version, a list of them, or a
// Status) transformed as scope.format asks, in a response of `status`.
// Errors: BadRequest (Table options); NotAcceptable (a list transform of an object, or the
// reverse).
Result<Response> EncodeObjectResponse(const RequestScope& scope, int status, nlohmann::json body);

// The per-event transform of one watch. Kept by the stream; refers to nothing of the scope.
class WatchEventTransform {
 public:
  // Errors: BadRequest (Table options); NotAcceptable (PartialObjectMetadataList).
  static Result<WatchEventTransform> ForScope(const RequestScope& scope);

  // The event object (with its kind and apiVersion) as the watch sends it; the first Table
  // carries column definitions, later ones do not.
  nlohmann::json Apply(nlohmann::json object, const PrintContext& context);
  // Whether Apply returns its object unchanged (no Table or PartialObjectMetadata).
  bool IsIdentity() const { return transform_.kind == ResponseTransform::Kind::kNone; }
  // Names the transform when Apply gives every watch of a resource the same bytes for the same
  // object ("" for none); nullopt when it does not (a Table's first row carries the columns).
  std::optional<std::string> SharedFormat() const;

 private:
  WatchEventTransform(ResponseTransform transform, api::GroupVersionKind kind,
                      const TablePrinter& printer, std::shared_ptr<const void> owner,
                      TableOptions options)
      : transform_(std::move(transform)),
        kind_(std::move(kind)),
        printer_(&printer),
        owner_(std::move(owner)),
        options_(options) {}

  ResponseTransform transform_;
  api::GroupVersionKind kind_;
  const TablePrinter* printer_;  // a process-wide printer, or one owner_ keeps alive
  std::shared_ptr<const void> owner_;
  TableOptions options_;
};

}  // namespace kubefake::fakeserver
