#include "human_duration.h"

#include <cstdint>

namespace kubefake::fakeserver {

std::string HumanDuration(std::chrono::nanoseconds d) {
  using std::chrono::duration_cast;
  const int64_t seconds = duration_cast<std::chrono::seconds>(d).count();  // truncated, as Go
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return std::to_string(seconds) + "s";
  const int64_t minutes = seconds / 60;
  if (minutes < 10) {
    const int64_t s = seconds % 60;
    return std::to_string(minutes) + "m" + (s == 0 ? "" : std::to_string(s) + "s");
  }
  if (minutes < 60 * 3) return std::to_string(minutes) + "m";
  const int64_t hours = minutes / 60;
  if (hours < 8) {
    const int64_t m = minutes % 60;
    return std::to_string(hours) + "h" + (m == 0 ? "" : std::to_string(m) + "m");
  }
  if (hours < 48) return std::to_string(hours) + "h";
  const int64_t days = hours / 24;
  if (hours < 24 * 8) {
    const int64_t h = hours % 24;
    return std::to_string(days) + "d" + (h == 0 ? "" : std::to_string(h) + "h");
  }
  if (hours < 24 * 365 * 2) return std::to_string(days) + "d";
  const int64_t years = days / 365;
  if (hours < 24 * 365 * 8) {
    const int64_t dy = days % 365;
    return std::to_string(years) + "y" + (dy == 0 ? "" : std::to_string(dy) + "d");
  }
  return std::to_string(years) + "y";
}

}  // namespace kubefake::fakeserver
