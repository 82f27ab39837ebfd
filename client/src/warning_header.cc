// RFC 7234 warning-value parsing: code SP agent SP quoted-text [SP quoted-date].
#include "warning_header.h"

#include <cctype>

namespace kubefake::client {
namespace {

void SkipSpaces(std::string_view& s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
}

bool ReadQuoted(std::string_view& s, std::string& out) {
  if (s.empty() || s.front() != '"') return false;
  s.remove_prefix(1);
  while (!s.empty()) {
    const char c = s.front();
    s.remove_prefix(1);
    if (c == '"') return true;
    if (c == '\\' && !s.empty()) {
      out += s.front();
      s.remove_prefix(1);
    } else {
      out += c;
    }
  }
  return false;
}

}  // namespace

std::vector<WarningHeader> ParseWarningHeader(std::string_view value) {
  std::vector<WarningHeader> warnings;
  while (true) {
    SkipSpaces(value);
    if (value.empty()) break;
    WarningHeader warning;
    size_t digits = 0;
    while (digits < value.size() && std::isdigit(static_cast<unsigned char>(value[digits])))
      ++digits;
    if (digits != 3 || digits >= value.size() || value[digits] != ' ') break;
    warning.code = std::stoi(std::string(value.substr(0, 3)));
    value.remove_prefix(4);
    const size_t space = value.find(' ');
    if (space == std::string_view::npos) break;
    warning.agent = std::string(value.substr(0, space));
    value.remove_prefix(space + 1);
    if (!ReadQuoted(value, warning.text)) break;
    SkipSpaces(value);
    if (!value.empty() && value.front() == '"') {  // the optional date
      std::string date;
      if (!ReadQuoted(value, date)) break;
      SkipSpaces(value);
    }
    warnings.push_back(std::move(warning));
    if (value.empty() || value.front() != ',') break;
    value.remove_prefix(1);
  }
  return warnings;
}

}  // namespace kubefake::client
