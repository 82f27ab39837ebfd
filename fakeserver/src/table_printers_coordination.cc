// The coordination.k8s.io/v1 printer of printers.go: leases (holder).
#include "table_cells.h"

namespace kubefake::fakeserver {

void AddCoordinationPrinters(TablePrinterMap& printers) {
  printers.emplace(api::GroupResource{"coordination.k8s.io", "leases"},
                   TablePrinter{{NameColumn(), {"Holder", "string", "", 0}, AgeColumn()},
                                [](const nlohmann::json& lease, const PrintContext& context) {
                                  return PrintedRow{{StringAt(lease, {"metadata", "name"}),
                                                     StringAt(lease, {"spec", "holderIdentity"}),
                                                     Age(lease, context)},
                                                    {}};
                                }});
}

}  // namespace kubefake::fakeserver
