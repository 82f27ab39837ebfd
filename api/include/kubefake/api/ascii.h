// ASCII digits, white space and case folding, as numbers in text are scanned, header values
// trimmed, and HTTP header names and schemes, media types and Kubernetes names and verbs are
// compared and lowered. Unlike std::tolower it does not depend on the C locale; for
// ASCII text it agrees with Go's strings.ToLower and strings.EqualFold. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kubefake::api {

constexpr bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// `s` is one or more decimal digits.
constexpr bool IsAsciiDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsAsciiDigit(c)) return false;
  }
  return true;
}

// Go's unicode.IsSpace over ASCII: space, \t, \n, \v, \f, \r.
constexpr bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// `s` without its leading and trailing ASCII white space (strings.TrimSpace for ASCII text).
constexpr std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

constexpr char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Whether `a` and `b` are equal with ASCII letters folded.
constexpr bool EqualFoldAscii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// `s` with its ASCII letters lowered.
inline std::string AsciiLowered(std::string_view s) {
  std::string lower(s);
  for (char& c : lower) c = AsciiLower(c);
  return lower;
}

}  // namespace kubefake::api
