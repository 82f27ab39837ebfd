// Time and MicroTime: metav1.Time (RFC 3339, UTC, second precision: "2026-07-23T18:32:12Z")
// and metav1.MicroTime ("2026-07-23T18:32:12.000123Z"), parsed and formatted as apimachinery
// does (R2.3). The zero value is Go's zero time, 0001-01-01T00:00:00Z, and serializes as null;
// the Unix epoch is an ordinary time. Value types; thread-compatible.
#pragma once

#include <chrono>
#include <compare>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "kubefake/api/result.h"

namespace kubefake::api {

class Time {
 public:
  // Go's zero time.Time, 0001-01-01T00:00:00Z, in seconds since the Unix epoch.
  static constexpr std::chrono::sys_seconds kZero{std::chrono::seconds{-62135596800}};

  Time() = default;  // the zero time (serialized as null)
  explicit Time(std::chrono::sys_seconds t) : t_(t) {}
  // Truncates to seconds, as metav1.Time's serialization does.
  static Time FromTimePoint(std::chrono::system_clock::time_point t);

  // Parses RFC 3339 as Go's time.Parse(time.RFC3339, s) does: an optional fraction (dropped)
  // and any offset (converted to UTC).
  // Errors: BadRequest with Go's message, e.g. `parsing time "x" as
  // "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`.
  static Result<Time> Parse(std::string_view s);

  bool IsZero() const { return t_ == kZero; }
  std::chrono::sys_seconds time_point() const { return t_; }
  // "2026-07-23T18:32:12Z".
  std::string String() const;

  auto operator<=>(const Time&) const = default;

 private:
  std::chrono::sys_seconds t_ = kZero;
};

class MicroTime {
 public:
  static constexpr std::chrono::sys_time<std::chrono::microseconds> kZero{Time::kZero};

  MicroTime() = default;  // the zero time (serialized as null)
  explicit MicroTime(std::chrono::sys_time<std::chrono::microseconds> t) : t_(t) {}
  static MicroTime FromTimePoint(std::chrono::system_clock::time_point t);

  // Parses "2006-01-02T15:04:05.000000Z07:00" as Go's time.Parse does with that layout:
  // exactly six fraction digits, any offset. apimachinery has no RFC 3339 fallback, so
  // "2026-07-23T18:32:12Z" is rejected, as a real apiserver rejects it.
  // Errors: BadRequest with Go's message, e.g. `parsing time "2026-07-23T18:32:12Z" as
  // "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"`.
  static Result<MicroTime> Parse(std::string_view s);

  bool IsZero() const { return t_ == kZero; }
  std::chrono::sys_time<std::chrono::microseconds> time_point() const { return t_; }
  // "2026-07-23T18:32:12.000123Z".
  std::string String() const;

  auto operator<=>(const MicroTime&) const = default;

 private:
  std::chrono::sys_time<std::chrono::microseconds> t_ = kZero;
};

// JSON: a string, or null for the zero time. from_json throws nlohmann::json::other_error on a
// malformed time (what() ends with Parse's message) and type_error on a non-string.
void to_json(nlohmann::json& j, const Time& value);
void from_json(const nlohmann::json& j, Time& value);
void to_json(nlohmann::json& j, const MicroTime& value);
void from_json(const nlohmann::json& j, MicroTime& value);

}  // namespace kubefake::api
