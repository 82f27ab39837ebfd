#include "kubefake/api/go_format.h"

#include "go_strconv.h"

namespace kubefake::api {
namespace {

void AppendValue(std::string& out, const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      out += "map[";
      bool first = true;
      for (const auto& [key, child] : value.items()) {
        if (!first) out += ' ';
        first = false;
        out += key;
        out += ':';
        AppendValue(out, child);
      }
      out += ']';
      return;
    }
    case nlohmann::json::value_t::array: {
      out += '[';
      for (size_t i = 0; i < value.size(); ++i) {
        if (i > 0) out += ' ';
        AppendValue(out, value[i]);
      }
      out += ']';
      return;
    }
    case nlohmann::json::value_t::string:
      out += value.get_ref<const std::string&>();
      return;
    case nlohmann::json::value_t::null:
      out += "<nil>";
      return;
    case nlohmann::json::value_t::number_float:
      out += go::FormatFloatG(value.get<double>(), 64);
      return;
    default:
      out += value.dump();
  }
}

}  // namespace

std::string GoFormatValue(const nlohmann::json& value) {
  std::string out;
  AppendValue(out, value);
  return out;
}

std::string GoDecodedTypeName(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      return "map[string]interface {}";
    case nlohmann::json::value_t::array:
      return "[]interface {}";
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::boolean:
      return "bool";
    case nlohmann::json::value_t::number_float:
      return "float64";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "int64";
    default:
      return "<nil>";
  }
}

}  // namespace kubefake::api
