// UTF-8 decoding and encoding as Go's unicode/utf8 does them (DecodeRuneInString,
// AppendRune): invalid, truncated, overlong, surrogate and out-of-range sequences decode as
// U+FFFD with width 1. Kubernetes' messages and decoders follow these rules, so every place
// that walks text byte by byte uses this. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kubefake::api {

inline constexpr char32_t kRuneError = 0xFFFD;

struct DecodedRune {
  char32_t rune = kRuneError;
  size_t width = 1;
  // False when the bytes were not valid UTF-8 (rune is then kRuneError, width 1).
  bool valid = false;
};

// Decodes the rune starting at s[i]; `i` must be less than s.size().
DecodedRune DecodeRune(std::string_view s, size_t i = 0);

// Appends the UTF-8 encoding of `rune` (a valid code point) to `out`.
void AppendRune(std::string& out, char32_t rune);

// `s` with each byte that does not start a valid sequence replaced by U+FFFD, as Go's
// encoding/json reads and writes strings.
std::string ValidUtf8(std::string_view s);

// Whether `s` is valid UTF-8: ValidUtf8 would return it unchanged.
bool IsValidUtf8(std::string_view s);

}  // namespace kubefake::api
