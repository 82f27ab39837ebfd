// Replicas and selector of a custom object at its CRD's scale paths.
#include "apiextensions/custom_resource_scale.h"

#include <expected>
#include <limits>
#include <vector>

#include "kubefake/api/error.h"
#include "kubefake/api/go_strings.h"

namespace kubefake::fakeserver::apiextensions {
namespace {

using nlohmann::json;

// splitReplicasPath: ".spec.replicas" -> {"spec", "replicas"}.
std::vector<std::string> SplitReplicasPath(std::string_view path) {
  if (path.starts_with('.')) path.remove_prefix(1);
  return api::SplitString(path, '.');
}

// jsonPath of the first `count` fields: ".spec.replicas".
std::string JsonPath(const std::vector<std::string>& fields, size_t count) {
  std::string path;
  for (size_t i = 0; i < count; ++i) path += "." + fields[i];
  return path;
}

// How Go's %v and %T print a decoded JSON value.
std::string GoValue(const json& value) {
  if (value.is_null()) return "<nil>";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}
std::string GoType(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "<nil>";
    case json::value_t::string:
      return "string";
    case json::value_t::boolean:
      return "bool";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "int64";
    case json::value_t::number_float:
      return "float64";
    case json::value_t::object:
      return "map[string]interface {}";
    default:
      return "[]interface {}";
  }
}

// Lookups fail with the accessor's error text (Go's plain error, not a Status).
template <typename T>
using Lookup = std::expected<T, std::string>;

std::unexpected<std::string> AccessorError(const std::string& path, const json& value,
                                           std::string_view expected) {
  return std::unexpected(path + " accessor error: " + GoValue(value) + " is of the type " +
                         GoType(value) + ", expected " + std::string(expected));
}

// NestedFieldNoCopy: the value at `fields`, nullptr when absent.
Lookup<const json*> NestedField(const json& object, const std::vector<std::string>& fields) {
  const json* value = &object;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (value->is_null()) return nullptr;
    if (!value->is_object()) {
      return AccessorError(JsonPath(fields, i + 1), *value, "map[string]interface{}");
    }
    auto found = value->find(fields[i]);
    if (found == value->end()) return nullptr;
    value = &*found;
  }
  return value;
}

Lookup<std::optional<int64_t>> LookupInt64(const json& object, std::string_view path) {
  const std::vector<std::string> fields = SplitReplicasPath(path);
  Lookup<const json*> value = NestedField(object, fields);
  if (!value) return std::unexpected(value.error());
  if (*value == nullptr) return std::optional<int64_t>();
  if (!(*value)->is_number_integer()) {
    return AccessorError(JsonPath(fields, fields.size()), **value, "int64");
  }
  return std::optional<int64_t>((*value)->get<int64_t>());
}

Lookup<std::string> LookupString(const json& object, std::string_view path) {
  const std::vector<std::string> fields = SplitReplicasPath(path);
  Lookup<const json*> value = NestedField(object, fields);
  if (!value) return std::unexpected(value.error());
  if (*value == nullptr) return std::string();
  if (!(*value)->is_string()) {
    return AccessorError(JsonPath(fields, fields.size()), **value, "string");
  }
  return (*value)->get<std::string>();
}

// The int32 range check of ValidateScaleSpec and ValidateScaleStatus.
void ValidateReplicas(const json& object, const std::string& path, api::FieldErrorList& errors) {
  Lookup<std::optional<int64_t>> replicas = LookupInt64(object, path);
  if (!replicas) {
    errors.push_back(api::InvalidError(path, 0, replicas.error()));
    return;
  }
  const int64_t value = replicas->value_or(0);
  if (value < 0) {
    errors.push_back(api::InvalidError(path, value, "should be a non-negative integer"));
  } else if (value > std::numeric_limits<int32_t>::max()) {
    errors.push_back(api::InvalidError(
        path, value,
        "should be less than or equal to " + std::to_string(std::numeric_limits<int32_t>::max())));
  }
}

}  // namespace

Result<void> SetNestedInt64(json& object, std::string_view path, int64_t value) {
  const std::vector<std::string> fields = SplitReplicasPath(path);
  json* target = &object;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (target->is_null()) *target = json::object();
    if (!target->is_object()) {
      return Fail(api::NewInternalError("value cannot be set because " + JsonPath(fields, i) +
                                        " is not a map[string]interface{}"));
    }
    target = &(*target)[fields[i]];
  }
  *target = value;
  return {};
}

Result<CustomScale> ReadCustomScale(const json& object, const ScaleSubresource& scale) {
  CustomScale read;
  Lookup<std::optional<int64_t>> spec = LookupInt64(object, scale.spec_replicas_path);
  if (!spec) return Fail(api::NewInternalError(spec.error()));
  read.spec_replicas = *spec;
  Lookup<std::optional<int64_t>> status = LookupInt64(object, scale.status_replicas_path);
  if (!status) return Fail(api::NewInternalError(status.error()));
  read.status_replicas = status->value_or(0);
  if (!scale.label_selector_path.empty()) {
    Lookup<std::string> selector = LookupString(object, scale.label_selector_path);
    if (!selector) return Fail(api::NewInternalError(selector.error()));
    read.selector = std::move(*selector);
  }
  return read;
}

api::FieldErrorList ValidateScaleSpec(const json& object, const ScaleSubresource& scale) {
  api::FieldErrorList errors;
  ValidateReplicas(object, scale.spec_replicas_path, errors);
  return errors;
}

api::FieldErrorList ValidateScaleStatus(const json& object, const ScaleSubresource& scale) {
  api::FieldErrorList errors;
  ValidateReplicas(object, scale.status_replicas_path, errors);
  if (!scale.label_selector_path.empty()) {
    if (Lookup<std::string> selector = LookupString(object, scale.label_selector_path); !selector) {
      errors.push_back(api::InvalidError(scale.label_selector_path, "", selector.error()));
    }
  }
  return errors;
}

}  // namespace kubefake::fakeserver::apiextensions
