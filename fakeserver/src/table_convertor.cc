#include "table_convertor.h"

#include <string>

#include "kubefake/api/error.h"
#include "kubefake/api/field_error.h"

namespace kubefake::fakeserver {
namespace {

std::string MetaApiVersion(std::string_view meta_version) {
  return "meta.k8s.io/" + std::string(meta_version);
}

nlohmann::json ColumnDefinitions(const TablePrinter& printer) {
  nlohmann::json columns = nlohmann::json::array();
  for (const TableColumn& column : printer.columns) {
    columns.push_back({{"name", column.name},
                       {"type", column.type},
                       {"format", column.format},
                       {"description", ""},
                       {"priority", column.priority}});
  }
  return columns;
}

nlohmann::json Row(const TableTarget& target, nlohmann::json object, const TableOptions& options,
                   const PrintContext& context) {
  PrintedRow printed = target.printer.print(object, context);
  nlohmann::json row = {{"cells", std::move(printed.cells)}};
  if (!printed.conditions.is_null()) row["conditions"] = std::move(printed.conditions);
  switch (options.include_object) {
    case TableOptions::IncludeObject::kMetadata:
      row["object"] = AsPartialObjectMetadata(object, target.meta_version);
      break;
    case TableOptions::IncludeObject::kObject:
      // Built-in list items carry no kind/apiVersion; the row's object always does.
      object["kind"] = target.kind.kind;
      object["apiVersion"] = target.kind.GetGroupVersion().String();
      row["object"] = std::move(object);
      break;
    case TableOptions::IncludeObject::kNone:
      row["object"] = nullptr;
      break;
  }
  return row;
}

}  // namespace

Result<TableOptions> ParseTableOptions(const Request& request) {
  TableOptions options;
  const std::string include(request.Query("includeObject").value_or(""));
  if (include == "Object") {
    options.include_object = TableOptions::IncludeObject::kObject;
  } else if (include == "None") {
    options.include_object = TableOptions::IncludeObject::kNone;
  } else if (!include.empty() && include != "Metadata") {
    return Fail(
        api::NewBadRequest("Unable to convert to Table as requested: " +
                           api::InvalidError("includeObject", include,
                                             "must be 'Metadata', 'Object', 'None', or empty")
                               .Message()));
  }
  return options;
}

nlohmann::json ConvertToTable(const TableTarget& target, const nlohmann::json& body, bool list,
                              const TableOptions& options, const PrintContext& context) {
  nlohmann::json metadata = nlohmann::json::object();
  nlohmann::json rows = nlohmann::json::array();
  const nlohmann::json body_metadata = body.value("metadata", nlohmann::json::object());
  if (const std::string rv = body_metadata.value("resourceVersion", ""); !rv.empty()) {
    metadata["resourceVersion"] = rv;
  }
  if (list) {
    if (const std::string token = body_metadata.value("continue", ""); !token.empty()) {
      metadata["continue"] = token;
    }
    if (body_metadata.contains("remainingItemCount")) {
      metadata["remainingItemCount"] = body_metadata["remainingItemCount"];
    }
    for (const nlohmann::json& item : body.value("items", nlohmann::json::array())) {
      rows.push_back(Row(target, item, options, context));
    }
  } else {
    rows.push_back(Row(target, body, options, context));
  }
  return {{"kind", "Table"},
          {"apiVersion", MetaApiVersion(target.meta_version)},
          {"metadata", std::move(metadata)},
          {"columnDefinitions",
           options.no_headers ? nlohmann::json(nullptr) : ColumnDefinitions(target.printer)},
          {"rows", std::move(rows)}};
}

nlohmann::json AsPartialObjectMetadata(const nlohmann::json& object,
                                       std::string_view meta_version) {
  return {{"kind", "PartialObjectMetadata"},
          {"apiVersion", MetaApiVersion(meta_version)},
          {"metadata", object.value("metadata", nlohmann::json::object())}};
}

}  // namespace kubefake::fakeserver
