#include "kubefake/api/go_quote.h"

#include <cstdint>

#include "kubefake/api/utf8.h"

namespace kubefake::api {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendHexEscape(std::string& out, char prefix, uint32_t value, int digits) {
  out += '\\';
  out += prefix;
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xF];
}

// Go's unicode.IsPrint for the code points that matter in names and values: everything but
// control characters, the C1 range, U+00AD and the non-characters is printable.
bool IsPrintable(uint32_t cp) {
  if (cp < 0x20 || cp == 0x7F) return false;
  if (cp >= 0x80 && cp < 0xA0) return false;
  if (cp == 0xAD || cp == 0xFFFE || cp == 0xFFFF) return false;
  if (cp >= 0x2028 && cp <= 0x2029) return false;
  return true;
}

}  // namespace

std::string GoQuote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (size_t i = 0; i < s.size();) {
    const auto [cp, length, valid] = DecodeRune(s, i);
    if (!valid) {
      AppendHexEscape(out, 'x', static_cast<uint8_t>(s[i]), 2);
      ++i;
      continue;
    }
    switch (cp) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\v': out += "\\v"; break;
      default:
        if (IsPrintable(cp)) {
          out.append(s.substr(i, length));
        } else if (cp < 0x80) {
          AppendHexEscape(out, 'x', cp, 2);
        } else if (cp < 0x10000) {
          AppendHexEscape(out, 'u', cp, 4);
        } else {
          AppendHexEscape(out, 'U', cp, 8);
        }
    }
    i += length;
  }
  out += '"';
  return out;
}

}  // namespace kubefake::api
