// GoDuration: a port of the algorithm of Go's time.ParseDuration (leading integer, fraction
// scaled down, unit multiplier, overflow checks), with its error messages.
#include "kubefake/api/go_duration.h"

#include <cstdint>
#include <string>
#include <utility>

#include "kubefake/api/ascii.h"
#include "kubefake/api/error.h"

namespace kubefake::api {
namespace {

constexpr uint64_t kMaxNanoseconds = uint64_t{1} << 63;  // |int64 min|

// Nanoseconds per unit, for the units Go accepts.
constexpr std::pair<std::string_view, uint64_t> kUnits[] = {
    {"ns", 1},          {"us", 1'000},        {"\u00b5s", 1'000},  // micro sign
    {"\u03bcs", 1'000},                                            // Greek small letter mu
    {"ms", 1'000'000},  {"s", 1'000'000'000}, {"m", 60'000'000'000}, {"h", 3'600'000'000'000},
};

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

Error Invalid(std::string_view original) {
  return NewBadRequest("time: invalid duration " + Quoted(original));
}

}  // namespace

Result<std::chrono::nanoseconds> ParseGoDuration(std::string_view text) {
  const std::string_view original = text;
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text == "0") return std::chrono::nanoseconds(0);
  if (text.empty()) return Fail(Invalid(original));
  uint64_t total = 0;
  while (!text.empty()) {
    if (text[0] != '.' && !IsAsciiDigit(text[0])) return Fail(Invalid(original));
    // The integer part.
    uint64_t whole = 0;
    size_t digits = 0;
    for (; digits < text.size() && IsAsciiDigit(text[digits]); ++digits) {
      if (whole > (kMaxNanoseconds - 1) / 10) return Fail(Invalid(original));
      whole = whole * 10 + static_cast<uint64_t>(text[digits] - '0');
      if (whole > kMaxNanoseconds) return Fail(Invalid(original));
    }
    const bool had_whole = digits > 0;
    text.remove_prefix(digits);
    // The fraction, digits beyond uint64's precision dropped as Go drops them.
    uint64_t fraction = 0;
    double scale = 1;
    bool had_fraction = false;
    if (!text.empty() && text[0] == '.') {
      text.remove_prefix(1);
      size_t i = 0;
      bool overflow = false;
      for (; i < text.size() && IsAsciiDigit(text[i]); ++i) {
        if (overflow) continue;
        if (fraction > (kMaxNanoseconds - 1) / 10) {
          overflow = true;
          continue;
        }
        fraction = fraction * 10 + static_cast<uint64_t>(text[i] - '0');
        scale *= 10;
      }
      had_fraction = i > 0;
      text.remove_prefix(i);
    }
    if (!had_whole && !had_fraction) return Fail(Invalid(original));
    // The unit.
    size_t unit_length = 0;
    while (unit_length < text.size() && text[unit_length] != '.' &&
           !IsAsciiDigit(text[unit_length])) {
      ++unit_length;
    }
    if (unit_length == 0) {
      return Fail(NewBadRequest("time: missing unit in duration " + Quoted(original)));
    }
    const std::string_view unit_name = text.substr(0, unit_length);
    text.remove_prefix(unit_length);
    uint64_t unit = 0;
    for (const auto& [name, nanoseconds] : kUnits) {
      if (name == unit_name) unit = nanoseconds;
    }
    if (unit == 0) {
      return Fail(NewBadRequest("time: unknown unit " + Quoted(unit_name) + " in duration " +
                                Quoted(original)));
    }
    if (whole > kMaxNanoseconds / unit) return Fail(Invalid(original));
    whole *= unit;
    if (fraction > 0) {
      whole += static_cast<uint64_t>(static_cast<double>(fraction) *
                                     (static_cast<double>(unit) / scale));
      if (whole > kMaxNanoseconds) return Fail(Invalid(original));
    }
    total += whole;
    if (total > kMaxNanoseconds) return Fail(Invalid(original));
  }
  if (negative) return std::chrono::nanoseconds(static_cast<int64_t>(0 - total));
  if (total > kMaxNanoseconds - 1) return Fail(Invalid(original));
  return std::chrono::nanoseconds(static_cast<int64_t>(total));
}

}  // namespace kubefake::api
