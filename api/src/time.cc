#include "kubefake/api/time.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kubefake/api/error.h"

namespace kubefake::api {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::microseconds;
using std::chrono::seconds;
using std::chrono::sys_days;

constexpr std::string_view kRfc3339Layout = "2006-01-02T15:04:05Z07:00";
constexpr std::string_view kRfc3339MicroLayout = "2006-01-02T15:04:05.000000Z07:00";

// The broken-down result of a successful parse, in UTC.
struct ParsedTime {
  sys_days date;
  int64_t seconds_of_day = 0;  // hour, minute, second minus the zone offset; may be negative
  int64_t nanoseconds = 0;
};

// Go's time.quote: ASCII as is with `"` and `\` escaped, everything else as \x escapes.
std::string GoTimeQuote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || byte < ' ') {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

bool IsDigitAt(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

// Go's time.getnum: one or two digits (exactly two when `fixed`).
bool GetNum(std::string_view& s, bool fixed, int* out) {
  if (!IsDigitAt(s, 0)) return false;
  if (!IsDigitAt(s, 1)) {
    if (fixed) return false;
    *out = s[0] - '0';
    s.remove_prefix(1);
    return true;
  }
  *out = (s[0] - '0') * 10 + (s[1] - '0');
  s.remove_prefix(2);
  return true;
}

// Go's time.atoi: an optional sign and decimal digits, nothing else.
bool Atoi(std::string_view s, int64_t* out) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  int64_t x = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    if (x > (INT64_MAX - 9) / 10) return false;
    x = x * 10 + (c - '0');
  }
  *out = negative ? -x : x;
  return true;
}

// Go's time.parseNanoseconds over value[0:nbytes], which starts with the separator.
// Returns false on a syntax error; sets *range_error for a negative fraction.
bool ParseNanoseconds(std::string_view value, size_t nbytes, int64_t* ns, bool* range_error) {
  if (value[0] != '.' && value[0] != ',') return false;
  if (nbytes > 10) nbytes = 10;
  if (!Atoi(value.substr(1, nbytes - 1), ns)) return false;
  if (*ns < 0) {
    *range_error = true;
    return true;
  }
  for (size_t i = nbytes; i < 10; ++i) *ns *= 10;
  return true;
}

bool IsLeapYear(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysIn(int month, int year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

// Parses `value` with one of the two layouts, following the steps (and the error messages) of
// Go's time.Parse for them. Returns the error message on failure.
std::optional<std::string> ParseGoLayout(std::string_view value, bool micro, ParsedTime* out) {
  const std::string_view layout = micro ? kRfc3339MicroLayout : kRfc3339Layout;
  const std::string value_quoted = GoTimeQuote(value);
  auto cannot_parse = [&](std::string_view value_elem, std::string_view layout_elem) {
    return "parsing time " + value_quoted + " as " + GoTimeQuote(layout) + ": cannot parse " +
           GoTimeQuote(value_elem) + " as " + GoTimeQuote(layout_elem);
  };
  auto out_of_range = [&](std::string_view what) {
    return "parsing time " + value_quoted + ": " + std::string(what) + " out of range";
  };

  enum class Elem { kYear, kMonth, kDay, kHour, kMinute, kSecond, kFraction, kZone };
  struct Chunk {
    std::string_view prefix;
    Elem elem;
    std::string_view text;
  };
  static constexpr Chunk kChunks[] = {
      {"", Elem::kYear, "2006"},        {"-", Elem::kMonth, "01"},   {"-", Elem::kDay, "02"},
      {"T", Elem::kHour, "15"},         {":", Elem::kMinute, "04"},  {":", Elem::kSecond, "05"},
      {"", Elem::kFraction, ".000000"}, {"", Elem::kZone, "Z07:00"},
  };

  int64_t year = 0;
  int month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int64_t nanoseconds = 0;
  int64_t zone_offset = 0;
  std::string_view rest = value;
  for (const Chunk& chunk : kChunks) {
    if (chunk.elem == Elem::kFraction && !micro) continue;
    for (char c : chunk.prefix) {
      if (rest.empty() || rest[0] != c) return cannot_parse(rest, chunk.prefix);
      rest.remove_prefix(1);
    }
    const std::string_view hold = rest;
    bool ok = true;
    const char* range_error = nullptr;
    switch (chunk.elem) {
      case Elem::kYear:
        if (rest.size() < 4 || !IsDigitAt(rest, 0)) {
          ok = false;
          break;
        }
        ok = Atoi(rest.substr(0, 4), &year);
        rest.remove_prefix(4);
        break;
      case Elem::kMonth:
        ok = GetNum(rest, true, &month);
        if (ok && (month <= 0 || month > 12)) range_error = "month";
        break;
      case Elem::kDay:
        ok = GetNum(rest, true, &day);
        break;
      case Elem::kHour:
        ok = GetNum(rest, false, &hour);
        if (hour < 0 || hour >= 24) range_error = "hour";
        break;
      case Elem::kMinute:
        ok = GetNum(rest, true, &minute);
        if (minute < 0 || minute >= 60) range_error = "minute";
        break;
      case Elem::kSecond: {
        ok = GetNum(rest, true, &second);
        if (!ok) break;
        if (second < 0 || second >= 60) {
          range_error = "second";
          break;
        }
        // A fraction the layout does not spell out is accepted too (RFC 3339 only; the micro
        // layout parses it as its own element next).
        if (!micro && rest.size() >= 2 && (rest[0] == '.' || rest[0] == ',') &&
            IsDigitAt(rest, 1)) {
          size_t n = 2;
          while (IsDigitAt(rest, n)) ++n;
          bool negative = false;
          ok = ParseNanoseconds(rest, n, &nanoseconds, &negative);
          if (negative) range_error = "fractional second";
          rest.remove_prefix(n);
        }
        break;
      }
      case Elem::kFraction: {
        constexpr size_t kDigits = 1 + 6;
        if (rest.size() < kDigits) {
          ok = false;
          break;
        }
        bool negative = false;
        ok = ParseNanoseconds(rest, kDigits, &nanoseconds, &negative);
        if (negative) range_error = "fractional second";
        rest.remove_prefix(kDigits);
        break;
      }
      case Elem::kZone: {
        if (!rest.empty() && rest[0] == 'Z') {
          rest.remove_prefix(1);
          zone_offset = 0;
          break;
        }
        if (rest.size() < 6 || rest[3] != ':') {
          ok = false;
          break;
        }
        const char sign = rest[0];
        std::string_view hh = rest.substr(1, 2);
        std::string_view mm = rest.substr(4, 2);
        rest.remove_prefix(6);
        int zone_hour = 0, zone_minute = 0;
        ok = GetNum(hh, true, &zone_hour);
        if (ok) ok = GetNum(mm, true, &zone_minute);
        // Go compares with > here: offsets of 24 hours or 60 minutes are accepted.
        if (zone_hour > 24) range_error = "time zone offset hour";
        if (zone_minute > 60) range_error = "time zone offset minute";
        zone_offset = (zone_hour * 60 + zone_minute) * 60;
        if (sign == '-') {
          zone_offset = -zone_offset;
        } else if (sign != '+') {
          ok = false;
        }
        break;
      }
    }
    if (range_error != nullptr) return out_of_range(range_error);
    if (!ok) return cannot_parse(hold, chunk.text);
  }
  if (!rest.empty()) {
    return "parsing time " + value_quoted + ": extra text: " + GoTimeQuote(rest);
  }
  if (day < 1 || day > DaysIn(month, static_cast<int>(year))) return out_of_range("day");

  out->date = sys_days{std::chrono::year{static_cast<int>(year)} / month / day};
  out->seconds_of_day = hour * 3600 + minute * 60 + second - zone_offset;
  out->nanoseconds = nanoseconds;
  return std::nullopt;
}

// "2006-01-02T15:04:05" for the second containing `t` (Go's formatting of the year: at least
// four digits, a leading '-' before year 0).
// Appends `value` (not negative) in decimal, zero-padded to `width` digits.
void AppendPadded(std::string& out, int64_t value, int width) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  out.append(static_cast<size_t>(std::max(width - n, 0)), '0');
  while (n > 0) out.push_back(digits[--n]);
}

// "2006-01-02T15:04:05" (callers append a fraction and "Z"); digits by hand, not snprintf,
// since protobuf decoding formats every Time it reads.
std::string FormatDateTime(std::chrono::sys_seconds t) {
  const sys_days date = floor<days>(t);
  const std::chrono::year_month_day ymd{date};
  const int64_t seconds_of_day = (t - date).count();
  const int year = static_cast<int>(ymd.year());
  std::string out;
  out.reserve(32);
  if (year < 0) out.push_back('-');
  AppendPadded(out, year < 0 ? -year : year, 4);
  out.push_back('-');
  AppendPadded(out, static_cast<unsigned>(ymd.month()), 2);
  out.push_back('-');
  AppendPadded(out, static_cast<unsigned>(ymd.day()), 2);
  out.push_back('T');
  AppendPadded(out, seconds_of_day / 3600, 2);
  out.push_back(':');
  AppendPadded(out, seconds_of_day / 60 % 60, 2);
  out.push_back(':');
  AppendPadded(out, seconds_of_day % 60, 2);
  return out;
}

[[noreturn]] void ThrowOtherError(const std::string& message) {
  throw nlohmann::json::other_error::create(599, message, nullptr);
}

[[noreturn]] void ThrowNotString(const nlohmann::json& j) {
  throw nlohmann::json::type_error::create(
      302, std::string("type must be string, but is ") + j.type_name(), &j);
}

}  // namespace

Time Time::FromTimePoint(std::chrono::system_clock::time_point t) {
  return Time(floor<seconds>(t));
}

Result<Time> Time::Parse(std::string_view s) {
  ParsedTime parsed;
  if (std::optional<std::string> error = ParseGoLayout(s, /*micro=*/false, &parsed)) {
    return Fail(NewBadRequest(std::move(*error)));
  }
  return Time(std::chrono::sys_seconds{parsed.date} + seconds{parsed.seconds_of_day});
}

std::string Time::String() const { return FormatDateTime(t_) + "Z"; }

MicroTime MicroTime::FromTimePoint(std::chrono::system_clock::time_point t) {
  return MicroTime(floor<microseconds>(t));
}

Result<MicroTime> MicroTime::Parse(std::string_view s) {
  ParsedTime parsed;
  if (std::optional<std::string> error = ParseGoLayout(s, /*micro=*/true, &parsed)) {
    return Fail(NewBadRequest(std::move(*error)));
  }
  return MicroTime(std::chrono::sys_time<microseconds>{parsed.date} +
                   seconds{parsed.seconds_of_day} + microseconds{parsed.nanoseconds / 1000});
}

std::string MicroTime::String() const {
  const std::chrono::sys_seconds whole = floor<seconds>(t_);
  char fraction[16];
  std::snprintf(fraction, sizeof(fraction), ".%06d", static_cast<int>((t_ - whole).count()));
  return FormatDateTime(whole) + fraction + "Z";
}

void to_json(nlohmann::json& j, const Time& value) {
  if (value.IsZero()) {
    j = nullptr;
  } else {
    j = value.String();
  }
}

void from_json(const nlohmann::json& j, Time& value) {
  if (j.is_null()) {
    value = Time();
    return;
  }
  if (!j.is_string()) ThrowNotString(j);
  Result<Time> parsed = Time::Parse(j.get_ref<const std::string&>());
  if (!parsed) ThrowOtherError(parsed.error().message());
  value = *parsed;
}

void to_json(nlohmann::json& j, const MicroTime& value) {
  if (value.IsZero()) {
    j = nullptr;
  } else {
    j = value.String();
  }
}

void from_json(const nlohmann::json& j, MicroTime& value) {
  if (j.is_null()) {
    value = MicroTime();
    return;
  }
  if (!j.is_string()) ThrowNotString(j);
  Result<MicroTime> parsed = MicroTime::Parse(j.get_ref<const std::string&>());
  if (!parsed) ThrowOtherError(parsed.error().message());
  value = *parsed;
}

}  // namespace kubefake::api
