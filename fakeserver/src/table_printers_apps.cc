// The apps/v1 printers of printers.go: deployments, replicasets, statefulsets, daemonsets.
#include <string>

#include "table_cells.h"

namespace kubefake::fakeserver {
namespace {

std::string ReadyOfDesired(const nlohmann::json& object) {
  return std::to_string(IntAt(object, {"status", "readyReplicas"})) + "/" +
         std::to_string(IntAt(object, {"spec", "replicas"}));
}

const nlohmann::json& TemplateContainers(const nlohmann::json& object) {
  return FieldAt(object, {"spec", "template", "spec", "containers"});
}

PrintedRow PrintDeployment(const nlohmann::json& deployment, const PrintContext& context) {
  auto [names, images] = ContainerCells(TemplateContainers(deployment));
  return {{ObjectName(deployment), ReadyOfDesired(deployment),
           IntAt(deployment, {"status", "updatedReplicas"}),
           IntAt(deployment, {"status", "availableReplicas"}), Age(deployment, context), names,
           images, LabelSelectorString(FieldAt(deployment, {"spec", "selector"}))},
          {}};
}

PrintedRow PrintReplicaSet(const nlohmann::json& replica_set, const PrintContext& context) {
  auto [names, images] = ContainerCells(TemplateContainers(replica_set));
  return {{ObjectName(replica_set), IntAt(replica_set, {"spec", "replicas"}),
           IntAt(replica_set, {"status", "replicas"}),
           IntAt(replica_set, {"status", "readyReplicas"}), Age(replica_set, context), names,
           images, FormatLabelSelector(FieldAt(replica_set, {"spec", "selector"}))},
          {}};
}

PrintedRow PrintStatefulSet(const nlohmann::json& stateful_set, const PrintContext& context) {
  auto [names, images] = ContainerCells(TemplateContainers(stateful_set));
  return {{ObjectName(stateful_set), ReadyOfDesired(stateful_set), Age(stateful_set, context),
           names, images},
          {}};
}

PrintedRow PrintDaemonSet(const nlohmann::json& daemon_set, const PrintContext& context) {
  auto [names, images] = ContainerCells(TemplateContainers(daemon_set));
  const nlohmann::json& status = FieldAt(daemon_set, {"status"});
  return {{ObjectName(daemon_set), IntAt(status, {"desiredNumberScheduled"}),
           IntAt(status, {"currentNumberScheduled"}), IntAt(status, {"numberReady"}),
           IntAt(status, {"updatedNumberScheduled"}), IntAt(status, {"numberAvailable"}),
           FormatLabels(FieldAt(daemon_set, {"spec", "template", "spec", "nodeSelector"})),
           Age(daemon_set, context), names, images,
           FormatLabelSelector(FieldAt(daemon_set, {"spec", "selector"}))},
          {}};
}

}  // namespace

void AddAppsPrinters(TablePrinterMap& printers) {
  printers.emplace(api::GroupResource{"apps", "deployments"},
                   TablePrinter{{NameColumn(),
                                 {"Ready", "string", "", 0},
                                 {"Up-to-date", "string", "", 0},
                                 {"Available", "string", "", 0},
                                 AgeColumn(),
                                 WideColumn("Containers"),
                                 WideColumn("Images"),
                                 WideColumn("Selector")},
                                PrintDeployment});
  printers.emplace(api::GroupResource{"apps", "replicasets"},
                   TablePrinter{{NameColumn(),
                                 {"Desired", "integer", "", 0},
                                 {"Current", "integer", "", 0},
                                 {"Ready", "integer", "", 0},
                                 AgeColumn(),
                                 WideColumn("Containers"),
                                 WideColumn("Images"),
                                 WideColumn("Selector")},
                                PrintReplicaSet});
  printers.emplace(api::GroupResource{"apps", "statefulsets"},
                   TablePrinter{{NameColumn(),
                                 {"Ready", "string", "", 0},
                                 AgeColumn(),
                                 WideColumn("Containers"),
                                 WideColumn("Images")},
                                PrintStatefulSet});
  printers.emplace(api::GroupResource{"apps", "daemonsets"},
                   TablePrinter{{NameColumn(),
                                 {"Desired", "integer", "", 0},
                                 {"Current", "integer", "", 0},
                                 {"Ready", "integer", "", 0},
                                 {"Up-to-date", "integer", "", 0},
                                 {"Available", "integer", "", 0},
                                 {"Node Selector", "string", "", 0},
                                 AgeColumn(),
                                 WideColumn("Containers"),
                                 WideColumn("Images"),
                                 WideColumn("Selector")},
                                PrintDaemonSet});
}

}  // namespace kubefake::fakeserver
