// Decoding of HTTP request targets as Go's net/url does (see request_target.h).
#include "request_target.h"

#include <optional>

namespace kubefake::fakeserver {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Go's url.unescape: nullopt on a '%' not followed by two hex digits; `plus_is_space` for
// query components.
std::optional<std::string> Unescape(std::string_view text, bool plus_is_space,
                                    std::string* bad_escape = nullptr) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      const int high = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        if (bad_escape != nullptr) *bad_escape = std::string(text.substr(i, 3));
        return std::nullopt;
      }
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool Unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

std::string Escape(std::string_view text, bool space_as_plus) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (Unreserved(byte)) {
      out.push_back(c);
    } else if (c == ' ' && space_as_plus) {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xF]);
    }
  }
  return out;
}

// url.ParseQuery, keeping the pairs it accepts (URL.Query() ignores its error).
std::multimap<std::string, std::string> ParseQuery(std::string_view raw) {
  std::multimap<std::string, std::string> query;
  while (!raw.empty()) {
    const size_t amp = raw.find('&');
    std::string_view pair = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (pair.empty() || pair.find(';') != std::string_view::npos) continue;
    const size_t eq = pair.find('=');
    std::optional<std::string> key = Unescape(pair.substr(0, eq), true);
    std::optional<std::string> value =
        eq == std::string_view::npos ? std::string() : Unescape(pair.substr(eq + 1), true);
    if (key && value) query.emplace(std::move(*key), std::move(*value));
  }
  return query;
}

}  // namespace

Result<RequestTarget> ParseRequestTarget(std::string_view target) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (target.starts_with(scheme)) {
      const size_t slash = target.find('/', scheme.size());
      target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    }
  }
  if (!target.starts_with('/')) {
    return Fail(
        api::NewBadRequest("parse \"" + std::string(target) + "\": invalid URI for request"));
  }
  const size_t question = target.find('?');
  std::string bad_escape;
  std::optional<std::string> path = Unescape(target.substr(0, question), false, &bad_escape);
  if (!path) {
    return Fail(api::NewBadRequest("parse \"" + std::string(target) + "\": invalid URL escape \"" +
                                   bad_escape + "\""));
  }
  RequestTarget result;
  result.path = std::move(*path);
  if (question != std::string_view::npos) result.query = ParseQuery(target.substr(question + 1));
  return result;
}

std::string EscapePathSegment(std::string_view segment) { return Escape(segment, false); }

std::string QueryEscape(std::string_view text) { return Escape(text, true); }

}  // namespace kubefake::fakeserver
