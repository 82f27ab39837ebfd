// Table checks: lists answered as meta.k8s.io/v1 Tables when the Accept header asks for them.
#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

constexpr std::string_view kTableAccept =
    "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;"
    "g=meta.k8s.io,application/json";

Step<nlohmann::json> ListAsTable(CheckContext& context, std::string_view include_object) {
  client::RestRequest request = context.Rest()
                                    .Get()
                                    .AbsPath(context.CorePath("configmaps"))
                                    .Param("labelSelector", "table=yes")
                                    .SetHeader("Accept", std::string(kTableAccept));
  if (!include_object.empty()) request.Param("includeObject", std::string(include_object));
  return Expect(request.Do(), 200, "list as Table");
}

Verdict ListAsTableHasColumnsAndRows(CheckContext& context) {
  Step<nlohmann::json> created = CreateIn(
      context, "configmaps", ConfigMap("tabled", {{"a", "1"}, {"b", "2"}}, {{"table", "yes"}}));
  if (!created) return created.error();
  Step<nlohmann::json> table = ListAsTable(context, "");
  if (!table) return table.error();
  if (table->value("kind", "") != "Table" || table->value("apiVersion", "") != "meta.k8s.io/v1") {
    return Failed("kind Table, apiVersion meta.k8s.io/v1",
                  table->value("kind", "") + " " + table->value("apiVersion", ""));
  }
  std::vector<std::string> columns;
  for (const nlohmann::json& column : (*table)["columnDefinitions"]) {
    columns.push_back(column.value("name", ""));
  }
  const std::vector<std::string> expected = {"Name", "Data", "Age"};
  if (columns != expected || (*table)["columnDefinitions"][0].value("format", "") != "name") {
    return Failed("columns Name (format name), Data, Age", (*table)["columnDefinitions"].dump());
  }
  const nlohmann::json& rows = (*table)["rows"];
  if (rows.size() != 1 || rows[0]["cells"].size() != 3 || rows[0]["cells"][0] != "tabled" ||
      rows[0]["cells"][1] != 2) {
    return Failed("one row with cells [tabled, 2, <age>]", rows.dump());
  }
  const nlohmann::json& object = rows[0]["object"];
  if (object.value("kind", "") != "PartialObjectMetadata" ||
      object.value("apiVersion", "") != "meta.k8s.io/v1" || Meta(object, "name") != "tabled") {
    return Failed("the row's object a PartialObjectMetadata of tabled", object.dump());
  }
  return Passed();
}

Verdict IncludeObjectChoosesTheRowObject(CheckContext& context) {
  Step<nlohmann::json> created =
      CreateIn(context, "configmaps", ConfigMap("whole", {{"a", "1"}}, {{"table", "yes"}}));
  if (!created) return created.error();
  Step<nlohmann::json> full = ListAsTable(context, "Object");
  if (!full) return full.error();
  const nlohmann::json& object = (*full)["rows"][0]["object"];
  if (object.value("kind", "") != "ConfigMap" || object["data"] != nlohmann::json{{"a", "1"}}) {
    return Failed("includeObject=Object: the whole ConfigMap in the row", object.dump());
  }
  Step<nlohmann::json> none = ListAsTable(context, "None");
  if (!none) return none.error();
  // Go encodes the row's empty RawExtension as null.
  if (!(*none)["rows"][0].value("object", nlohmann::json()).is_null()) {
    return Failed("includeObject=None: no object (or null) in the row", (*none)["rows"][0].dump());
  }
  return Passed();
}

}  // namespace

std::vector<ServerCheck> TableChecks() {
  return {
      {"table", "Accept as=Table: columns Name, Data, Age and a PartialObjectMetadata per row",
       "R6.14", ListAsTableHasColumnsAndRows},
      {"table", "includeObject=Object and None choose what a row carries", "R6.14",
       IncludeObjectChoosesTheRowObject},
  };
}

}  // namespace kubefake::testkit::conformance
