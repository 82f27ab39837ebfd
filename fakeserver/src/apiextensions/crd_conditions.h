// The conditions of a CustomResourceDefinition's status (NamesAccepted, Established,
// Terminating) as apiextensions' apihelpers read and set them. Pure functions; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace kubefake::fakeserver::apiextensions {

// A condition without lastTransitionTime.
nlohmann::json CrdCondition(std::string type, bool status, std::string reason, std::string message);

// The condition `type` in `status` (a CRD's status), or nullptr.
const nlohmann::json* FindCrdCondition(const nlohmann::json& status, std::string_view type);

// IsCRDConditionTrue on a whole CRD.
bool IsCrdConditionTrue(const nlohmann::json& crd, std::string_view type);

// SetCRDCondition: replaces or appends `condition` in `status`; lastTransitionTime becomes
// `now` when the status changes or the condition is new, and is kept otherwise.
void SetCrdCondition(nlohmann::json& status, nlohmann::json condition, const std::string& now);

}  // namespace kubefake::fakeserver::apiextensions
