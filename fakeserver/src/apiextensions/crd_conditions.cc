// Reading and setting CustomResourceDefinition conditions.
#include "apiextensions/crd_conditions.h"

namespace kubefake::fakeserver::apiextensions {

using nlohmann::json;

json CrdCondition(std::string type, bool status, std::string reason, std::string message) {
  return {{"type", std::move(type)},
          {"status", status ? "True" : "False"},
          {"reason", std::move(reason)},
          {"message", std::move(message)}};
}

const json* FindCrdCondition(const json& status, std::string_view type) {
  if (!status.is_object()) return nullptr;
  auto conditions = status.find("conditions");
  if (conditions == status.end() || !conditions->is_array()) return nullptr;
  for (const json& condition : *conditions) {
    if (condition.is_object() && condition.value("type", "") == type) return &condition;
  }
  return nullptr;
}

bool IsCrdConditionTrue(const json& crd, std::string_view type) {
  auto status = crd.find("status");
  if (status == crd.end()) return false;
  const json* condition = FindCrdCondition(*status, type);
  return condition != nullptr && condition->value("status", "") == "True";
}

void SetCrdCondition(json& status, json condition, const std::string& now) {
  json& conditions = status["conditions"];
  if (!conditions.is_array()) conditions = json::array();
  for (json& existing : conditions) {
    if (existing.value("type", "") != condition.value("type", "")) continue;
    condition["lastTransitionTime"] = existing.value("status", "") == condition["status"]
                                          ? existing.value("lastTransitionTime", now)
                                          : now;
    existing = std::move(condition);
    return;
  }
  condition["lastTransitionTime"] = now;
  conditions.push_back(std::move(condition));
}

}  // namespace kubefake::fakeserver::apiextensions
