// CRD defaults and validation with apiextensions-apiserver's messages.
#include "apiextensions/crd_validation.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <string_view>

#include "kubefake/api/ascii.h"
#include "kubefake/api/go_strings.h"
#include "kubefake/api/name_validation.h"
#include "table_cells.h"

namespace kubefake::fakeserver::apiextensions {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 5> kColumnTypes = {"integer", "number", "string", "boolean",
                                                          "date"};

const json& ObjectAt(const json& object, const char* key) {
  static const json kEmpty = json::object();
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : kEmpty;
}

const json& ArrayAt(const json& object, const char* key) {
  static const json kEmpty = json::array();
  auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : kEmpty;
}

void AddDns1035(api::FieldErrorList& errors, const std::string& field, const std::string& value) {
  if (std::vector<std::string> problems = api::IsDNS1035Label(value); !problems.empty()) {
    errors.push_back(api::InvalidError(field, value, api::JoinStrings(problems, ",")));
  }
}

void ValidateNames(const json& names, api::FieldErrorList& errors) {
  const std::string plural = StringAt(names, {"plural"});
  const std::string singular = StringAt(names, {"singular"});
  const std::string kind = StringAt(names, {"kind"});
  const std::string list_kind = StringAt(names, {"listKind"});
  if (plural.empty()) errors.push_back(api::RequiredError("spec.names.plural"));
  if (singular.empty()) errors.push_back(api::RequiredError("spec.names.singular"));
  if (kind.empty()) errors.push_back(api::RequiredError("spec.names.kind"));
  if (list_kind.empty()) errors.push_back(api::RequiredError("spec.names.listKind"));
  if (!plural.empty()) AddDns1035(errors, "spec.names.plural", plural);
  if (!singular.empty()) AddDns1035(errors, "spec.names.singular", singular);
  if (!kind.empty()) {
    if (std::vector<std::string> problems = api::IsDNS1035Label(api::AsciiLowered(kind));
        !problems.empty()) {
      errors.push_back(api::InvalidError(
          "spec.names.kind", kind,
          "may have mixed case, but should otherwise match: " + api::JoinStrings(problems, ",")));
    }
  }
  if (!list_kind.empty()) {
    if (std::vector<std::string> problems = api::IsDNS1035Label(api::AsciiLowered(list_kind));
        !problems.empty()) {
      errors.push_back(api::InvalidError(
          "spec.names.listKind", list_kind,
          "may have mixed case, but should otherwise match: " + api::JoinStrings(problems, ",")));
    }
    if (list_kind == kind) {
      errors.push_back(api::InvalidError("spec.names.listKind", list_kind,
                                         "kind and listKind may not be the same"));
    }
  }
  const json& short_names = ArrayAt(names, "shortNames");
  for (size_t i = 0; i < short_names.size(); ++i) {
    const std::string name = short_names[i].is_string() ? short_names[i].get<std::string>() : "";
    AddDns1035(errors, "spec.names.shortNames[" + std::to_string(i) + "]", name);
  }
  const json& categories = ArrayAt(names, "categories");
  for (size_t i = 0; i < categories.size(); ++i) {
    const std::string name = categories[i].is_string() ? categories[i].get<std::string>() : "";
    AddDns1035(errors, "spec.names.categories[" + std::to_string(i) + "]", name);
  }
}

// The structural-schema rules a hand-written schema most often breaks: a type at the root and
// on every property (unless it preserves unknown fields or is int-or-string), and no
// uniqueItems.
void ValidateSchemaTypes(const json& schema, const std::string& path, bool root,
                         api::FieldErrorList& errors) {
  if (!schema.is_object()) return;
  const bool typed = schema.contains("type");
  const bool exempt = schema.value("x-kubernetes-preserve-unknown-fields", false) ||
                      schema.value("x-kubernetes-int-or-string", false);
  if (!typed && !exempt) {
    errors.push_back(
        api::RequiredError(path + ".type", root ? "must not be empty at the root"
                                                : "must not be empty for specified object fields"));
  }
  if (const json& unique = schema.value("uniqueItems", json()); unique == true) {
    errors.push_back(api::ForbiddenError(
        path + ".uniqueItems",
        "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
  }
  for (const auto& [name, property] : ObjectAt(schema, "properties").items()) {
    ValidateSchemaTypes(property, path + ".properties[" + name + "]", false, errors);
  }
  if (const json& items = ObjectAt(schema, "items"); !items.empty()) {
    ValidateSchemaTypes(items, path + ".items", false, errors);
  }
  if (const json& additional = ObjectAt(schema, "additionalProperties"); !additional.empty()) {
    ValidateSchemaTypes(additional, path + ".additionalProperties", false, errors);
  }
}

void ValidateVersion(const json& version, const std::string& path, api::FieldErrorList& errors) {
  AddDns1035(errors, path + ".name", StringAt(version, {"name"}));
  const json& schema = ObjectAt(ObjectAt(version, "schema"), "openAPIV3Schema");
  if (schema.empty()) {
    errors.push_back(api::RequiredError(path + ".schema.openAPIV3Schema", "schemas are required"));
  } else {
    ValidateSchemaTypes(schema, path + ".schema.openAPIV3Schema", true, errors);
  }
  const json& scale = ObjectAt(ObjectAt(version, "subresources"), "scale");
  if (ObjectAt(version, "subresources").contains("scale")) {
    const std::string scale_path = path + ".subresources.scale";
    const std::string spec_path = StringAt(scale, {"specReplicasPath"});
    const std::string status_path = StringAt(scale, {"statusReplicasPath"});
    if (spec_path.empty()) {
      errors.push_back(api::RequiredError(scale_path + ".specReplicasPath"));
    } else if (!spec_path.starts_with(".spec.")) {
      errors.push_back(api::InvalidError(scale_path + ".specReplicasPath", spec_path,
                                         "should be a json path under .spec"));
    }
    if (status_path.empty()) {
      errors.push_back(api::RequiredError(scale_path + ".statusReplicasPath"));
    } else if (!status_path.starts_with(".status.")) {
      errors.push_back(api::InvalidError(scale_path + ".statusReplicasPath", status_path,
                                         "should be a json path under .status"));
    }
  }
  const json& columns = ArrayAt(version, "additionalPrinterColumns");
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string column_path = path + ".additionalPrinterColumns[" + std::to_string(i) + "]";
    const json& column = columns[i];
    if (StringAt(column, {"name"}).empty())
      errors.push_back(api::RequiredError(column_path + ".name"));
    const std::string type = StringAt(column, {"type"});
    if (type.empty()) {
      errors.push_back(api::RequiredError(column_path + ".type"));
    } else if (std::ranges::find(kColumnTypes, type) == kColumnTypes.end()) {
      errors.push_back(api::NotSupportedError(column_path + ".type", type,
                                              {kColumnTypes.begin(), kColumnTypes.end()}));
    }
    if (StringAt(column, {"jsonPath"}).empty()) {
      errors.push_back(api::RequiredError(column_path + ".jsonPath"));
    }
  }
}

void ValidateSpec(const json& spec, api::FieldErrorList& errors) {
  const std::string group = StringAt(spec, {"group"});
  if (group.empty()) {
    errors.push_back(api::RequiredError("spec.group"));
  } else if (std::vector<std::string> problems = api::IsDNS1123Subdomain(group);
             !problems.empty()) {
    errors.push_back(api::InvalidError("spec.group", group, api::JoinStrings(problems, ",")));
  } else if (group.find('.') == std::string::npos) {
    errors.push_back(
        api::InvalidError("spec.group", group, "should be a domain with at least one dot"));
  }
  const std::string scope = StringAt(spec, {"scope"});
  if (scope.empty()) {
    errors.push_back(api::RequiredError("spec.scope"));
  } else if (scope != "Cluster" && scope != "Namespaced") {
    errors.push_back(api::NotSupportedError("spec.scope", scope, {"Cluster", "Namespaced"}));
  }

  const json& versions = ArrayAt(spec, "versions");
  int storage = 0;
  std::set<std::string> names;
  bool unique = true;
  for (size_t i = 0; i < versions.size(); ++i) {
    const json& version = versions[i].is_object() ? versions[i] : json::object();
    if (version.value("storage", false)) ++storage;
    unique = names.insert(StringAt(version, {"name"})).second && unique;
    ValidateVersion(version, "spec.versions[" + std::to_string(i) + "]", errors);
  }
  if (!unique) {
    errors.push_back(
        api::InvalidError("spec.versions", versions, "must contain unique version names"));
  }
  if (storage != 1) {
    errors.push_back(api::InvalidError("spec.versions", versions,
                                       "must have exactly one version marked as storage version"));
  }
  ValidateNames(ObjectAt(spec, "names"), errors);

  // Defaulting gives every spec a conversion.
  const std::string strategy = StringAt(spec, {"conversion", "strategy"});
  if (!spec.contains("conversion")) return;
  if (strategy == "Webhook") {
    errors.push_back(api::ForbiddenError(
        "spec.conversion.strategy", "Webhook conversion is not emulated by kubefake; use None"));
  } else if (strategy != "None") {
    errors.push_back(
        api::NotSupportedError("spec.conversion.strategy", strategy, {"None", "Webhook"}));
  }
}

void Immutable(const json& now, const json& before, const std::string& field,
               api::FieldErrorList& errors) {
  if (now != before) errors.push_back(api::InvalidError(field, now, "field is immutable"));
}

}  // namespace

void DefaultCustomResourceDefinition(json& crd) {
  json& spec = crd["spec"];
  if (!spec.is_object()) return;
  json& names = spec["names"];
  if (!names.is_object()) names = json::object();
  const std::string kind = StringAt(names, {"kind"});
  if (StringAt(names, {"singular"}).empty() && !kind.empty()) {
    names["singular"] = api::AsciiLowered(kind);
  }
  if (StringAt(names, {"listKind"}).empty() && !kind.empty()) names["listKind"] = kind + "List";
  json& conversion = spec["conversion"];
  if (!conversion.is_object()) conversion = json::object();
  if (!conversion.contains("strategy")) conversion["strategy"] = "None";
}

void PrepareCustomResourceDefinitionForCreate(json& crd) {
  crd["status"] = {{"acceptedNames", {{"plural", ""}, {"kind", ""}}},
                   {"storedVersions", json::array()}};
  PrepareCustomResourceDefinitionForUpdate(crd);
}

void PrepareCustomResourceDefinitionForUpdate(json& crd) {
  json& stored = crd["status"]["storedVersions"];
  if (!stored.is_array()) stored = json::array();
  for (const json& version : ArrayAt(ObjectAt(crd, "spec"), "versions")) {
    if (!version.is_object() || !version.value("storage", false)) continue;
    const json name = version.value("name", json(""));
    if (std::ranges::find(stored, name) == stored.end()) stored.push_back(name);
  }
}

api::FieldErrorList ValidateCustomResourceDefinition(const json& crd, const json* old) {
  api::FieldErrorList errors;
  const json& spec = ObjectAt(crd, "spec");
  const std::string name = StringAt(crd, {"metadata", "name"});
  const std::string expected =
      StringAt(spec, {"names", "plural"}) + "." + StringAt(spec, {"group"});
  if (name != expected) {
    errors.push_back(
        api::InvalidError("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
  }
  ValidateSpec(spec, errors);
  if (old != nullptr) {
    const json& old_spec = ObjectAt(*old, "spec");
    Immutable(spec.value("scope", json()), old_spec.value("scope", json()), "spec.scope", errors);
    Immutable(ObjectAt(spec, "names").value("kind", json()),
              ObjectAt(old_spec, "names").value("kind", json()), "spec.names.kind", errors);
    Immutable(spec.value("group", json()), old_spec.value("group", json()), "spec.group", errors);
    Immutable(ObjectAt(spec, "names").value("plural", json()),
              ObjectAt(old_spec, "names").value("plural", json()), "spec.names.plural", errors);
  }
  return errors;
}

}  // namespace kubefake::fakeserver::apiextensions
