#include "pod_termination.h"

#include <nlohmann/json.hpp>
#include <vector>

#include "storage_key.h"

namespace kubefake::fakeserver {
namespace {

const api::GroupResource kPods{"", "pods"};

}  // namespace

PodTermination::PodTermination(ServerState& server, const ControllerClient& client,
                               std::function<void()> wake)
    : server_(server), client_(client), wake_(std::move(wake)) {}

void PodTermination::Observe(const StorageEvent& event) {
  if (!event.key.starts_with(CollectionPrefix(kPods, ""))) return;
  const api::Object& pod = *event.object;
  const std::optional<api::Time> deletion = pod.GetDeletionTimestamp();
  if (event.type == WatchEventType::kDeleted || !deletion ||
      pod.GetDeletionGracePeriodSeconds().value_or(0) == 0) {
    pods_.erase(event.key);
    return;
  }
  const auto deadline = std::chrono::system_clock::time_point(deletion->time_point());
  auto it = pods_.find(event.key);
  if (it != pods_.end() && it->second.deadline == deadline) return;
  Terminating entry{std::string(pod.GetNamespace()), std::string(pod.GetName()),
                    std::string(pod.GetUid()), deadline, nullptr};
  if (wake_) {
    const auto delay =
        std::max(deadline - server_.clock.Now(), std::chrono::system_clock::duration::zero());
    entry.timer = server_.clock.AfterFunc(delay, wake_);
  }
  pods_.insert_or_assign(event.key, std::move(entry));
}

void PodTermination::Reset() { pods_.clear(); }

bool PodTermination::ProcessDue() {
  const auto now = server_.clock.Now();
  std::vector<Terminating> due;
  for (auto it = pods_.begin(); it != pods_.end();) {
    if (it->second.deadline <= now) {
      due.push_back(std::move(it->second));
      it = pods_.erase(it);
    } else {
      ++it;
    }
  }
  if (due.empty()) return false;
  const api::ResourceCatalog::Entry pods = server_.FindResourceByKind({"", "v1", "Pod"});
  for (const Terminating& pod : due) {
    client_.Delete(*pods, pod.ns, pod.name,
                   {{"gracePeriodSeconds", 0}, {"preconditions", {{"uid", pod.uid}}}});
  }
  return true;
}

}  // namespace kubefake::fakeserver
