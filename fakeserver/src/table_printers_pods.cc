// The pod printer of printers.go (printPod): READY, STATUS (from the phase, the reason, init
// and app container states, scheduling gates and deletion), RESTARTS with the time of the last
// restart, AGE, and the wide IP, NODE, NOMINATED NODE and READINESS GATES.
#include <map>
#include <string>

#include "kubefake/api/time.h"
#include "table_cells.h"

namespace kubefake::fakeserver {
namespace {

// The container's lastState.terminated.finishedAt, or the zero time.
api::Time LastFinishedAt(const nlohmann::json& status) {
  const std::string finished = StringAt(status, {"lastState", "terminated", "finishedAt"});
  if (finished.empty()) return {};
  return api::Time::Parse(finished).value_or(api::Time());
}

bool HasCondition(const nlohmann::json& pod, std::string_view type) {
  const nlohmann::json& conditions = FieldAt(pod, {"status", "conditions"});
  if (!conditions.is_array()) return false;
  for (const nlohmann::json& condition : conditions) {
    if (StringAt(condition, {"type"}) == type && StringAt(condition, {"status"}) == "True") {
      return true;
    }
  }
  return false;
}

// "Signal:9" / "ExitCode:1" (with `prefix` "Init:" for init containers) for a termination
// without a reason.
std::string TerminatedWithoutReason(const nlohmann::json& terminated, std::string_view prefix) {
  const int64_t signal = IntAt(terminated, {"signal"});
  return std::string(prefix) +
         (signal != 0 ? "Signal:" + std::to_string(signal)
                      : "ExitCode:" + std::to_string(IntAt(terminated, {"exitCode"})));
}

struct Restarts {
  int64_t count = 0;
  api::Time last;

  void Add(const nlohmann::json& status) {
    count += IntAt(status, {"restartCount"});
    const api::Time finished = LastFinishedAt(status);
    if (last < finished) last = finished;
  }
};

nlohmann::json RowConditions(std::string_view phase) {
  if (phase != "Succeeded" && phase != "Failed") return nullptr;
  return nlohmann::json::array(
      {{{"type", "Completed"},
        {"status", "True"},
        {"reason", phase},
        {"message",
         phase == "Succeeded" ? "The pod has completed successfully." : "The pod failed."}}});
}

std::string ReadinessGates(const nlohmann::json& pod) {
  const nlohmann::json& gates = FieldAt(pod, {"spec", "readinessGates"});
  if (!gates.is_array() || gates.empty()) return "<none>";
  const nlohmann::json& conditions = FieldAt(pod, {"status", "conditions"});
  int true_conditions = 0;
  for (const nlohmann::json& gate : gates) {
    if (!conditions.is_array()) break;
    for (const nlohmann::json& condition : conditions) {
      if (StringAt(condition, {"type"}) != StringAt(gate, {"conditionType"})) continue;
      if (StringAt(condition, {"status"}) == "True") ++true_conditions;
      break;
    }
  }
  return std::to_string(true_conditions) + "/" + std::to_string(gates.size());
}

std::string OrNone(std::string value) { return value.empty() ? "<none>" : value; }

PrintedRow PrintPod(const nlohmann::json& pod, const PrintContext& context) {
  const nlohmann::json& spec = FieldAt(pod, {"spec"});
  const nlohmann::json& status = FieldAt(pod, {"status"});
  const std::string phase = StringAt(status, {"phase"});
  std::string reason = StringAt(status, {"reason"}).empty() ? phase : StringAt(status, {"reason"});
  const nlohmann::json& conditions = FieldAt(status, {"conditions"});
  if (conditions.is_array()) {
    for (const nlohmann::json& condition : conditions) {
      if (StringAt(condition, {"type"}) == "PodScheduled" &&
          StringAt(condition, {"reason"}) == "SchedulingGated") {
        reason = "SchedulingGated";
      }
    }
  }

  int64_t total = CountAt(spec, {"containers"});
  int64_t ready = 0;
  // Init containers with restartPolicy Always are sidecars: counted as containers.
  std::map<std::string, bool> restartable_init;
  const nlohmann::json& init_containers = FieldAt(spec, {"initContainers"});
  if (init_containers.is_array()) {
    for (const nlohmann::json& container : init_containers) {
      const bool sidecar = StringAt(container, {"restartPolicy"}) == "Always";
      restartable_init[StringAt(container, {"name"})] = sidecar;
      if (sidecar) ++total;
    }
  }

  Restarts all_restarts;
  Restarts sidecar_restarts;
  bool initializing = false;
  const nlohmann::json& init_statuses = FieldAt(status, {"initContainerStatuses"});
  if (init_statuses.is_array()) {
    for (size_t i = 0; i < init_statuses.size(); ++i) {
      const nlohmann::json& container = init_statuses[i];
      const bool sidecar = restartable_init[StringAt(container, {"name"})];
      all_restarts.Add(container);
      if (sidecar) sidecar_restarts.Add(container);
      const nlohmann::json& terminated = FieldAt(container, {"state", "terminated"});
      const std::string waiting_reason = StringAt(container, {"state", "waiting", "reason"});
      if (terminated.is_object() && IntAt(terminated, {"exitCode"}) == 0) continue;
      if (sidecar && FieldAt(container, {"started"}) == true) {
        if (FieldAt(container, {"ready"}) == true) ++ready;
        continue;
      }
      if (terminated.is_object()) {
        const std::string terminated_reason = StringAt(terminated, {"reason"});
        reason = terminated_reason.empty() ? TerminatedWithoutReason(terminated, "Init:")
                                           : "Init:" + terminated_reason;
      } else if (!waiting_reason.empty() && waiting_reason != "PodInitializing") {
        reason = "Init:" + waiting_reason;
      } else {
        reason =
            "Init:" + std::to_string(i) + "/" + std::to_string(CountAt(spec, {"initContainers"}));
      }
      initializing = true;
      break;
    }
  }

  Restarts restarts = all_restarts;
  if (!initializing || HasCondition(pod, "Initialized")) {
    restarts = sidecar_restarts;
    bool has_running = false;
    const nlohmann::json& statuses = FieldAt(status, {"containerStatuses"});
    for (size_t n = statuses.is_array() ? statuses.size() : 0; n > 0; --n) {
      const nlohmann::json& container = statuses[n - 1];
      restarts.Add(container);
      const nlohmann::json& terminated = FieldAt(container, {"state", "terminated"});
      const std::string waiting_reason = StringAt(container, {"state", "waiting", "reason"});
      if (!waiting_reason.empty()) {
        reason = waiting_reason;
      } else if (terminated.is_object() && !StringAt(terminated, {"reason"}).empty()) {
        reason = StringAt(terminated, {"reason"});
      } else if (terminated.is_object()) {
        reason = TerminatedWithoutReason(terminated, "");
      } else if (FieldAt(container, {"ready"}) == true &&
                 FieldAt(container, {"state", "running"}).is_object()) {
        has_running = true;
        ++ready;
      }
    }
    if (reason == "Completed" && has_running) {
      reason = HasCondition(pod, "Ready") ? "Running" : "NotReady";
    }
  }

  const bool deleting = FieldAt(pod, {"metadata", "deletionTimestamp"}).is_string();
  if (deleting && StringAt(status, {"reason"}) == "NodeLost") {
    reason = "Unknown";
  } else if (deleting && phase != "Succeeded" && phase != "Failed") {
    reason = "Terminating";
  }

  std::string restarts_cell = std::to_string(restarts.count);
  if (restarts.count != 0 && !restarts.last.IsZero()) {
    restarts_cell += " (" + TimestampSince(restarts.last.String(), context) + " ago)";
  }
  const nlohmann::json& pod_ips = FieldAt(status, {"podIPs"});
  const std::string ip = pod_ips.is_array() && !pod_ips.empty() ? StringAt(pod_ips[0], {"ip"}) : "";

  PrintedRow row;
  row.cells = {StringAt(pod, {"metadata", "name"}),
               std::to_string(ready) + "/" + std::to_string(total),
               reason,
               restarts_cell,
               Age(pod, context),
               OrNone(ip),
               OrNone(StringAt(spec, {"nodeName"})),
               OrNone(StringAt(status, {"nominatedNodeName"})),
               ReadinessGates(pod)};
  row.conditions = RowConditions(phase);
  return row;
}

}  // namespace

void AddPodPrinter(TablePrinterMap& printers) {
  printers.emplace(api::GroupResource{"", "pods"},
                   TablePrinter{{NameColumn(),
                                 {"Ready", "string", "", 0},
                                 {"Status", "string", "", 0},
                                 {"Restarts", "string", "", 0},
                                 AgeColumn(),
                                 {"IP", "string", "", 1},
                                 {"Node", "string", "", 1},
                                 {"Nominated Node", "string", "", 1},
                                 {"Readiness Gates", "string", "", 1}},
                                PrintPod});
}

}  // namespace kubefake::fakeserver
