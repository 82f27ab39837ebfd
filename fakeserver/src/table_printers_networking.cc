// The networking.k8s.io/v1 printer of printers.go: ingresses (class, hosts, load-balancer
// address, ports).
#include <string>

#include "table_cells.h"

namespace kubefake::fakeserver {
namespace {

// formatHosts: up to three rule hosts, "*" when none has one, " + N more..." past three rules.
std::string IngressHosts(const nlohmann::json& rules) {
  constexpr size_t kMax = 3;
  std::string out;
  size_t listed = 0;
  bool more = false;
  if (rules.is_array()) {
    for (const nlohmann::json& rule : rules) {
      if (listed == kMax) more = true;
      const std::string host = StringAt(rule, {"host"});
      if (!more && !host.empty()) {
        out += (listed == 0 ? "" : ",") + host;
        ++listed;
      }
    }
  }
  if (listed == 0) return "*";
  if (more) out += " + " + std::to_string(rules.size() - kMax) + " more...";
  return out;
}

PrintedRow PrintIngress(const nlohmann::json& ingress, const PrintContext& context) {
  const nlohmann::json& class_name = FieldAt(ingress, {"spec", "ingressClassName"});
  return {{StringAt(ingress, {"metadata", "name"}),
           class_name.is_string() ? class_name.get<std::string>() : "<none>",
           IngressHosts(FieldAt(ingress, {"spec", "rules"})),
           LoadBalancerAddresses(FieldAt(ingress, {"status", "loadBalancer", "ingress"})),
           CountAt(ingress, {"spec", "tls"}) > 0 ? "80, 443" : "80", Age(ingress, context)},
          {}};
}

}  // namespace

void AddNetworkingPrinters(TablePrinterMap& printers) {
  printers.emplace(api::GroupResource{"networking.k8s.io", "ingresses"},
                   TablePrinter{{NameColumn(),
                                 {"Class", "string", "", 0},
                                 {"Hosts", "string", "", 0},
                                 {"Address", "string", "", 0},
                                 {"Ports", "string", "", 0},
                                 AgeColumn()},
                                PrintIngress});
}

}  // namespace kubefake::fakeserver
