// The core/v1 printers of printers.go other than pods and events: services, endpoints,
// configmaps, secrets, namespaces, nodes, serviceaccounts and persistentvolumeclaims.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "kubefake/api/go_strings.h"
#include "table_cells.h"

namespace kubefake::fakeserver {
namespace {

std::vector<std::string> Strings(const nlohmann::json& array) {
  std::vector<std::string> out;
  if (!array.is_array()) return out;
  for (const nlohmann::json& value : array) {
    if (value.is_string()) out.push_back(value.get<std::string>());
  }
  return out;
}

std::string ServiceExternalIP(const nlohmann::json& service) {
  const std::string type = StringAt(service, {"spec", "type"});
  const std::vector<std::string> external_ips = Strings(FieldAt(service, {"spec", "externalIPs"}));
  if (type == "ClusterIP" || type == "NodePort") {
    return external_ips.empty() ? "<none>" : api::JoinStrings(external_ips, ",");
  }
  if (type == "LoadBalancer") {
    const std::string lb =
        LoadBalancerAddresses(FieldAt(service, {"status", "loadBalancer", "ingress"}));
    if (!external_ips.empty())
      return lb.empty() ? api::JoinStrings(external_ips, ",")
                        : lb + "," + api::JoinStrings(external_ips, ",");
    return lb.empty() ? "<pending>" : lb;
  }
  if (type == "ExternalName") return StringAt(service, {"spec", "externalName"});
  return "<unknown>";
}

std::string ServicePorts(const nlohmann::json& service) {
  std::vector<std::string> pieces;
  const nlohmann::json& ports = FieldAt(service, {"spec", "ports"});
  if (ports.is_array()) {
    for (const nlohmann::json& port : ports) {
      const int64_t node_port = IntAt(port, {"nodePort"});
      pieces.push_back(std::to_string(IntAt(port, {"port"})) +
                       (node_port > 0 ? ":" + std::to_string(node_port) : "") + "/" +
                       StringAt(port, {"protocol"}));
    }
  }
  return pieces.empty() ? "<none>" : api::JoinStrings(pieces, ",");
}

PrintedRow PrintService(const nlohmann::json& service, const PrintContext& context) {
  const nlohmann::json& cluster_ips = FieldAt(service, {"spec", "clusterIPs"});
  std::string cluster_ip =
      cluster_ips.is_array() && !cluster_ips.empty() && cluster_ips[0].is_string()
          ? cluster_ips[0].get<std::string>()
          : StringAt(service, {"spec", "clusterIP"});
  if (cluster_ip.empty()) cluster_ip = "<none>";
  return {{ObjectName(service), StringAt(service, {"spec", "type"}), cluster_ip,
           ServiceExternalIP(service), ServicePorts(service), Age(service, context),
           FormatLabels(FieldAt(service, {"spec", "selector"}))},
          {}};
}

// formatEndpoints with every port: up to three "ip:port" (or bare ip for a subset without
// ports), then " + N more...".
std::string FormatEndpoints(const nlohmann::json& endpoints) {
  const nlohmann::json& subsets = FieldAt(endpoints, {"subsets"});
  if (!subsets.is_array() || subsets.empty()) return "<none>";
  constexpr size_t kMax = 3;
  std::vector<std::string> list;
  bool more = false;
  int64_t count = 0;
  for (const nlohmann::json& subset : subsets) {
    const nlohmann::json& addresses = FieldAt(subset, {"addresses"});
    const int64_t address_count = CountAt(subset, {"addresses"});
    const nlohmann::json& ports = FieldAt(subset, {"ports"});
    const bool has_ports = ports.is_array() && !ports.empty();
    for (size_t p = 0; p < (has_ports ? ports.size() : 1); ++p) {
      count += address_count;
      for (int64_t a = 0; a < address_count; ++a) {
        if (list.size() == kMax) {
          more = true;
          break;
        }
        const std::string ip = StringAt(addresses[a], {"ip"});
        if (!has_ports) {
          list.push_back(ip);
          continue;
        }
        const std::string port = std::to_string(IntAt(ports[p], {"port"}));
        list.push_back(ip.find(':') != std::string::npos ? "[" + ip + "]:" + port
                                                         : ip + ":" + port);
      }
    }
  }
  std::string out = api::JoinStrings(list, ",");
  if (more) out += " + " + std::to_string(count - static_cast<int64_t>(kMax)) + " more...";
  return out;
}

std::string NodeStatus(const nlohmann::json& node) {
  std::vector<std::string> status;
  const nlohmann::json& conditions = FieldAt(node, {"status", "conditions"});
  const nlohmann::json* ready = nullptr;
  if (conditions.is_array()) {
    for (const nlohmann::json& condition : conditions) {  // the last Ready condition wins
      if (StringAt(condition, {"type"}) == "Ready") ready = &condition;
    }
  }
  if (ready != nullptr)
    status.push_back(StringAt(*ready, {"status"}) == "True" ? "Ready" : "NotReady");
  if (status.empty()) status.push_back("Unknown");
  if (FieldAt(node, {"spec", "unschedulable"}) == true) status.push_back("SchedulingDisabled");
  return api::JoinStrings(status, ",");
}

// findNodeRoles: node-role.kubernetes.io/<role> labels and the kubernetes.io/role value.
std::string NodeRoles(const nlohmann::json& node) {
  constexpr std::string_view kRolePrefix = "node-role.kubernetes.io/";
  std::set<std::string> roles;
  const nlohmann::json& labels = FieldAt(node, {"metadata", "labels"});
  if (labels.is_object()) {
    for (const auto& [key, value] : labels.items()) {
      if (key.starts_with(kRolePrefix)) {
        if (key.size() > kRolePrefix.size()) roles.insert(key.substr(kRolePrefix.size()));
      } else if (key == "kubernetes.io/role" && value.is_string() &&
                 !value.get<std::string>().empty()) {
        roles.insert(value.get<std::string>());
      }
    }
  }
  return roles.empty() ? "<none>" : api::JoinStrings({roles.begin(), roles.end()}, ",");
}

std::string NodeAddress(const nlohmann::json& node, std::string_view type) {
  const nlohmann::json& addresses = FieldAt(node, {"status", "addresses"});
  if (addresses.is_array()) {
    for (const nlohmann::json& address : addresses) {
      if (StringAt(address, {"type"}) == type) return StringAt(address, {"address"});
    }
  }
  return "<none>";
}

std::string OrUnknown(std::string value) { return value.empty() ? "<unknown>" : value; }

PrintedRow PrintNode(const nlohmann::json& node, const PrintContext& context) {
  const nlohmann::json& info = FieldAt(node, {"status", "nodeInfo"});
  return {{ObjectName(node), NodeStatus(node), NodeRoles(node), Age(node, context),
           StringAt(info, {"kubeletVersion"}), NodeAddress(node, "InternalIP"),
           NodeAddress(node, "ExternalIP"), OrUnknown(StringAt(info, {"osImage"})),
           OrUnknown(StringAt(info, {"kernelVersion"})),
           OrUnknown(StringAt(info, {"containerRuntimeVersion"}))},
          {}};
}

// helper.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, each once.
std::string AccessModes(const nlohmann::json& modes) {
  const std::vector<std::string> given = Strings(modes);
  auto has = [&given](std::string_view mode) {
    return std::find(given.begin(), given.end(), mode) != given.end();
  };
  std::vector<std::string> out;
  if (has("ReadWriteOnce")) out.push_back("RWO");
  if (has("ReadOnlyMany")) out.push_back("ROX");
  if (has("ReadWriteMany")) out.push_back("RWX");
  if (has("ReadWriteOncePod")) out.push_back("RWOP");
  return api::JoinStrings(out, ",");
}

std::string OrUnset(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : "<unset>";
}

PrintedRow PrintPersistentVolumeClaim(const nlohmann::json& claim, const PrintContext& context) {
  const nlohmann::json& spec = FieldAt(claim, {"spec"});
  std::string phase = StringAt(claim, {"status", "phase"});
  if (FieldAt(claim, {"metadata", "deletionTimestamp"}).is_string()) phase = "Terminating";
  std::string capacity;
  std::string access_modes;
  const std::string volume = StringAt(spec, {"volumeName"});
  if (!volume.empty()) {
    access_modes = AccessModes(FieldAt(claim, {"status", "accessModes"}));
    const nlohmann::json& storage = FieldAt(claim, {"status", "capacity", "storage"});
    capacity = storage.is_string() ? storage.get<std::string>() : "0";
  }
  // GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName.
  const nlohmann::json& beta_class =
      FieldAt(claim, {"metadata", "annotations", "volume.beta.kubernetes.io/storage-class"});
  const std::string storage_class =
      beta_class.is_string() ? beta_class.get<std::string>() : StringAt(spec, {"storageClassName"});
  return {{ObjectName(claim), phase, volume, capacity, access_modes, storage_class,
           OrUnset(FieldAt(spec, {"volumeAttributesClassName"})), Age(claim, context),
           OrUnset(FieldAt(spec, {"volumeMode"}))},
          {}};
}

}  // namespace

void AddCorePrinters(TablePrinterMap& printers) {
  printers.emplace(api::GroupResource{"", "services"},
                   TablePrinter{{NameColumn(),
                                 {"Type", "string", "", 0},
                                 {"Cluster-IP", "string", "", 0},
                                 {"External-IP", "string", "", 0},
                                 {"Port(s)", "string", "", 0},
                                 AgeColumn(),
                                 {"Selector", "string", "", 1}},
                                PrintService});
  printers.emplace(
      api::GroupResource{"", "endpoints"},
      TablePrinter{{NameColumn(), {"Endpoints", "string", "", 0}, AgeColumn()},
                   [](const nlohmann::json& object, const PrintContext& context) {
                     return PrintedRow{
                         {ObjectName(object), FormatEndpoints(object), Age(object, context)}, {}};
                   }});
  printers.emplace(api::GroupResource{"", "configmaps"},
                   TablePrinter{{NameColumn(), {"Data", "string", "", 0}, AgeColumn()},
                                [](const nlohmann::json& object, const PrintContext& context) {
                                  return PrintedRow{
                                      {ObjectName(object),
                                       CountAt(object, {"data"}) + CountAt(object, {"binaryData"}),
                                       Age(object, context)},
                                      {}};
                                }});
  printers.emplace(
      api::GroupResource{"", "secrets"},
      TablePrinter{
          {NameColumn(), {"Type", "string", "", 0}, {"Data", "string", "", 0}, AgeColumn()},
          [](const nlohmann::json& object, const PrintContext& context) {
            return PrintedRow{{ObjectName(object), StringAt(object, {"type"}),
                               CountAt(object, {"data"}), Age(object, context)},
                              {}};
          }});
  printers.emplace(api::GroupResource{"", "namespaces"},
                   TablePrinter{{NameColumn(), {"Status", "string", "", 0}, AgeColumn()},
                                [](const nlohmann::json& object, const PrintContext& context) {
                                  return PrintedRow{
                                      {ObjectName(object), StringAt(object, {"status", "phase"}),
                                       Age(object, context)},
                                      {}};
                                }});
  printers.emplace(api::GroupResource{"", "nodes"},
                   TablePrinter{{NameColumn(),
                                 {"Status", "string", "", 0},
                                 {"Roles", "string", "", 0},
                                 AgeColumn(),
                                 {"Version", "string", "", 0},
                                 {"Internal-IP", "string", "", 1},
                                 {"External-IP", "string", "", 1},
                                 {"OS-Image", "string", "", 1},
                                 {"Kernel-Version", "string", "", 1},
                                 {"Container-Runtime", "string", "", 1}},
                                PrintNode});
  printers.emplace(
      api::GroupResource{"", "serviceaccounts"},
      TablePrinter{{NameColumn(), {"Secrets", "string", "", 0}, AgeColumn()},
                   [](const nlohmann::json& object, const PrintContext& context) {
                     return PrintedRow{
                         {ObjectName(object), CountAt(object, {"secrets"}), Age(object, context)},
                         {}};
                   }});
  printers.emplace(api::GroupResource{"", "persistentvolumeclaims"},
                   TablePrinter{{NameColumn(),
                                 {"Status", "string", "", 0},
                                 {"Volume", "string", "", 0},
                                 {"Capacity", "string", "", 0},
                                 {"Access Modes", "string", "", 0},
                                 {"StorageClass", "string", "", 0},
                                 {"VolumeAttributesClass", "string", "", 0},
                                 AgeColumn(),
                                 {"VolumeMode", "string", "", 1}},
                                PrintPersistentVolumeClaim});
}

}  // namespace kubefake::fakeserver
