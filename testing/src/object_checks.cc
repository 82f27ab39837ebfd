// Object checks: field lookups on an object's JSON and their descriptions in Kubernetes terms.
#include "kubefake/testing/object_checks.h"

#include <utility>
#include <vector>

#include "kubefake/api/yaml_codec.h"

namespace kubefake::testkit {
namespace {

using nlohmann::json;

// The member `key` of `object` when both exist; nullptr otherwise.
const json* Member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

const json* Metadata(const json& object, std::string_view key) {
  const json* metadata = Member(object, "metadata");
  return metadata == nullptr ? nullptr : Member(*metadata, key);
}

std::string Text(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string Quoted(std::string_view text) { return json(text).dump(); }

// `{app=web, tier=db}`.
std::string MapText(const json& map) {
  std::string out = "{";
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it != map.begin()) out += ", ";
    out += it.key() + "=" + Text(it.value());
  }
  return out + "}";
}

// `[a, b]` of what `item` says about each entry.
std::string ListText(const json& list, const std::function<std::string(const json&)>& item) {
  std::string out = "[";
  for (size_t i = 0; i < list.size(); ++i) out += (i ? ", " : "") + item(list[i]);
  return out + "]";
}

ObjectCheck MetadataStringCheck(std::string field, std::string label, std::string want) {
  std::string description = "has " + label + " " + Quoted(want);
  std::string negation = "does not have " + label + " " + Quoted(want);
  return {std::move(description), std::move(negation),
          [field = std::move(field), label = std::move(label),
           want = std::move(want)](const json& object) -> std::optional<std::string> {
            const json* got = Metadata(object, field);
            if (got == nullptr || Text(*got).empty()) {
              if (want.empty()) return std::nullopt;
              return "which has no " + label;
            }
            if (Text(*got) == want) return std::nullopt;
            return "whose " + label + " is " + Quoted(Text(*got));
          }};
}

ObjectCheck MapEntryCheck(std::string field, std::string noun, std::string key,
                          std::optional<std::string> value) {
  std::string what = noun + " " + key + (value ? "=" + *value : "");
  return {"has " + what, "does not have " + what,
          [field = std::move(field), noun = std::move(noun), key = std::move(key),
           value = std::move(value)](const json& object) -> std::optional<std::string> {
            const json* map = Metadata(object, field);
            if (map == nullptr || !map->is_object() || map->empty()) {
              return "which has no " + noun + "s";
            }
            const json* got = Member(*map, key);
            if (got != nullptr && (!value || Text(*got) == *value)) return std::nullopt;
            return "whose " + noun + "s are " + MapText(*map);
          }};
}

// `whose spec.replicas <verb> ...`, or `which <verb> ...` for the object itself.
std::string At(const std::string& path, std::string_view verb) {
  return (path.empty() ? "which " : "whose " + path + " ") + std::string(verb) + " ";
}

std::optional<std::string> MismatchAt(const json& expected, const json& actual,
                                      const std::string& path) {
  if (expected.is_object()) {
    if (!actual.is_object()) return At(path, "is") + actual.dump() + ", not a map";
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      const std::string child = path.empty() ? it.key() : path + "." + it.key();
      const json* got = Member(actual, it.key());
      if (got == nullptr) {
        if (it.value().is_null()) continue;
        return "which has no " + child;
      }
      if (auto mismatch = MismatchAt(it.value(), *got, child)) return mismatch;
    }
    return std::nullopt;
  }
  if (expected.is_array()) {
    if (!actual.is_array()) return At(path, "is") + actual.dump() + ", not a list";
    if (actual.size() != expected.size()) {
      return At(path, "has") + std::to_string(actual.size()) + " items, not " +
             std::to_string(expected.size());
    }
    for (size_t i = 0; i < expected.size(); ++i) {
      if (auto mismatch =
              MismatchAt(expected[i], actual[i], path + "[" + std::to_string(i) + "]")) {
        return mismatch;
      }
    }
    return std::nullopt;
  }
  if (expected == actual) return std::nullopt;
  return At(path, "is") + actual.dump() + ", not " + expected.dump();
}

}  // namespace

ObjectCheck NameCheck(std::string name) {
  return MetadataStringCheck("name", "name", std::move(name));
}

ObjectCheck NamespaceCheck(std::string namespace_) {
  return MetadataStringCheck("namespace", "namespace", std::move(namespace_));
}

ObjectCheck LabelCheck(std::string key, std::optional<std::string> value) {
  return MapEntryCheck("labels", "label", std::move(key), std::move(value));
}

ObjectCheck AnnotationCheck(std::string key, std::optional<std::string> value) {
  return MapEntryCheck("annotations", "annotation", std::move(key), std::move(value));
}

ObjectCheck OwnerCheck(std::string kind, std::string name) {
  std::string what = "an owner reference to " + kind + " " + Quoted(name);
  return {"has " + what, "does not have " + what,
          [kind = std::move(kind),
           name = std::move(name)](const json& object) -> std::optional<std::string> {
            const json* owners = Metadata(object, "ownerReferences");
            if (owners == nullptr || !owners->is_array() || owners->empty()) {
              return "which has no owner references";
            }
            for (const json& owner : *owners) {
              if (owner.value("kind", "") == kind && owner.value("name", "") == name) {
                return std::nullopt;
              }
            }
            return "whose owner references are " + ListText(*owners, [](const json& owner) {
                     return owner.value("kind", "") + " " + Quoted(owner.value("name", ""));
                   });
          }};
}

ObjectCheck ConditionCheck(std::string type, std::string status) {
  std::string what = "condition " + type + "=" + status;
  return {"has " + what, "does not have " + what,
          [type = std::move(type),
           status = std::move(status)](const json& object) -> std::optional<std::string> {
            const json* object_status = Member(object, "status");
            const json* conditions =
                object_status == nullptr ? nullptr : Member(*object_status, "conditions");
            if (conditions == nullptr || !conditions->is_array() || conditions->empty()) {
              return "which has no status.conditions";
            }
            for (const json& condition : *conditions) {
              if (condition.value("type", "") == type && condition.value("status", "") == status) {
                return std::nullopt;
              }
            }
            return "whose conditions are " + ListText(*conditions, [](const json& condition) {
                     return condition.value("type", "") + "=" + condition.value("status", "");
                   });
          }};
}

ObjectCheck FinalizerCheck(std::string finalizer) {
  std::string what = "finalizer " + finalizer;
  return {"has " + what, "does not have " + what,
          [finalizer = std::move(finalizer)](const json& object) -> std::optional<std::string> {
            const json* finalizers = Metadata(object, "finalizers");
            if (finalizers == nullptr || !finalizers->is_array() || finalizers->empty()) {
              return "which has no finalizers";
            }
            for (const json& f : *finalizers) {
              if (f == finalizer) return std::nullopt;
            }
            return "whose finalizers are " + ListText(*finalizers, Text);
          }};
}

ObjectCheck YamlCheck(std::string yaml) {
  Result<json> expected = api::YamlToJson(yaml);
  std::string shown = expected ? expected->dump() : yaml;
  return {"matches " + shown, "does not match " + shown,
          [expected = std::move(expected)](const json& object) -> std::optional<std::string> {
            if (!expected) return "which cannot be compared: " + expected.error().message();
            return PartialMismatch(*expected, object);
          }};
}

std::optional<std::string> PartialMismatch(const json& expected, const json& actual) {
  return MismatchAt(expected, actual, "");
}

std::string DescribeError(const api::Error& error) {
  std::string reason = error.reason_string().empty() ? "Unknown" : error.reason_string();
  return reason + " (" + std::to_string(error.code()) + "): " + error.message();
}

}  // namespace kubefake::testkit
