// Object checks: what a test expects of a Kubernetes object (its name, a label, an owner, a
// condition, a partial YAML shape), each with its description and, when the object differs,
// what the object has instead, both in Kubernetes terms. matchers.h turns them into GoogleMock
// matchers; anything else (a scenario's expectations) may use them directly. Stateless;
// thread-safe.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "kubefake/api/error.h"

namespace kubefake::testkit {

struct ObjectCheck {
  std::string description;  // `has label app=web`
  std::string negation;     // `does not have label app=web`
  // nullopt when the object (as JSON) passes; otherwise what it has instead
  // (`whose labels are {app=api}`).
  std::function<std::optional<std::string>(const nlohmann::json& object)> mismatch;
};

ObjectCheck NameCheck(std::string name);
ObjectCheck NamespaceCheck(std::string namespace_);
// metadata.labels has `key` (with `value` when given).
ObjectCheck LabelCheck(std::string key, std::optional<std::string> value = std::nullopt);
ObjectCheck AnnotationCheck(std::string key, std::optional<std::string> value = std::nullopt);
// metadata.ownerReferences has an entry of `kind` named `name`.
ObjectCheck OwnerCheck(std::string kind, std::string name);
// status.conditions has an entry of `type` whose status is `status` ("True", "False",
// "Unknown").
ObjectCheck ConditionCheck(std::string type, std::string status);
ObjectCheck FinalizerCheck(std::string finalizer);
// Every field `yaml` sets has the same value in the object (a partial match): maps match key by
// key, lists item by item with equal lengths, scalars by JSON equality. YAML that does not parse
// fails every object, saying why.
ObjectCheck YamlCheck(std::string yaml);

// Where `actual` differs from the partial object `expected` (as YamlCheck matches), e.g.
// `spec.replicas is 1, not 3`; nullopt when it does not.
std::optional<std::string> PartialMismatch(const nlohmann::json& expected,
                                           const nlohmann::json& actual);

// `NotFound (404): pods "web" not found`.
std::string DescribeError(const api::Error& error);

}  // namespace kubefake::testkit
