#include "table_cells.h"

#include <chrono>
#include <set>
#include <vector>

#include "human_duration.h"
#include "kubefake/api/label_selector.h"
#include "kubefake/api/time.h"

namespace kubefake::fakeserver {
namespace {

const nlohmann::json& Null() {
  static const nlohmann::json* const null = new nlohmann::json();
  return *null;
}

std::string Since(std::chrono::system_clock::time_point then, const PrintContext& context) {
  return HumanDuration(context.now - then);
}

}  // namespace

const nlohmann::json& FieldAt(const nlohmann::json& object,
                              std::initializer_list<std::string_view> path) {
  const nlohmann::json* at = &object;
  for (std::string_view step : path) {
    if (!at->is_object()) return Null();
    auto it = at->find(step);
    if (it == at->end()) return Null();
    at = &*it;
  }
  return *at;
}

std::string StringAt(const nlohmann::json& object, std::initializer_list<std::string_view> path) {
  const nlohmann::json& value = FieldAt(object, path);
  return value.is_string() ? value.get<std::string>() : std::string();
}

std::string ObjectName(const nlohmann::json& object) {
  return StringAt(object, {"metadata", "name"});
}

int64_t IntAt(const nlohmann::json& object, std::initializer_list<std::string_view> path) {
  const nlohmann::json& value = FieldAt(object, path);
  return value.is_number_integer() ? value.get<int64_t>() : 0;
}

int64_t CountAt(const nlohmann::json& object, std::initializer_list<std::string_view> path) {
  const nlohmann::json& value = FieldAt(object, path);
  return value.is_array() || value.is_object() ? static_cast<int64_t>(value.size()) : 0;
}

std::string TimestampSince(const nlohmann::json& time, const PrintContext& context) {
  if (!time.is_string()) return "<unknown>";
  Result<api::Time> parsed = api::Time::Parse(time.get<std::string>());
  if (!parsed || parsed->IsZero()) return "<unknown>";
  return Since(parsed->time_point(), context);
}

std::string MicroTimestampSince(const nlohmann::json& time, const PrintContext& context) {
  if (!time.is_string()) return "<unknown>";
  Result<api::MicroTime> parsed = api::MicroTime::Parse(time.get<std::string>());
  if (!parsed) return TimestampSince(time, context);
  if (parsed->IsZero()) return "<unknown>";
  return Since(
      std::chrono::time_point_cast<std::chrono::system_clock::duration>(parsed->time_point()),
      context);
}

std::string Age(const nlohmann::json& object, const PrintContext& context) {
  return TimestampSince(FieldAt(object, {"metadata", "creationTimestamp"}), context);
}

std::string FormatLabels(const nlohmann::json& labels) {
  std::string out;
  if (labels.is_object()) {
    for (const auto& [key, value] : labels.items()) {  // nlohmann::json keeps keys sorted
      if (!out.empty()) out += ',';
      out += key + "=" + (value.is_string() ? value.get<std::string>() : std::string());
    }
  }
  return out.empty() ? "<none>" : out;
}

std::string FormatLabelSelector(const nlohmann::json& selector) {
  Result<api::LabelSelector> parsed = api::LabelSelectorAsSelector(selector);
  if (!parsed) return "<error>";
  std::string out = parsed->String();
  return out.empty() ? "<none>" : out;
}

std::string LabelSelectorString(const nlohmann::json& selector) {
  Result<api::LabelSelector> parsed = api::LabelSelectorAsSelector(selector);
  return parsed ? parsed->String() : "<invalid>";
}

std::string LoadBalancerAddresses(const nlohmann::json& ingress) {
  std::set<std::string> addresses;
  if (ingress.is_array()) {
    for (const nlohmann::json& point : ingress) {
      const std::string ip = StringAt(point, {"ip"});
      const std::string hostname = StringAt(point, {"hostname"});
      if (!ip.empty()) {
        addresses.insert(ip);
      } else if (!hostname.empty()) {
        addresses.insert(hostname);
      }
    }
  }
  std::string out;
  for (const std::string& address : addresses) out += (out.empty() ? "" : ",") + address;
  return out;
}

std::pair<std::string, std::string> ContainerCells(const nlohmann::json& containers) {
  std::pair<std::string, std::string> cells;
  if (!containers.is_array()) return cells;
  for (const nlohmann::json& container : containers) {
    if (&container != &containers.front()) {
      cells.first += ',';
      cells.second += ',';
    }
    cells.first += StringAt(container, {"name"});
    cells.second += StringAt(container, {"image"});
  }
  return cells;
}

TableColumn NameColumn() { return {"Name", "string", "name", 0}; }
TableColumn AgeColumn() { return {"Age", "string", "", 0}; }
TableColumn WideColumn(std::string name) { return {std::move(name), "string", "", 1}; }

}  // namespace kubefake::fakeserver
