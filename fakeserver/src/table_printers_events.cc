// The event printer of printers.go (printEvent), for core/v1 events and for events.k8s.io/v1,
// whose fields carry other names (regarding, note, deprecated*, reportingController) but print
// the same, as both are the one internal Event to the real server.
#include <string>

#include "kubefake/api/ascii.h"
#include "table_cells.h"

namespace kubefake::fakeserver {
namespace {

// The JSON field names of the Event fields the printer reads, per API version.
struct EventFields {
  std::string_view first_timestamp;
  std::string_view last_timestamp;
  std::string_view count;
  std::string_view involved_object;
  std::string_view source;
  std::string_view reporting_controller;
  std::string_view message;
};

constexpr EventFields kCoreEvent{"firstTimestamp", "lastTimestamp",      "count",  "involvedObject",
                                 "source",         "reportingComponent", "message"};
constexpr EventFields kEventsEvent{"deprecatedFirstTimestamp",
                                   "deprecatedLastTimestamp",
                                   "deprecatedCount",
                                   "regarding",
                                   "deprecatedSource",
                                   "reportingController",
                                   "note"};

std::string TrimSpace(const std::string& s) {
  constexpr std::string_view kSpace = " \t\n\v\f\r";
  const size_t first = s.find_first_not_of(kSpace);
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

PrintedRow PrintEvent(const nlohmann::json& event, const EventFields& fields,
                      const PrintContext& context) {
  const nlohmann::json& first = FieldAt(event, {fields.first_timestamp});
  const std::string first_seen = first.is_string()
                                     ? TimestampSince(first, context)
                                     : MicroTimestampSince(FieldAt(event, {"eventTime"}), context);
  const nlohmann::json& last = FieldAt(event, {fields.last_timestamp});
  std::string last_seen = last.is_string() ? TimestampSince(last, context) : first_seen;
  int64_t count = IntAt(event, {fields.count});
  if (FieldAt(event, {"series"}).is_object()) {
    last_seen = MicroTimestampSince(FieldAt(event, {"series", "lastObservedTime"}), context);
    count = IntAt(event, {"series", "count"});
  } else if (count == 0) {
    count = 1;  // singleton events of the new API have no count
  }

  const nlohmann::json& involved = FieldAt(event, {fields.involved_object});
  const std::string kind = api::AsciiLowered(StringAt(involved, {"kind"}));
  const std::string name = StringAt(involved, {"name"});
  const std::string component = StringAt(event, {fields.source, "component"});
  const std::string host = StringAt(event, {fields.source, "host"});
  // formatEventSource: component (else reportingController), then ", " and host (else
  // reportingInstance) when there is one.
  const std::string source_component =
      component.empty() ? StringAt(event, {fields.reporting_controller}) : component;
  const std::string source_host = host.empty() ? StringAt(event, {"reportingInstance"}) : host;
  return {{last_seen, StringAt(event, {"type"}), StringAt(event, {"reason"}),
           name.empty() ? kind : kind + "/" + name, StringAt(involved, {"fieldPath"}),
           source_host.empty() ? source_component : source_component + ", " + source_host,
           TrimSpace(StringAt(event, {fields.message})), first_seen, count,
           StringAt(event, {"metadata", "name"})},
          {}};
}

TablePrinter EventPrinter(const EventFields& fields) {
  return {{{"Last Seen", "string", "", 0},
           {"Type", "string", "", 0},
           {"Reason", "string", "", 0},
           {"Object", "string", "", 0},
           {"Subobject", "string", "", 1},
           {"Source", "string", "", 1},
           {"Message", "string", "", 0},
           {"First Seen", "string", "", 1},
           {"Count", "string", "", 1},
           {"Name", "string", "name", 1}},
          [&fields](const nlohmann::json& event, const PrintContext& context) {
            return PrintEvent(event, fields, context);
          }};
}

}  // namespace

void AddEventPrinters(TablePrinterMap& printers) {
  printers.emplace(api::GroupResource{"", "events"}, EventPrinter(kCoreEvent));
  printers.emplace(api::GroupResource{"events.k8s.io", "events"}, EventPrinter(kEventsEvent));
}

}  // namespace kubefake::fakeserver
