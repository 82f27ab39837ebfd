// The Table printer of a custom resource version (R10.9, R6.14): apiextensions-apiserver's
// registry/customresource/tableconvertor built from the version's additionalPrinterColumns.
// Pure; thread-safe.
//
// Fidelity:
//   Emulated:  columns Name (format name) and then each additionalPrinterColumn (type, format,
//              priority), or Name and Age when the version declares none; cells from the
//              column's JSONPath (first result): string columns as jsonpath prints the value
//              (strings bare, other values as JSON), integer, number and boolean columns as JSON
//              values of that type, date columns as human durations (`5m`), null when the path
//              finds nothing or the value has another type.
//   Differs:   JSONPath is the subset CRD columns use: `.a.b`, `.a[0].b`, `.a[*].b` (with or
//              without surrounding braces); filters, slices and recursive descent find nothing.
//              Column descriptions are empty.
#pragma once

#include <nlohmann/json.hpp>

#include "table_printer.h"

namespace kubefake::fakeserver::apiextensions {

// The printer for `columns` (a CRD version's additionalPrinterColumns; null or empty for none).
TablePrinter CustomResourcePrinter(const nlohmann::json& columns);

// The values the JSONPath `path` finds in `object`, in document order.
std::vector<nlohmann::json> FindJsonPath(const nlohmann::json& object, std::string_view path);

}  // namespace kubefake::fakeserver::apiextensions
