// ParseStrictJson: a recursive-descent parser over the text, bounded in depth (see the header).
#include "strict_json_parser.h"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <system_error>

#include "kubefake/api/ascii.h"
#include "kubefake/api/utf8.h"

namespace kubefake::api {
namespace {

// Deeper documents go to DecodeJson's exact path, whose parser does not recurse.
constexpr int kMaxNesting = 512;

// A byte that stands for itself inside a string: not a quote, backslash, control or non-ASCII.
bool IsPlainAscii(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class StrictParser {
 public:
  explicit StrictParser(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  std::optional<nlohmann::json> Document() {
    nlohmann::json value;
    SkipSpace();
    if (!Value(value, 0)) return std::nullopt;
    SkipSpace();
    if (p_ != end_) return std::nullopt;
    return value;
  }

 private:
  void SkipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  // Consumes `c` (after whitespace) if it is next.
  bool Take(char c) {
    SkipSpace();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }

  bool Value(nlohmann::json& out, int depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{':
        return Object(out, depth + 1);
      case '[':
        return Array(out, depth + 1);
      case '"': {
        std::string text;
        if (!String(text)) return false;
        out = std::move(text);
        return true;
      }
      case 't':
        return Literal("true", out, true);
      case 'f':
        return Literal("false", out, false);
      case 'n':
        return Literal("null", out, nullptr);
      default:
        return Number(out);
    }
  }

  bool Literal(std::string_view word, nlohmann::json& out, nlohmann::json value) {
    if (static_cast<size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    p_ += word.size();
    out = std::move(value);
    return true;
  }

  // The members of an object or the elements of an array, from its opening bracket to `close`:
  // `read_one` reads each (after whitespace), commas between them.
  template <typename ReadOne>
  bool Items(char close, int depth, ReadOne read_one) {
    if (depth > kMaxNesting) return false;
    ++p_;
    if (Take(close)) return true;
    do {
      SkipSpace();
      if (!read_one()) return false;
    } while (Take(','));
    return Take(close);
  }

  bool Object(nlohmann::json& out, int depth) {
    out = nlohmann::json::object();
    auto& members = out.get_ref<nlohmann::json::object_t&>();
    return Items('}', depth, [&] {
      if (p_ == end_ || *p_ != '"') return false;
      std::string key;
      if (!String(key) || !Take(':')) return false;
      SkipSpace();
      return Value(Member(members, std::move(key)), depth);
    });
  }

  // The slot of member `key`, emptied: the last of repeated keys wins, as in nlohmann's parser.
  // A key sorting after the last one (nlohmann writes keys sorted: every answer of the fake)
  // goes at the end without a search; others (Go writes struct fields in declaration order)
  // take one.
  static nlohmann::json& Member(nlohmann::json::object_t& members, std::string key) {
    if (members.empty() || members.rbegin()->first < key) {
      return members.emplace_hint(members.end(), std::move(key), nullptr)->second;
    }
    const auto it = members.lower_bound(key);
    if (it != members.end() && it->first == key) {
      it->second = nullptr;
      return it->second;
    }
    return members.emplace_hint(it, std::move(key), nullptr)->second;
  }

  bool Array(nlohmann::json& out, int depth) {
    out = nlohmann::json::array();
    auto& elements = out.get_ref<nlohmann::json::array_t&>();
    return Items(']', depth, [&] {
      elements.emplace_back();
      return Value(elements.back(), depth);
    });
  }

  // A string from its opening quote: plain runs are appended whole, escapes decoded, other
  // bytes checked as UTF-8.
  bool String(std::string& out) {
    ++p_;
    while (p_ != end_) {
      const char* run = p_;
      while (p_ != end_ && IsPlainAscii(static_cast<unsigned char>(*p_))) ++p_;
      out.append(run, p_);
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c == '\\') {
        if (!Escape(out)) return false;
      } else if (c < 0x20) {
        return false;
      } else {
        const DecodedRune rune = DecodeRune(std::string_view(p_, static_cast<size_t>(end_ - p_)));
        if (!rune.valid) return false;
        out.append(p_, rune.width);
        p_ += rune.width;
      }
    }
    return false;
  }

  bool Escape(std::string& out) {
    if (end_ - p_ < 2) return false;
    const char kind = p_[1];
    p_ += 2;
    switch (kind) {
      case '"':
      case '\\':
      case '/':
        out += kind;
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'n':
        out += '\n';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'u':
        break;
      default:
        return false;
    }
    const int unit = Hex4();
    if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF)) return false;
    auto rune = static_cast<char32_t>(unit);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      const int low = Hex4();
      if (low < 0xDC00 || low > 0xDFFF) return false;
      rune = 0x10000 + ((static_cast<char32_t>(unit) - 0xD800) << 10) +
             (static_cast<char32_t>(low) - 0xDC00);
    }
    AppendRune(out, rune);
    return true;
  }

  // Four hex digits as a number, or -1.
  int Hex4() {
    if (end_ - p_ < 4) return -1;
    int value = 0;
    for (int i = 0; i < 4; ++i) {
      const int digit = HexDigit(p_[i]);
      if (digit < 0) return -1;
      value = value * 16 + digit;
    }
    p_ += 4;
    return value;
  }

  // RFC 8259's number grammar; typed as nlohmann's lexer types it: an integer that fits is
  // unsigned (or signed when negative), anything else a double (out of range: nullopt).
  bool Number(nlohmann::json& out) {
    const char* start = p_;
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_ || !IsAsciiDigit(*p_)) return false;
    if (*p_++ != '0') {
      while (p_ != end_ && IsAsciiDigit(*p_)) ++p_;
    }
    bool integer = true;
    if (p_ != end_ && *p_ == '.') {
      integer = false;
      if (++p_ == end_ || !IsAsciiDigit(*p_)) return false;
      while (p_ != end_ && IsAsciiDigit(*p_)) ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integer = false;
      if (++p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !IsAsciiDigit(*p_)) return false;
      while (p_ != end_ && IsAsciiDigit(*p_)) ++p_;
    }
    if (integer && negative) {
      std::int64_t value = 0;
      if (std::from_chars(start, p_, value).ec == std::errc()) {
        out = value;
        return true;
      }
    } else if (integer) {
      std::uint64_t value = 0;
      if (std::from_chars(start, p_, value).ec == std::errc()) {
        out = value;
        return true;
      }
    }
    double value = 0;
    const auto [end, error] = std::from_chars(start, p_, value);
    if (error != std::errc() || end != p_) return false;
    out = value;
    return true;
  }

  const char* p_;
  const char* const end_;
};

}  // namespace

std::optional<nlohmann::json> ParseStrictJson(std::string_view text) {
  return StrictParser(text).Document();
}

}  // namespace kubefake::api
