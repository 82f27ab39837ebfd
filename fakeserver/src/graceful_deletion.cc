#include "graceful_deletion.h"

#include <chrono>
#include <nlohmann/json.hpp>

namespace kubefake::fakeserver {
namespace {

constexpr int64_t kDefaultTerminationGracePeriodSeconds = 30;

api::Time Plus(api::Time t, int64_t seconds) {
  return api::Time(t.time_point() + std::chrono::seconds(seconds));
}

// podStrategy.CheckGracefulDelete: the grace period this delete gives the pod.
int64_t PodGracePeriod(const api::Object& pod, std::optional<int64_t> grace_option) {
  const nlohmann::json& json = pod.json();
  const nlohmann::json spec = json.value("spec", nlohmann::json::object());
  int64_t period = kDefaultTerminationGracePeriodSeconds;
  if (grace_option) {
    period = *grace_option;
  } else if (auto it = spec.find("terminationGracePeriodSeconds");
             it != spec.end() && it->is_number_integer()) {
    period = it->get<int64_t>();
  }
  if (!spec.is_object() || spec.value("nodeName", "").empty()) period = 0;
  const nlohmann::json status = json.value("status", nlohmann::json::object());
  const std::string phase = status.is_object() ? status.value("phase", "") : "";
  if (phase == "Succeeded" || phase == "Failed") period = 0;
  return period < 0 ? 1 : period;
}

}  // namespace

GracefulDeletion BeforeGracefulDelete(api::Object& object, std::optional<int64_t> grace_option,
                                      api::Time now) {
  if (grace_option && *grace_option < 0) grace_option = 1;
  if (const std::optional<api::Time> deleting = object.GetDeletionTimestamp()) {
    const std::optional<int64_t> current = object.GetDeletionGracePeriodSeconds();
    // Deletion marked without a grace period (or with 0): the store deletes at once.
    if (!current || *current == 0) return {};
    if (!grace_option || *grace_option >= *current) return {.pending = true};
    object.SetDeletionTimestamp(Plus(*deleting, *grace_option - *current));
    object.SetDeletionGracePeriodSeconds(*grace_option);
    return {.graceful = true};
  }
  const int64_t grace = PodGracePeriod(object, grace_option);
  object.SetDeletionTimestamp(Plus(now, grace));
  object.SetDeletionGracePeriodSeconds(grace);
  if (object.GetGeneration() > 0) object.SetGeneration(object.GetGeneration() + 1);
  return {.graceful = true};
}

}  // namespace kubefake::fakeserver
