// CompactJsonWriter: objects, arrays, ASCII strings, integers, booleans and null written
// directly; the rest by nlohmann.
#include "compact_json_writer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace kubefake::fakeserver {

namespace {

// The bytes nlohmann copies as they are: printable ASCII but quote and backslash (it escapes
// controls, quote and backslash, and validates UTF-8 from 0x80 on; 0x7f is left to it too).
constexpr std::array<bool, 256> kCopiedAsIs = [] {
  std::array<bool, 256> table{};
  for (int c = 0x20; c < 0x7f; ++c) table[static_cast<size_t>(c)] = c != '"' && c != '\\';
  return table;
}();

constexpr uint64_t kOnes = 0x0101010101010101;
constexpr uint64_t kHighBits = 0x8080808080808080;

// Nonzero when a byte of `word` is below `n` (n <= 0x80); HasZero: when one is zero.
constexpr uint64_t HasLess(uint64_t word, uint64_t n) {
  return (word - kOnes * n) & ~word & kHighBits;
}
constexpr uint64_t HasZero(uint64_t word) { return HasLess(word, 1); }

// Eight bytes at a time, then the rest one by one.
bool NeedsNoEscaping(std::string_view text) {
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    if (HasLess(word, 0x20) | HasZero(word ^ (kOnes * '"')) | HasZero(word ^ (kOnes * '\\')) |
        HasZero(word ^ (kOnes * 0x7f)) | (word & kHighBits)) {
      return false;
    }
  }
  for (; i < text.size(); ++i) {
    if (!kCopiedAsIs[static_cast<unsigned char>(text[i])]) return false;
  }
  return true;
}

// An integer in decimal, as nlohmann writes it.
template <typename Integer>
void AppendInteger(std::string& out, Integer value) {
  std::array<char, 24> digits;
  const std::to_chars_result end =
      std::to_chars(digits.data(), digits.data() + digits.size(), value);
  out.append(digits.data(), end.ptr);
}

}  // namespace

bool CompactJsonWriter::AsciiString(std::string_view text) {
  if (NeedsNoEscaping(text)) {
    const size_t at = out_.size();
    const size_t end = at + text.size() + 2;
    // The lambda's size argument is not used: GCC 12's libstdc++ passes the grown capacity.
    out_.resize_and_overwrite(end, [&](char* data, size_t) {
      data[at] = '"';
      std::memcpy(data + at + 1, text.data(), text.size());
      data[end - 1] = '"';
      return end;
    });
    return true;
  }
  if (std::any_of(text.begin(), text.end(), [](char c) { return (c & 0x80) != 0; })) return false;
  // nlohmann's escapes for ASCII: the short forms, \u00xx (lower-case hex) for other controls.
  constexpr std::string_view kHex = "0123456789abcdef";
  out_ += '"';
  for (const char c : text) {
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\f':
        out_ += "\\f";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      default:
        if (c < 0x20) {
          out_ += "\\u00";
          out_ += kHex[static_cast<size_t>(c) >> 4];
          out_ += kHex[static_cast<size_t>(c) & 0xf];
        } else {
          out_ += c;
        }
    }
  }
  out_ += '"';
  return true;
}

void CompactJsonWriter::Serialized(const nlohmann::json& value) {
  if (!serializer_) {
    serializer_.emplace(nlohmann::detail::output_adapter<char>(out_), ' ',
                        nlohmann::json::error_handler_t::replace);
  }
  serializer_->dump(value, false, false, 0);
}

void CompactJsonWriter::Key(std::string_view key) {
  if (!AsciiString(key)) Serialized(nlohmann::json(key));
  out_ += ':';
}

void CompactJsonWriter::Value(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      out_ += '{';
      bool first = true;
      for (const auto& [key, member] : value.get_ref<const nlohmann::json::object_t&>()) {
        if (!first) out_ += ',';
        first = false;
        Key(key);
        Value(member);
      }
      out_ += '}';
      return;
    }
    case nlohmann::json::value_t::array: {
      out_ += '[';
      bool first = true;
      for (const nlohmann::json& element : value.get_ref<const nlohmann::json::array_t&>()) {
        if (!first) out_ += ',';
        first = false;
        Value(element);
      }
      out_ += ']';
      return;
    }
    case nlohmann::json::value_t::string:
      if (AsciiString(value.get_ref<const std::string&>())) return;
      break;
    case nlohmann::json::value_t::number_integer:
      AppendInteger(out_, value.get<nlohmann::json::number_integer_t>());
      return;
    case nlohmann::json::value_t::number_unsigned:
      AppendInteger(out_, value.get<nlohmann::json::number_unsigned_t>());
      return;
    case nlohmann::json::value_t::boolean:
      out_ += value.get<bool>() ? "true" : "false";
      return;
    case nlohmann::json::value_t::null:
      out_ += "null";
      return;
    default:
      break;
  }
  Serialized(value);
}

}  // namespace kubefake::fakeserver
