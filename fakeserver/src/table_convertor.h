// TableConvertor: an object or a list of one resource as a meta.k8s.io Table (R6.14), and
// objects as PartialObjectMetadata (R6.15): what the apiserver's asTable (with the resource's
// printer, table_printer.h) and meta.AsPartialObjectMetadata produce. Pure functions;
// thread-safe.
//
// Fidelity:
//   Emulated:  Table metadata (resourceVersion; continue and remainingItemCount for lists),
//              columnDefinitions with all keys present (null when the headers are omitted, as
//              on every watch event after the first), rows with cells, conditions (pods that
//              completed) and object per includeObject: Metadata (the default) a
//              PartialObjectMetadata in the Table's meta.k8s.io version, Object the object in
//              the endpoint's version, None null (RawExtension's encoding of no object); an
//              invalid includeObject answers 400 `Unable to convert to Table as requested:
//              includeObject: Invalid value: "X": must be 'Metadata', 'Object', 'None', or empty`.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "kubefake/api/group_version.h"
#include "kubefake/api/result.h"
#include "kubefake/fakeserver/request.h"
#include "table_printer.h"

namespace kubefake::fakeserver {

// metav1.TableOptions from the query (`includeObject`); no_headers is internal (watch).
struct TableOptions {
  enum class IncludeObject { kMetadata, kObject, kNone };
  IncludeObject include_object = IncludeObject::kMetadata;
  bool no_headers = false;
};

// Errors: BadRequest for an includeObject other than "", Metadata, Object and None.
Result<TableOptions> ParseTableOptions(const Request& request);

// What a Table is made for: the resource's printer and kind, and the Table's meta.k8s.io
// version ("v1" or "v1beta1").
struct TableTarget {
  const TablePrinter& printer;
  api::GroupVersionKind kind;
  std::string_view meta_version;
};

// The Table of `body`: a list of the resource (`list` true; its items may lack kind and
// apiVersion) or one object.
nlohmann::json ConvertToTable(const TableTarget& target, const nlohmann::json& body, bool list,
                              const TableOptions& options, const PrintContext& context);

// meta.AsPartialObjectMetadata: {kind: PartialObjectMetadata, apiVersion: meta.k8s.io/<v>,
// metadata: the object's metadata}.
nlohmann::json AsPartialObjectMetadata(const nlohmann::json& object, std::string_view meta_version);

}  // namespace kubefake::fakeserver
