// Cell helpers shared by the Table printers (table_printer.h): reading fields of an object's
// JSON the way Go reads a typed struct (a missing field is its zero value) and the formatting
// helpers printers.go and apimachinery use (translateTimestampSince, labels.FormatLabels,
// metav1.FormatLabelSelector, layoutContainerCells). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "table_printer.h"

namespace kubefake::fakeserver {

// The value at `path` under `object`, or null when any step is missing.
const nlohmann::json& FieldAt(const nlohmann::json& object,
                              std::initializer_list<std::string_view> path);
// The string at `path`, "" when missing or not a string.
std::string StringAt(const nlohmann::json& object, std::initializer_list<std::string_view> path);
// metadata.name, "" when missing.
std::string ObjectName(const nlohmann::json& object);
// The integer at `path`, 0 when missing or not an integer.
int64_t IntAt(const nlohmann::json& object, std::initializer_list<std::string_view> path);
// The number of entries of the array or object at `path` (0 when missing).
int64_t CountAt(const nlohmann::json& object, std::initializer_list<std::string_view> path);

// translateTimestampSince: the human duration from a metav1.Time (RFC 3339 string) to now;
// "<unknown>" for a missing or unparsable time.
std::string TimestampSince(const nlohmann::json& time, const PrintContext& context);
// The same for a metav1.MicroTime.
std::string MicroTimestampSince(const nlohmann::json& time, const PrintContext& context);
// The AGE cell: TimestampSince(metadata.creationTimestamp).
std::string Age(const nlohmann::json& object, const PrintContext& context);

// labels.FormatLabels: "k=v,..." sorted by key, "<none>" when empty.
std::string FormatLabels(const nlohmann::json& labels);
// metav1.FormatLabelSelector: the selector's string form, "<none>" when it selects everything
// or nothing, "<error>" when it is invalid.
std::string FormatLabelSelector(const nlohmann::json& selector);
// LabelSelectorAsSelector(selector).String(), "<invalid>" when invalid (the deployment printer).
std::string LabelSelectorString(const nlohmann::json& selector);
// loadBalancerStatusStringer as the server calls it (wide, never clipped): the sorted, distinct
// IPs of a status.loadBalancer.ingress array, or hostnames where there is no IP, joined by ",".
std::string LoadBalancerAddresses(const nlohmann::json& ingress);
// layoutContainerCells: the containers' names and images, each joined by ",".
std::pair<std::string, std::string> ContainerCells(const nlohmann::json& containers);

// The Name (format name) and Age columns most printers start and end with.
TableColumn NameColumn();
TableColumn AgeColumn();
// A string column shown only with -o wide (priority 1).
TableColumn WideColumn(std::string name);

}  // namespace kubefake::fakeserver
