// kube-openapi's schema validation subset over openAPIV3Schema JSON.
#include "apiextensions/schema_validation.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <string_view>

#include "apiextensions/schema_props.h"
#include "kubefake/api/ascii.h"
#include "kubefake/api/base64.h"

namespace kubefake::fakeserver::apiextensions {
namespace {

using nlohmann::json;

std::string TypeName(const json& value) {
  if (value.is_null()) return "null";
  if (value.is_string()) return "string";
  if (value.is_boolean()) return "boolean";
  if (value.is_number_integer()) return "integer";
  if (value.is_number()) return "number";
  if (value.is_array()) return "array";
  return "object";
}

bool HasType(const json& value, std::string_view type) {
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_boolean();
  if (type == "array") return value.is_array();
  if (type == "object") return value.is_object();
  return true;
}

// A bound as Go's %v prints a float64 (1, 1.5).
std::string Bound(const json& bound) {
  if (bound.is_number_float()) {
    const double value = bound.get<double>();
    if (value == static_cast<double>(static_cast<int64_t>(value))) {
      return std::to_string(static_cast<int64_t>(value));
    }
  }
  return bound.dump();
}

bool ValidFormat(std::string_view format, const std::string& value) {
  static const std::regex kDate(R"(^\d{4}-\d{2}-\d{2}$)");
  static const std::regex kDateTime(
      R"(^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$)");
  static const std::regex kUuid(
      R"(^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$)");
  if (format == "date") return std::regex_match(value, kDate);
  if (format == "date-time") return std::regex_match(value, kDateTime);
  if (format == "uuid") return std::regex_match(value, kUuid);
  if (format == "byte") return api::Base64Decode(value).has_value();
  if (format == "ipv4") {
    std::string_view rest = value;
    for (int part = 0; part < 4; ++part) {
      const size_t dot = rest.find('.');
      if ((part < 3) == (dot == std::string_view::npos)) return false;
      const std::string_view octet = rest.substr(0, dot);
      if (!api::IsAsciiDigits(octet) || octet.size() > 3 || std::stoi(std::string(octet)) > 255) {
        return false;
      }
      rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
    }
    return true;
  }
  return true;  // formats kube-openapi does not check, or that kubefake does not
}

class Validator {
 public:
  api::FieldErrorList Take() { return std::move(errors_); }

  void Validate(const json& value, const json& schema, const std::string& path) {
    if (value.is_null()) {
      if (SchemaFlag(schema, "nullable")) return;
      if (schema.contains("type")) TypeError(value, schema["type"].get<std::string>(), path);
      return;
    }
    if (SchemaFlag(schema, "x-kubernetes-int-or-string")) {
      if (!value.is_number_integer() && !value.is_string()) {
        errors_.push_back(api::InvalidError(
            path, TypeName(value),
            path + " in body must be of type integer,string: \"" + TypeName(value) + "\""));
      }
      return;
    }
    if (auto type = schema.find("type"); type != schema.end() && type->is_string()) {
      if (!HasType(value, type->get<std::string>())) {
        TypeError(value, type->get<std::string>(), path);
        return;
      }
    }
    if (auto values = schema.find("enum"); values != schema.end() && values->is_array()) {
      if (std::ranges::find(*values, value) == values->end()) {
        std::vector<std::string> supported;
        for (const json& v : *values)
          supported.push_back(v.is_string() ? v.get<std::string>() : v.dump());
        errors_.push_back(api::NotSupportedError(path, value, supported));
      }
    }
    if (value.is_number()) CheckNumber(value, schema, path);
    if (value.is_string()) CheckString(value.get<std::string>(), schema, path);
    if (value.is_array()) CheckArray(value, schema, path);
    if (value.is_object()) CheckObject(value, schema, path);
  }

 private:
  // kube-openapi's InvalidTypeCode, which the apiserver reports as field.TypeInvalid.
  void TypeError(const json& value, const std::string& type, const std::string& path) {
    errors_.push_back(api::TypeInvalidError(
        path, TypeName(value),
        path + " in body must be of type " + type + ": \"" + TypeName(value) + "\""));
  }

  void CheckNumber(const json& value, const json& schema, const std::string& path) {
    const double number = value.get<double>();
    if (auto minimum = schema.find("minimum"); minimum != schema.end() && minimum->is_number()) {
      const bool exclusive = SchemaFlag(schema, "exclusiveMinimum");
      const double bound = minimum->get<double>();
      if (exclusive ? number <= bound : number < bound) {
        errors_.push_back(api::InvalidError(path, value,
                                            path + " in body should be greater than " +
                                                (exclusive ? "" : "or equal to ") +
                                                Bound(*minimum)));
      }
    }
    if (auto factor = schema.find("multipleOf");
        factor != schema.end() && factor->is_number() && factor->get<double>() > 0) {
      const double quotient = number / factor->get<double>();
      if (quotient != std::trunc(quotient)) {
        errors_.push_back(api::InvalidError(
            path, value, path + " in body should be a multiple of " + Bound(*factor)));
      }
    }
    if (auto maximum = schema.find("maximum"); maximum != schema.end() && maximum->is_number()) {
      const bool exclusive = SchemaFlag(schema, "exclusiveMaximum");
      const double bound = maximum->get<double>();
      if (exclusive ? number >= bound : number > bound) {
        errors_.push_back(api::InvalidError(path, value,
                                            path + " in body should be less than " +
                                                (exclusive ? "" : "or equal to ") +
                                                Bound(*maximum)));
      }
    }
  }

  void CheckString(const std::string& text, const json& schema, const std::string& path) {
    if (auto max = schema.find("maxLength"); max != schema.end() && max->is_number_integer()) {
      if (static_cast<int64_t>(text.size()) > max->get<int64_t>()) {
        errors_.push_back(api::TooLongError(path, text, max->get<int>()));
      }
    }
    if (auto min = schema.find("minLength"); min != schema.end() && min->is_number_integer()) {
      if (static_cast<int64_t>(text.size()) < min->get<int64_t>()) {
        errors_.push_back(api::InvalidError(path, text,
                                            path + " in body should be at least " +
                                                std::to_string(min->get<int64_t>()) +
                                                " chars long"));
      }
    }
    if (auto pattern = schema.find("pattern"); pattern != schema.end() && pattern->is_string()) {
      const std::string& source = pattern->get_ref<const std::string&>();
      try {
        if (!std::regex_search(text, std::regex(source))) {
          errors_.push_back(
              api::InvalidError(path, text, path + " in body should match '" + source + "'"));
        }
      } catch (const std::regex_error&) {
        errors_.push_back(
            api::InvalidError(path, text, "pattern '" + source + "' is not supported by kubefake"));
      }
    }
    if (auto format = schema.find("format"); format != schema.end() && format->is_string()) {
      const std::string& name = format->get_ref<const std::string&>();
      if (!ValidFormat(name, text)) {
        errors_.push_back(api::TypeInvalidError(
            path, text, path + " in body must be of type " + name + ": \"" + text + "\""));
      }
    }
  }

  void CheckArray(const json& value, const json& schema, const std::string& path) {
    const auto size = static_cast<int64_t>(value.size());
    if (auto max = schema.find("maxItems"); max != schema.end() && max->is_number_integer()) {
      if (size > max->get<int64_t>()) {
        errors_.push_back(api::TooManyError(path, static_cast<int>(size), max->get<int>()));
      }
    }
    if (auto min = schema.find("minItems"); min != schema.end() && min->is_number_integer()) {
      if (size < min->get<int64_t>()) {
        errors_.push_back(api::InvalidError(path, value,
                                            path + " in body should have at least " +
                                                std::to_string(min->get<int64_t>()) + " items"));
      }
    }
    if (auto items = schema.find("items"); items != schema.end() && items->is_object()) {
      for (size_t i = 0; i < value.size(); ++i) {
        Validate(value[i], *items, path + "[" + std::to_string(i) + "]");
      }
    }
  }

  void CheckObject(const json& value, const json& schema, const std::string& path) {
    if (auto required = schema.find("required"); required != schema.end() && required->is_array()) {
      for (const json& name : *required) {
        if (name.is_string() && !value.contains(name.get<std::string>())) {
          errors_.push_back(api::RequiredError(ChildPath(path, name.get<std::string>())));
        }
      }
    }
    auto properties = schema.find("properties");
    auto additional = schema.find("additionalProperties");
    for (const auto& [key, child] : value.items()) {
      if (path.empty() && (key == "apiVersion" || key == "kind" || key == "metadata")) continue;
      if (properties != schema.end() && properties->contains(key)) {
        Validate(child, (*properties)[key], ChildPath(path, key));
      } else if (additional != schema.end() && additional->is_object()) {
        Validate(child, *additional, ChildPath(path, key));
      }
    }
  }

  api::FieldErrorList errors_;
};

// validateListSetsAndMaps: the items of x-kubernetes-list-type set lists, and the keys of map
// lists, must be unique.
void CheckListTypes(const json& value, const json& schema, const std::string& path,
                    api::FieldErrorList& errors) {
  if (!schema.is_object()) return;
  if (value.is_array()) {
    const json list_type = schema.value("x-kubernetes-list-type", json());
    const json keys = schema.value("x-kubernetes-list-map-keys", json::array());
    std::vector<json> seen;
    for (size_t i = 0; i < value.size(); ++i) {
      const std::string item_path = path + "[" + std::to_string(i) + "]";
      json identity = value[i];
      if (list_type == "map" && value[i].is_object() && keys.is_array()) {
        identity = json::object();
        for (const json& key : keys) {
          if (key.is_string() && value[i].contains(key.get<std::string>())) {
            identity[key.get<std::string>()] = value[i][key.get<std::string>()];
          }
        }
      }
      if (list_type == "set" || list_type == "map") {
        if (std::ranges::find(seen, identity) != seen.end()) {
          errors.push_back(api::DuplicateError(item_path, identity));
        } else {
          seen.push_back(std::move(identity));
        }
      }
      if (auto items = schema.find("items"); items != schema.end()) {
        CheckListTypes(value[i], *items, item_path, errors);
      }
    }
    return;
  }
  if (!value.is_object()) return;
  auto properties = schema.find("properties");
  auto additional = schema.find("additionalProperties");
  for (const auto& [key, child] : value.items()) {
    if (properties != schema.end() && properties->contains(key)) {
      CheckListTypes(child, (*properties)[key], ChildPath(path, key), errors);
    } else if (additional != schema.end() && additional->is_object()) {
      CheckListTypes(child, *additional, ChildPath(path, key), errors);
    }
  }
}

void CollectCelRules(const json& schema, const std::string& path, std::vector<std::string>& out) {
  if (!schema.is_object()) return;
  if (auto rules = schema.find("x-kubernetes-validations");
      rules != schema.end() && rules->is_array() && !rules->empty()) {
    out.push_back(path.empty() ? "<root>" : path);
  }
  if (auto properties = schema.find("properties");
      properties != schema.end() && properties->is_object()) {
    for (const auto& [key, child] : properties->items())
      CollectCelRules(child, ChildPath(path, key), out);
  }
  if (auto items = schema.find("items"); items != schema.end()) {
    CollectCelRules(*items, path + "[*]", out);
  }
  if (auto additional = schema.find("additionalProperties"); additional != schema.end()) {
    CollectCelRules(*additional, ChildPath(path, "*"), out);
  }
}

}  // namespace

api::FieldErrorList ValidateBySchema(const json& object, const json& schema) {
  Validator validator;
  validator.Validate(object, schema, "");
  return validator.Take();
}

api::FieldErrorList ValidateListSetsAndMaps(const json& object, const json& schema) {
  api::FieldErrorList errors;
  CheckListTypes(object, schema, "", errors);
  return errors;
}

std::vector<std::string> CelRulePaths(const json& schema) {
  std::vector<std::string> paths;
  CollectCelRules(schema, "", paths);
  return paths;
}

}  // namespace kubefake::fakeserver::apiextensions
