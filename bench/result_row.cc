// ResultRow's JSON form and the drivers' small helpers.
#include "result_row.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace kubefake::bench {

nlohmann::json ResultRow::ToJson() const {
  nlohmann::json row = {{"name", name}, {"value", value}, {"unit", unit}};
  if (baseline.empty()) {
    row["baseline"] = nullptr;
    row["baseline_value"] = nullptr;
    row["ratio"] = nullptr;
  } else {
    row["baseline"] = baseline;
    row["baseline_value"] = baseline_value;
    row["ratio"] = higher_is_better ? value / baseline_value : baseline_value / value;
    row["ratio_is"] = higher_is_better ? "value/baseline_value" : "baseline_value/value";
  }
  row["target"] = target;
  row["meets"] = meets ? nlohmann::json(*meets) : nlohmann::json(nullptr);
  row["samples"] = samples;
  row["details"] = details;
  return row;
}

void ResultRow::CompareWith(std::string what, double measured, bool higher) {
  baseline = std::move(what);
  baseline_value = measured;
  higher_is_better = higher;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  std::size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

int64_t IntFlag(int argc, char** argv, std::string_view name, int64_t fallback) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (!arg.starts_with("--") || arg.substr(2, name.size()) != name) continue;
    arg.remove_prefix(2 + name.size());
    if (!arg.starts_with('=')) continue;
    arg.remove_prefix(1);
    int64_t value = 0;
    if (std::from_chars(arg.data(), arg.data() + arg.size(), value).ec == std::errc()) return value;
  }
  return fallback;
}

bool BoolFlag(int argc, char** argv, std::string_view name) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--") && arg.substr(2) == name) return true;
  }
  return false;
}

void PrintRows(const std::vector<ResultRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const ResultRow& row : rows) out.push_back(row.ToJson());
  std::printf("%s\n", out.dump(2).c_str());
}

}  // namespace kubefake::bench
