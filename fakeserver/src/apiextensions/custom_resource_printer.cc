// Column definitions and cells for custom resources.
#include "apiextensions/custom_resource_printer.h"

#include <cmath>
#include <string>
#include <vector>

#include "kubefake/api/ascii.h"
#include "table_cells.h"

namespace kubefake::fakeserver::apiextensions {
namespace {

using nlohmann::json;

struct Column {
  TableColumn definition;
  std::string json_path;
};

// jsonpath's text for a value: strings bare, everything else as JSON.
json StringCell(const json& value) { return value.is_string() ? value : json(value.dump()); }

// cellForJSONValue.
json TypedCell(const std::string& type, const json& value, const PrintContext& context) {
  if (type == "integer") {
    if (value.is_number_integer()) return value;
    if (value.is_number_float()) return static_cast<int64_t>(value.get<double>());
    return nullptr;
  }
  if (type == "number") return value.is_number() ? value : json();
  if (type == "boolean") return value.is_boolean() ? value : json();
  if (type == "date") {
    if (!value.is_string()) return nullptr;
    const std::string age = TimestampSince(value, context);
    return age == "<unknown>" ? json() : json(age);
  }
  return nullptr;
}

}  // namespace

std::vector<json> FindJsonPath(const json& object, std::string_view path) {
  if (path.starts_with("{") && path.ends_with("}")) path = path.substr(1, path.size() - 2);
  std::vector<const json*> current = {&object};
  size_t i = 0;
  while (i < path.size()) {
    std::vector<const json*> next;
    if (path[i] == '.') {
      size_t end = path.find_first_of(".[", i + 1);
      if (end == std::string_view::npos) end = path.size();
      const std::string key(path.substr(i + 1, end - i - 1));
      for (const json* node : current) {
        if (node->is_object()) {
          if (auto it = node->find(key); it != node->end()) next.push_back(&*it);
        }
      }
      i = end;
    } else if (path[i] == '[') {
      const size_t close = path.find(']', i);
      if (close == std::string_view::npos) return {};
      const std::string_view index = path.substr(i + 1, close - i - 1);
      for (const json* node : current) {
        if (!node->is_array()) continue;
        if (index == "*") {
          for (const json& item : *node) next.push_back(&item);
        } else if (api::IsAsciiDigits(index)) {
          const size_t n = std::stoul(std::string(index));
          if (n < node->size()) next.push_back(&(*node)[n]);
        }
      }
      i = close + 1;
    } else {
      return {};
    }
    current = std::move(next);
  }
  std::vector<json> values;
  for (const json* node : current) values.push_back(*node);
  return values;
}

TablePrinter CustomResourcePrinter(const json& columns) {
  std::vector<Column> custom;
  if (columns.is_array() && !columns.empty()) {
    for (const json& column : columns) {
      custom.push_back({{column.value("name", ""), column.value("type", ""),
                         column.value("format", ""), column.value("priority", 0)},
                        column.value("jsonPath", "")});
    }
  } else {
    custom.push_back({{"Age", "date", "", 0}, ".metadata.creationTimestamp"});
  }
  TablePrinter printer;
  printer.columns.push_back(NameColumn());
  for (const Column& column : custom) printer.columns.push_back(column.definition);
  printer.print = [custom](const json& object, const PrintContext& context) {
    PrintedRow row;
    row.cells.push_back(StringAt(object, {"metadata", "name"}));
    for (const Column& column : custom) {
      std::vector<json> results = FindJsonPath(object, column.json_path);
      if (results.empty()) {
        row.cells.push_back(nullptr);
      } else if (column.definition.type == "string") {
        row.cells.push_back(StringCell(results.front()));
      } else {
        row.cells.push_back(TypedCell(column.definition.type, results.front(), context));
      }
    }
    return row;
  };
  return printer;
}

}  // namespace kubefake::fakeserver::apiextensions
