#include "kubefake/api/utf8.h"

#include <cstdint>

namespace kubefake::api {

DecodedRune DecodeRune(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t b0 = byte(i);
  if (b0 < 0x80) return {b0, 1, true};
  // The second byte's range narrows for the forms that would be overlong, surrogates or
  // beyond U+10FFFF; the other continuation bytes are 0x80-0xBF.
  size_t width;
  char32_t rune;
  uint8_t low = 0x80;
  uint8_t high = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    width = 2;
    rune = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    width = 3;
    rune = b0 & 0x0F;
    if (b0 == 0xE0) low = 0xA0;
    if (b0 == 0xED) high = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    width = 4;
    rune = b0 & 0x07;
    if (b0 == 0xF0) low = 0x90;
    if (b0 == 0xF4) high = 0x8F;
  } else {
    return {};
  }
  if (i + width > s.size()) return {};
  for (size_t k = 1; k < width; ++k) {
    const uint8_t b = byte(i + k);
    if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) return {};
    rune = (rune << 6) | (b & 0x3F);
  }
  return {rune, width, true};
}

void AppendRune(std::string& out, char32_t rune) {
  if (rune < 0x80) {
    out += static_cast<char>(rune);
  } else if (rune < 0x800) {
    out += static_cast<char>(0xC0 | (rune >> 6));
    out += static_cast<char>(0x80 | (rune & 0x3F));
  } else if (rune < 0x10000) {
    out += static_cast<char>(0xE0 | (rune >> 12));
    out += static_cast<char>(0x80 | ((rune >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (rune & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (rune >> 18));
    out += static_cast<char>(0x80 | ((rune >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((rune >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (rune & 0x3F));
  }
}

namespace {

bool IsAscii(std::string_view s) {
  unsigned char bits = 0;
  for (const char c : s) bits |= static_cast<unsigned char>(c);
  return bits < 0x80;
}

}  // namespace

std::string ValidUtf8(std::string_view s) {
  if (IsAscii(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const DecodedRune rune = DecodeRune(s, i);
    if (rune.valid) {
      out.append(s.substr(i, rune.width));
    } else {
      AppendRune(out, kRuneError);
    }
    i += rune.width;
  }
  return out;
}

bool IsValidUtf8(std::string_view s) {
  if (IsAscii(s)) return true;
  for (size_t i = 0; i < s.size();) {
    const DecodedRune rune = DecodeRune(s, i);
    if (!rune.valid) return false;
    i += rune.width;
  }
  return true;
}

}  // namespace kubefake::api
