// Percent-encoding with Go's rules for which bytes stay literal.
#include "url_encoding.h"

#include <cctype>

namespace kubefake::client {
namespace {

bool Unreserved(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
         c == '~';
}

void AppendEscaped(std::string& out, char c) {
  constexpr char kHex[] = "0123456789ABCDEF";
  const auto byte = static_cast<unsigned char>(c);
  out += '%';
  out += kHex[byte >> 4];
  out += kHex[byte & 0xF];
}

std::string QueryEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (Unreserved(c)) {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      AppendEscaped(out, c);
    }
  }
  return out;
}

}  // namespace

std::string EscapePath(std::string_view path) {
  static constexpr std::string_view kPathLiteral = "/:@!$&'()*+,;=";
  std::string out;
  for (char c : path) {
    if (Unreserved(c) || kPathLiteral.find(c) != std::string_view::npos) {
      out += c;
    } else {
      AppendEscaped(out, c);
    }
  }
  return out;
}

std::string EncodeQuery(const std::multimap<std::string, std::string>& query) {
  std::string out;
  for (const auto& [key, value] : query) {
    if (!out.empty()) out += '&';
    out += QueryEscape(key) + "=" + QueryEscape(value);
  }
  return out;
}

}  // namespace kubefake::client
