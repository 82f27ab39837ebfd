// ResultRow: one row of bench-results.json as a load driver reports it (bench/run merges the
// drivers' rows with Google Benchmark's), plus the median and flag helpers the drivers share.
// Value types; thread-compatible.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubefake::bench {

struct ResultRow {
  ResultRow(std::string row_name, std::string row_unit, std::string row_target)
      : name(std::move(row_name)), unit(std::move(row_unit)), target(std::move(row_target)) {}
  // Sets the baseline this row is compared with.
  void CompareWith(std::string what, double measured, bool higher_is_better);

  std::string name;
  double value = 0;
  std::string unit;
  std::string target;    // as the issue states it, e.g. "ratio >= 0.70"
  std::string baseline;  // what the value is compared with; empty: no baseline
  double baseline_value = 0;
  // true: ratio = value / baseline_value (throughput); false: baseline_value / value (time,
  // bytes). Either way a larger ratio is better.
  bool higher_is_better = true;
  std::optional<bool> meets;
  std::vector<double> samples;  // every repetition's value, for the record
  nlohmann::json details = nlohmann::json::object();

  nlohmann::json ToJson() const;
};

// The median of `values` (the mean of the middle two for an even count); 0 when empty.
double Median(std::vector<double> values);

// The value of `--name=<integer>` in argv, or `fallback`.
int64_t IntFlag(int argc, char** argv, std::string_view name, int64_t fallback);
// Whether `--name` is in argv.
bool BoolFlag(int argc, char** argv, std::string_view name);

// Prints the rows as a JSON array on stdout.
void PrintRows(const std::vector<ResultRow>& rows);

}  // namespace kubefake::bench
