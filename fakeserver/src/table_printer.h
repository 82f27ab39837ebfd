// TablePrinter: how the server prints one resource as Table rows (R6.14), the part
// kube-apiserver's pkg/printers/internalversion handlers play: column definitions and a function
// from an object to its row. The registry maps a group-resource to its printer; a resource
// without one prints Name and Age. A printer is plain data plus a function, so a CRD's
// additionalPrinterColumns (R10.9) can build one from column definitions and JSONPaths.
// Printers are immutable after registration; thread-safe.
//
// Fidelity:
//   Emulated:  the default columns (names, types, formats, priorities) and cell logic of
//              printers.go for pods, deployments, replicasets, statefulsets, daemonsets, jobs,
//              cronjobs, services, endpoints, configmaps, secrets, namespaces, nodes,
//              serviceaccounts, events (v1 and events.k8s.io), persistentvolumeclaims,
//              ingresses and leases, with the server's wide cells (priority 1) always present;
//              customresourcedefinitions print as the DefaultTableConvertor does (Name,
//              Created At).
//   Differs:   column descriptions are empty; every other built-in prints Name and Age (the
//              real printers add resource-specific columns between them); cells read stored
//              objects, which the fake does not default (a Service without ports[].protocol
//              prints "80/"), so a Service's Cluster-IP falls back to spec.clusterIP when
//              spec.clusterIPs is absent.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kubefake/api/group_version.h"

namespace kubefake::fakeserver {

// metav1.TableColumnDefinition without the description (always "").
struct TableColumn {
  std::string name;
  std::string type;    // OpenAPI type: string, integer, number, boolean, date
  std::string format;  // "name" for the object's name column, else ""
  int priority = 0;    // 0: shown by default; 1: only with -o wide
};

// What a printer makes of one object.
struct PrintedRow {
  nlohmann::json cells = nlohmann::json::array();
  nlohmann::json conditions;  // null, or metav1.TableRowCondition objects
};

// What printing needs besides the object: the time AGE and other durations are measured to.
struct PrintContext {
  std::chrono::system_clock::time_point now;
};

struct TablePrinter {
  std::vector<TableColumn> columns;
  // The row of `object`, its JSON in the endpoint's version.
  std::function<PrintedRow(const nlohmann::json& object, const PrintContext& context)> print;
};

using TablePrinterMap = std::map<api::GroupResource, TablePrinter>;

// The printer of `resource`: a registered one, else Name and Age.
const TablePrinter& TablePrinterFor(const api::GroupResource& resource);

// The printer families, one file each; each adds its printers to `printers`.
void AddCorePrinters(TablePrinterMap& printers);  // services ... persistentvolumeclaims
void AddPodPrinter(TablePrinterMap& printers);
void AddEventPrinters(TablePrinterMap& printers);  // events and events.events.k8s.io
void AddAppsPrinters(TablePrinterMap& printers);
void AddBatchPrinters(TablePrinterMap& printers);
void AddNetworkingPrinters(TablePrinterMap& printers);
void AddCoordinationPrinters(TablePrinterMap& printers);

}  // namespace kubefake::fakeserver
