// Go's strings.Split (for a one-byte separator) and strings.Join, as request paths, field paths
// and JSON paths are cut into segments and messages joined. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kubefake::api {

// The pieces of `s` between each `separator`, empty ones kept: "a..b" -> {"a", "", "b"},
// "" -> {""}.
inline std::vector<std::string> SplitString(std::string_view s, char separator) {
  std::vector<std::string> pieces;
  while (true) {
    const size_t at = s.find(separator);
    pieces.emplace_back(s.substr(0, at));
    if (at == std::string_view::npos) return pieces;
    s.remove_prefix(at + 1);
  }
}

// `parts` with `separator` between each two: {"a", "", "b"}, "," -> "a,,b".
inline std::string JoinStrings(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) joined += separator;
    joined += parts[i];
  }
  return joined;
}

}  // namespace kubefake::api
