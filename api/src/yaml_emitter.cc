#include "yaml_emitter.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "go_strconv.h"
#include "kubefake/api/base64.h"
#include "yaml_decoder.h"

namespace kubefake::api::yaml {
namespace {

// go-yaml's character classes over UTF-8 bytes.
size_t Width(unsigned char b) {
  if ((b & 0x80) == 0x00) return 1;
  if ((b & 0xE0) == 0xC0) return 2;
  if ((b & 0xF0) == 0xE0) return 3;
  if ((b & 0xF8) == 0xF0) return 4;
  return 1;
}

unsigned char At(std::string_view s, size_t i) {
  return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
}

bool IsSpace(std::string_view s, size_t i) { return At(s, i) == ' '; }
bool IsBlank(std::string_view s, size_t i) { return At(s, i) == ' ' || At(s, i) == '\t'; }

bool IsBreak(std::string_view s, size_t i) {
  const unsigned char b = At(s, i);
  return b == '\r' || b == '\n' || (b == 0xC2 && At(s, i + 1) == 0x85) ||
         (b == 0xE2 && At(s, i + 1) == 0x80 && (At(s, i + 2) == 0xA8 || At(s, i + 2) == 0xA9));
}

bool IsBlankz(std::string_view s, size_t i) {
  return IsBlank(s, i) || IsBreak(s, i) || i >= s.size() || At(s, i) == 0;
}

bool IsBom(std::string_view s, size_t i) {
  return At(s, i) == 0xEF && At(s, i + 1) == 0xBB && At(s, i + 2) == 0xBF;
}

// go-yaml's is_printable: note that tab and 4-byte sequences are not "printable".
bool IsPrintable(std::string_view s, size_t i) {
  const unsigned char b = At(s, i);
  const unsigned char b1 = At(s, i + 1);
  const unsigned char b2 = At(s, i + 2);
  return b == 0x0A || (b >= 0x20 && b <= 0x7E) || (b == 0xC2 && b1 >= 0xA0) ||
         (b > 0xC2 && b < 0xED) || (b == 0xED && b1 < 0xA0) || b == 0xEE ||
         (b == 0xEF && !(b1 == 0xBB && b2 == 0xBF) && !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)));
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    size_t width;
    uint32_t cp;
    if (b0 < 0x80) {
      ++i;
      continue;
    } else if ((b0 & 0xE0) == 0xC0) {
      width = 2;
      cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
      width = 3;
      cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
      width = 4;
      cp = b0 & 0x07;
    } else {
      return false;
    }
    if (i + width > s.size()) return false;
    for (size_t k = 1; k < width; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if ((width == 2 && cp < 0x80) || (width == 3 && cp < 0x800) ||
        (width == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += width;
  }
  return true;
}

// go-yaml's encodeBase64: 70-character lines, each followed by a line break when there is
// more than one.
std::string EncodeBase64(std::string_view s) {
  const std::string encoded = Base64Encode(s);
  constexpr size_t kLineLength = 70;
  const size_t lines = encoded.size() / kLineLength + 1;
  if (lines <= 1) return encoded;
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += kLineLength) {
    out += encoded.substr(i, kLineLength);
    out += '\n';
  }
  return out;
}

// go-yaml's isBase60Float: ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
bool IsBase60Float(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  ++i;
  while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_')) ++i;
  int groups = 0;
  while (i < s.size() && s[i] == ':') {
    ++i;
    if (i + 1 < s.size() && s[i] >= '0' && s[i] <= '5' && s[i + 1] >= '0' && s[i + 1] <= '9') {
      i += 2;
    } else if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      ++i;
    } else {
      return false;
    }
    ++groups;
  }
  if (groups == 0) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_')) ++i;
  }
  return i == s.size();
}

// unicode.IsLetter and unicode.IsDigit, exact for ASCII; other code points are letters when
// they fall in the alphabetic blocks of common scripts.
bool IsLetterRune(uint32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  if (r == 0xAA || r == 0xB5 || r == 0xBA) return true;
  if (r >= 0xC0 && r <= 0x24F) return r != 0xD7 && r != 0xF7;
  return (r >= 0x370 && r <= 0x3FF && r != 0x37E && r != 0x387) || (r >= 0x400 && r <= 0x52F) ||
         (r >= 0x5D0 && r <= 0x5EA) || (r >= 0x620 && r <= 0x64A) || (r >= 0x904 && r <= 0x939) ||
         (r >= 0x3041 && r <= 0x30FF) || (r >= 0x4E00 && r <= 0x9FFF) ||
         (r >= 0xAC00 && r <= 0xD7A3);
}

bool IsDigitRune(uint32_t r) { return r >= '0' && r <= '9'; }

std::vector<uint32_t> Runes(std::string_view s) {
  std::vector<uint32_t> runes;
  for (size_t i = 0; i < s.size();) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    const size_t width = std::min(Width(b0), s.size() - i);
    uint32_t r = width == 1   ? b0
                 : width == 2 ? (b0 & 0x1F)
                 : width == 3 ? (b0 & 0x0F)
                              : (b0 & 0x07);
    for (size_t k = 1; k < width; ++k) r = (r << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    runes.push_back(r);
    i += width;
  }
  return runes;
}

// go-yaml v2's keyList.Less for two string keys: letters by code point, other characters
// before letters, runs of digits by their numeric value.
bool KeyLess(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] == b[i]) continue;
    const bool al = IsLetterRune(a[i]);
    const bool bl = IsLetterRune(b[i]);
    if (al && bl) return a[i] < b[i];
    if (al || bl) return bl;
    int64_t an = 0, bn = 0;
    if (a[i] == '0' || b[i] == '0') {
      for (size_t j = i; j-- > 0 && IsDigitRune(a[j]);) {
        if (a[j] != '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    size_t ai = i, bi = i;
    for (; ai < a.size() && IsDigitRune(a[ai]); ++ai) an = an * 10 + (a[ai] - '0');
    for (; bi < b.size() && IsDigitRune(b[bi]); ++bi) bn = bn * 10 + (b[bi] - '0');
    if (an != bn) return an < bn;
    if (ai != bi) return ai < bi;
    return a[i] < b[i];
  }
  return a.size() < b.size();
}

// Sorts with a comparator that need not be a strict weak order (Go's sort tolerates that;
// std::sort does not): a plain merge sort.
template <typename T, typename Less>
void MergeSort(std::vector<T>& items, Less less) {
  if (items.size() < 2) return;
  std::vector<T> buffer(items.size());
  for (size_t width = 1; width < items.size(); width *= 2) {
    for (size_t lo = 0; lo < items.size(); lo += 2 * width) {
      const size_t mid = std::min(lo + width, items.size());
      const size_t hi = std::min(lo + 2 * width, items.size());
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) buffer[k++] = less(items[j], items[i]) ? items[j++] : items[i++];
      while (i < mid) buffer[k++] = items[i++];
      while (j < hi) buffer[k++] = items[j++];
    }
    items.swap(buffer);
  }
}

class Emitter {
 public:
  std::string Emit(const nlohmann::json& document) {
    EmitNode(document, /*mapping=*/false, /*simple_key=*/false);
    WriteIndent();  // the implicit document end
    return std::move(out_);
  }

 private:
  enum class Style { kPlain, kSingleQuoted, kDoubleQuoted, kLiteral };

  struct ScalarEvent {
    std::string value;
    std::string tag;  // "" or "!!binary"
    Style requested = Style::kPlain;
  };

  struct Analysis {
    bool multiline = false;
    bool block_plain_allowed = false;
    bool single_quoted_allowed = false;
    bool block_allowed = false;
  };

  // go-yaml's encoder for the value JSONToYAML decoded from `v`.
  static ScalarEvent ScalarFor(const nlohmann::json& v) {
    ScalarEvent event;
    switch (v.type()) {
      case nlohmann::json::value_t::null:
        event.value = "null";
        break;
      case nlohmann::json::value_t::boolean:
        event.value = v.get<bool>() ? "true" : "false";
        break;
      case nlohmann::json::value_t::number_integer:
        event.value = std::to_string(v.get<int64_t>());
        break;
      case nlohmann::json::value_t::number_unsigned:
        event.value = std::to_string(v.get<uint64_t>());
        break;
      case nlohmann::json::value_t::number_float: {
        // JSONToYAML reads encoding/json's text of the float: integral values below 1e21
        // come back as integers when they fit 64 bits.
        const double f = v.get<double>();
        if (!std::isfinite(f)) {
          event.value = "null";
        } else if (f == std::trunc(f) && std::fabs(f) < 1e21 && f >= -9223372036854775808.0 &&
                   f < 9223372036854775808.0) {
          event.value = std::to_string(static_cast<int64_t>(f));
        } else if (f == std::trunc(f) && f >= 0 && f < 18446744073709551616.0) {
          event.value = std::to_string(static_cast<uint64_t>(f));
        } else {
          event.value = go::FormatFloatG(f, 64);
        }
        break;
      }
      case nlohmann::json::value_t::string:
        return StringEvent(v.get_ref<const std::string&>());
      case nlohmann::json::value_t::binary: {
        const auto& bytes = v.get_binary();
        return StringEvent(std::string(bytes.begin(), bytes.end()));
      }
      default:
        event.value = "null";
    }
    return event;
  }

  // go-yaml's stringv.
  static ScalarEvent StringEvent(const std::string& s) {
    ScalarEvent event;
    bool can_use_plain = true;
    if (!IsValidUtf8(s)) {
      event.tag = "!!binary";
      event.value = EncodeBase64(s);
    } else {
      event.value = s;
      can_use_plain = ResolvesAsString(s) && !IsBase60Float(s);
    }
    if (event.value.find('\n') != std::string::npos) {
      event.requested = Style::kLiteral;
    } else if (can_use_plain) {
      event.requested = Style::kPlain;
    } else {
      event.requested = Style::kDoubleQuoted;
    }
    return event;
  }

  // go-yaml's yaml_emitter_analyze_scalar.
  static Analysis Analyze(std::string_view value) {
    Analysis a;
    if (value.empty()) {
      a.block_plain_allowed = true;
      a.single_quoted_allowed = true;
      return a;
    }
    // Only block context matters here (see EmitScalar), so only block indicators are tracked.
    bool block_indicators = false, line_breaks = false;
    bool special_characters = false;
    bool leading_space = false, leading_break = false, trailing_space = false;
    bool trailing_break = false, break_space = false, space_break = false;
    bool previous_space = false, previous_break = false;
    if (value.starts_with("---") || value.starts_with("...")) block_indicators = true;
    bool preceded_by_whitespace = true;
    for (size_t i = 0, w = 0; i < value.size(); i += w) {
      w = Width(static_cast<unsigned char>(value[i]));
      const bool followed_by_whitespace = i + w >= value.size() || IsBlank(value, i + w);
      const char c = value[i];
      if (i == 0) {
        switch (c) {
          case '#':
          case ',':
          case '[':
          case ']':
          case '{':
          case '}':
          case '&':
          case '*':
          case '!':
          case '|':
          case '>':
          case '\'':
          case '"':
          case '%':
          case '@':
          case '`':
            block_indicators = true;
            break;
          case '?':
          case ':':
          case '-':
            if (followed_by_whitespace) block_indicators = true;
            break;
          default:
            break;
        }
      } else if ((c == ':' && followed_by_whitespace) || (c == '#' && preceded_by_whitespace)) {
        block_indicators = true;
      }
      if (!IsPrintable(value, i)) special_characters = true;
      if (IsSpace(value, i)) {
        if (i == 0) leading_space = true;
        if (i + w == value.size()) trailing_space = true;
        if (previous_break) break_space = true;
        previous_space = true;
        previous_break = false;
      } else if (IsBreak(value, i)) {
        line_breaks = true;
        if (i == 0) leading_break = true;
        if (i + w == value.size()) trailing_break = true;
        if (previous_space) space_break = true;
        previous_space = false;
        previous_break = true;
      } else {
        previous_space = false;
        previous_break = false;
      }
      preceded_by_whitespace = IsBlankz(value, i);
    }
    a.multiline = line_breaks;
    a.block_plain_allowed = true;
    a.single_quoted_allowed = true;
    a.block_allowed = true;
    if (leading_space || leading_break || trailing_space || trailing_break) {
      a.block_plain_allowed = false;
    }
    if (trailing_space) a.block_allowed = false;
    if (break_space) {
      a.block_plain_allowed = false;
      a.single_quoted_allowed = false;
    }
    if (space_break || special_characters) {
      a.block_plain_allowed = false;
      a.single_quoted_allowed = false;
      a.block_allowed = false;
    }
    if (line_breaks) {
      a.block_plain_allowed = false;
    }
    if (block_indicators) a.block_plain_allowed = false;
    return a;
  }

  // `mapping`: the node is a mapping value; `simple_key`: it is a key written inline.
  void EmitNode(const nlohmann::json& v, bool mapping, bool simple_key) {
    mapping_context_ = mapping;
    simple_key_context_ = simple_key;
    if (v.is_object()) {
      if (v.empty()) {
        EmitEmptyFlow("{", "}");
      } else {
        EmitBlockMapping(v);
      }
    } else if (v.is_array()) {
      if (v.empty()) {
        EmitEmptyFlow("[", "]");
      } else {
        EmitBlockSequence(v);
      }
    } else {
      ScalarEvent event = ScalarFor(v);
      EmitScalar(event, Analyze(event.value));
    }
  }

  // go-yaml writes empty collections in flow style: "{}" and "[]".
  void EmitEmptyFlow(std::string_view open, std::string_view close) {
    WriteIndicator(open, true, true, false);
    WriteIndicator(close, false, false, false);
  }

  void EmitBlockSequence(const nlohmann::json& items) {
    IncreaseIndent(false, mapping_context_ && !indention_);
    for (const nlohmann::json& item : items) {
      WriteIndent();
      WriteIndicator("-", true, false, true);
      EmitNode(item, /*mapping=*/false, /*simple_key=*/false);
    }
    PopIndent();
  }

  void EmitBlockMapping(const nlohmann::json& object) {
    struct Key {
      const std::string* text;
      std::vector<uint32_t> runes;
    };
    std::vector<Key> keys;
    keys.reserve(object.size());
    for (auto it = object.begin(); it != object.end(); ++it) {
      keys.push_back({&it.key(), Runes(it.key())});
    }
    MergeSort(keys, [](const Key& a, const Key& b) { return KeyLess(a.runes, b.runes); });

    IncreaseIndent(false, false);
    for (const Key& key : keys) {
      WriteIndent();
      ScalarEvent event = StringEvent(*key.text);
      const Analysis analysis = Analyze(event.value);
      const bool simple = !analysis.multiline && event.value.size() + event.tag.size() <= 128;
      const nlohmann::json& value = object.at(*key.text);
      if (simple) {
        mapping_context_ = true;
        simple_key_context_ = true;
        EmitScalar(event, analysis);
        WriteIndicator(":", false, false, false);
      } else {
        // An explicit key: "? key" on its own line, then ": value".
        WriteIndicator("?", true, false, true);
        mapping_context_ = true;
        simple_key_context_ = false;
        EmitScalar(event, analysis);
        WriteIndent();
        WriteIndicator(":", true, false, true);
      }
      EmitNode(value, /*mapping=*/true, /*simple_key=*/false);
    }
    PopIndent();
  }

  void EmitScalar(const ScalarEvent& event, const Analysis& analysis) {
    Style style = event.requested;
    if (simple_key_context_ && analysis.multiline) style = Style::kDoubleQuoted;
    if (style == Style::kPlain) {
      // Scalars are never inside flow collections here (only empty ones are written so).
      if (!analysis.block_plain_allowed) {
        style = Style::kSingleQuoted;
      }
      if (event.value.empty() && simple_key_context_) {
        style = Style::kSingleQuoted;
      }
    }
    if (style == Style::kSingleQuoted && !analysis.single_quoted_allowed) {
      style = Style::kDoubleQuoted;
    }
    if (style == Style::kLiteral && (!analysis.block_allowed || simple_key_context_)) {
      style = Style::kDoubleQuoted;
    }
    if (!event.tag.empty()) {
      if (!whitespace_) Put(' ');
      WriteRaw(event.tag);
      whitespace_ = false;
      indention_ = false;
    }
    IncreaseIndent(true, false);
    const bool allow_breaks = !simple_key_context_;
    switch (style) {
      case Style::kPlain:
        WritePlain(event.value, allow_breaks);
        break;
      case Style::kSingleQuoted:
        WriteSingleQuoted(event.value, allow_breaks);
        break;
      case Style::kDoubleQuoted:
        WriteDoubleQuoted(event.value, allow_breaks);
        break;
      case Style::kLiteral:
        WriteLiteral(event.value);
        break;
    }
    PopIndent();
  }

  // --- go-yaml's writing primitives ---------------------------------------------------------

  void IncreaseIndent(bool flow, bool indentless) {
    indents_.push_back(indent_);
    if (indent_ < 0) {
      indent_ = flow ? kBestIndent : 0;
    } else if (!indentless) {
      indent_ += kBestIndent;
    }
  }

  void PopIndent() {
    indent_ = indents_.back();
    indents_.pop_back();
  }

  void Put(char c) {
    out_ += c;
    ++column_;
  }

  void PutBreak() {
    out_ += '\n';
    column_ = 0;
  }

  // Copies one character (a whole UTF-8 sequence) at value[*i].
  void Write(std::string_view value, size_t* i) {
    const size_t w = std::min(Width(static_cast<unsigned char>(value[*i])), value.size() - *i);
    out_.append(value.substr(*i, w));
    ++column_;
    *i += w;
  }

  void WriteRaw(std::string_view text) {
    for (size_t i = 0; i < text.size();) Write(text, &i);
  }

  void WriteBreak(std::string_view value, size_t* i) {
    if (value[*i] == '\n') {
      PutBreak();
      ++*i;
    } else {
      Write(value, i);
      column_ = 0;
    }
  }

  void WriteIndent() {
    const int indent = indent_ < 0 ? 0 : indent_;
    if (!indention_ || column_ > indent || (column_ == indent && !whitespace_)) PutBreak();
    while (column_ < indent) Put(' ');
    whitespace_ = true;
    indention_ = true;
  }

  void WriteIndicator(std::string_view indicator, bool need_whitespace, bool is_whitespace,
                      bool is_indention) {
    if (need_whitespace && !whitespace_) Put(' ');
    WriteRaw(indicator);
    whitespace_ = is_whitespace;
    indention_ = indention_ && is_indention;
  }

  void WritePlain(std::string_view value, bool allow_breaks) {
    if (!whitespace_) Put(' ');
    bool spaces = false, breaks = false;
    for (size_t i = 0; i < value.size();) {
      if (IsSpace(value, i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && !IsSpace(value, i + 1)) {
          WriteIndent();
          ++i;
        } else {
          Write(value, &i);
        }
        spaces = true;
      } else if (IsBreak(value, i)) {
        if (!breaks && value[i] == '\n') PutBreak();
        WriteBreak(value, &i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) WriteIndent();
        Write(value, &i);
        indention_ = false;
        spaces = false;
        breaks = false;
      }
    }
    whitespace_ = false;
    indention_ = false;
  }

  void WriteSingleQuoted(std::string_view value, bool allow_breaks) {
    WriteIndicator("'", true, false, false);
    bool spaces = false, breaks = false;
    for (size_t i = 0; i < value.size();) {
      if (IsSpace(value, i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && i > 0 && i < value.size() - 1 &&
            !IsSpace(value, i + 1)) {
          WriteIndent();
          ++i;
        } else {
          Write(value, &i);
        }
        spaces = true;
      } else if (IsBreak(value, i)) {
        if (!breaks && value[i] == '\n') PutBreak();
        WriteBreak(value, &i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) WriteIndent();
        if (value[i] == '\'') Put('\'');
        Write(value, &i);
        indention_ = false;
        spaces = false;
        breaks = false;
      }
    }
    WriteIndicator("'", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void WriteDoubleQuoted(std::string_view value, bool allow_breaks) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    bool spaces = false;
    WriteIndicator("\"", true, false, false);
    for (size_t i = 0; i < value.size();) {
      if (!IsPrintable(value, i) || IsBom(value, i) || IsBreak(value, i) || value[i] == '"' ||
          value[i] == '\\') {
        const auto octet = static_cast<unsigned char>(value[i]);
        const size_t w = std::min(Width(octet), value.size() - i);
        uint32_t v = w == 1   ? (octet & 0x7F)
                     : w == 2 ? (octet & 0x1F)
                     : w == 3 ? (octet & 0x0F)
                              : (octet & 0x07);
        for (size_t k = 1; k < w; ++k)
          v = (v << 6) + (static_cast<unsigned char>(value[i + k]) & 0x3F);
        i += w;
        Put('\\');
        switch (v) {
          case 0x00:
            Put('0');
            break;
          case 0x07:
            Put('a');
            break;
          case 0x08:
            Put('b');
            break;
          case 0x09:
            Put('t');
            break;
          case 0x0A:
            Put('n');
            break;
          case 0x0B:
            Put('v');
            break;
          case 0x0C:
            Put('f');
            break;
          case 0x0D:
            Put('r');
            break;
          case 0x1B:
            Put('e');
            break;
          case 0x22:
            Put('"');
            break;
          case 0x5C:
            Put('\\');
            break;
          case 0x85:
            Put('N');
            break;
          case 0xA0:
            Put('_');
            break;
          case 0x2028:
            Put('L');
            break;
          case 0x2029:
            Put('P');
            break;
          default: {
            int digits;
            if (v <= 0xFF) {
              Put('x');
              digits = 2;
            } else if (v <= 0xFFFF) {
              Put('u');
              digits = 4;
            } else {
              Put('U');
              digits = 8;
            }
            for (int k = (digits - 1) * 4; k >= 0; k -= 4) Put(kHex[(v >> k) & 0x0F]);
          }
        }
        spaces = false;
      } else if (IsSpace(value, i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && i > 0 && i < value.size() - 1) {
          WriteIndent();
          if (IsSpace(value, i + 1)) Put('\\');
          ++i;
        } else {
          Write(value, &i);
        }
        spaces = true;
      } else {
        Write(value, &i);
        spaces = false;
      }
    }
    WriteIndicator("\"", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void WriteBlockScalarHints(std::string_view value) {
    if (IsSpace(value, 0) || IsBreak(value, 0)) {
      WriteIndicator(std::string(1, static_cast<char>('0' + kBestIndent)), false, false, false);
    }
    char chomp = 0;
    if (value.empty()) {
      chomp = '-';
    } else {
      size_t i = value.size() - 1;
      while (i > 0 && (static_cast<unsigned char>(value[i]) & 0xC0) == 0x80) --i;
      if (!IsBreak(value, i)) {
        chomp = '-';
      } else if (i == 0) {
        chomp = '+';
      } else {
        --i;
        while (i > 0 && (static_cast<unsigned char>(value[i]) & 0xC0) == 0x80) --i;
        if (IsBreak(value, i)) chomp = '+';
      }
    }
    if (chomp != 0) WriteIndicator(std::string(1, chomp), false, false, false);
  }

  void WriteLiteral(std::string_view value) {
    WriteIndicator("|", true, false, false);
    WriteBlockScalarHints(value);
    PutBreak();
    indention_ = true;
    whitespace_ = true;
    bool breaks = true;
    for (size_t i = 0; i < value.size();) {
      if (IsBreak(value, i)) {
        WriteBreak(value, &i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) WriteIndent();
        Write(value, &i);
        indention_ = false;
        breaks = false;
      }
    }
  }

  static constexpr int kBestIndent = 2;
  static constexpr int kBestWidth = 80;

  std::string out_;
  int indent_ = -1;
  std::vector<int> indents_;
  int column_ = 0;
  bool whitespace_ = true;
  bool indention_ = true;
  bool mapping_context_ = false;
  bool simple_key_context_ = false;
};

}  // namespace

std::string EmitDocument(const nlohmann::json& json) { return Emitter().Emit(json); }

}  // namespace kubefake::api::yaml
