#include "table_printer.h"

#include "table_cells.h"

namespace kubefake::fakeserver {
namespace {

// What a resource without its own printer gets: Name and Age.
TablePrinter NameAgePrinter() {
  return {{NameColumn(), AgeColumn()},
          [](const nlohmann::json& object, const PrintContext& context) {
            return PrintedRow{{ObjectName(object), Age(object, context)}, {}};
          }};
}

// rest.DefaultTableConvertor: Name and Created At (a date: the RFC 3339 creationTimestamp).
TablePrinter DefaultTableConvertor() {
  return {{NameColumn(), {"Created At", "date", "", 0}},
          [](const nlohmann::json& object, const PrintContext&) {
            const std::string created = StringAt(object, {"metadata", "creationTimestamp"});
            return PrintedRow{{ObjectName(object),
                               created.empty() ? "0001-01-01T00:00:00Z" : created},
                              {}};
          }};
}

const TablePrinterMap& Registry() {
  static const TablePrinterMap* const printers = [] {
    auto* map = new TablePrinterMap();
    AddCorePrinters(*map);
    AddPodPrinter(*map);
    AddEventPrinters(*map);
    AddAppsPrinters(*map);
    AddBatchPrinters(*map);
    AddNetworkingPrinters(*map);
    AddCoordinationPrinters(*map);
    map->emplace(api::GroupResource{"apiextensions.k8s.io", "customresourcedefinitions"},
                 DefaultTableConvertor());
    return map;
  }();
  return *printers;
}

}  // namespace

const TablePrinter& TablePrinterFor(const api::GroupResource& resource) {
  static const TablePrinter* const name_age = new TablePrinter(NameAgePrinter());
  const TablePrinterMap& printers = Registry();
  auto it = printers.find(resource);
  return it == printers.end() ? *name_age : it->second;
}

}  // namespace kubefake::fakeserver
