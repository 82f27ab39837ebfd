#include "kubefake/api/json_codec.h"

#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kubefake/api/error.h"
#include "kubefake/api/utf8.h"
#include "strict_json_parser.h"

namespace kubefake::api {
namespace {

// encoding/json's maxNestingDepth.
constexpr size_t kMaxNestingDepth = 10000;

// encoding/json's quoteChar: the byte as a Go rune literal.
std::string QuoteChar(unsigned char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string body;
  switch (c) {
    case '\a':
      body = "\\a";
      break;
    case '\b':
      body = "\\b";
      break;
    case '\f':
      body = "\\f";
      break;
    case '\n':
      body = "\\n";
      break;
    case '\r':
      body = "\\r";
      break;
    case '\t':
      body = "\\t";
      break;
    case '\v':
      body = "\\v";
      break;
    case '\\':
      body = "\\\\";
      break;
    default:
      if (c < 0x20 || c == 0x7F) {
        body = std::string("\\x") + kHex[c >> 4] + kHex[c & 0xF];
      } else if (c < 0x80) {
        body = std::string(1, static_cast<char>(c));
      } else if (c < 0xA1 || c == 0xAD) {
        // The byte is read as the rune U+0080..U+00FF; C1 controls, NBSP and the soft
        // hyphen are not printable for strconv.Quote.
        body = std::string("\\u00") + kHex[c >> 4] + kHex[c & 0xF];
      } else {
        body = std::string(1, static_cast<char>(0xC0 | (c >> 6))) +
               static_cast<char>(0x80 | (c & 0x3F));
      }
  }
  return "'" + body + "'";
}

// A byte inside a string that neither ends it, starts an escape, nor is a control character.
bool IsPlainStringByte(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\'; }

struct SyntaxError {
  std::string message;
  size_t offset;  // the offending byte, or the end of the input
};

// A port of the decisions of encoding/json's scanner (checkValid): the first syntax error and
// its message, or nullopt when `data` is one valid JSON value.
std::optional<SyntaxError> ScanJson(std::string_view data) {
  enum class State {
    kBeginValue,
    kBeginValueOrEmpty,
    kBeginStringOrEmpty,
    kBeginString,
    kEndValue,
    kEndTop,
    kInString,
    kInStringEsc,
    kInStringEscU,  // followed by the count of hex digits read, in `hex_digits`
    kNeg,
    kOne,
    kZero,
    kDot,
    kDotZero,
    kE,
    kESign,
    kEZero,
    kLiteral,  // inside true/false/null; `literal` and `literal_index` say where
  };
  enum class Parse { kObjectKey, kObjectValue, kArrayValue };

  std::vector<Parse> stack;
  State state = State::kBeginValue;
  int hex_digits = 0;
  std::string_view literal;
  size_t literal_index = 0;

  auto is_space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  auto error = [](size_t i, unsigned char c, std::string_view context) {
    return SyntaxError{"invalid character " + QuoteChar(c) + " " + std::string(context), i};
  };

  for (size_t i = 0; i < data.size(); ++i) {
    if (state == State::kInString) {
      // Most of a document: string bytes that leave the state as it is.
      while (i < data.size() && IsPlainStringByte(static_cast<unsigned char>(data[i]))) ++i;
      if (i == data.size()) break;
    }
    const auto c = static_cast<unsigned char>(data[i]);
    bool reprocess = true;
    while (reprocess) {
      reprocess = false;
      switch (state) {
        case State::kBeginValueOrEmpty:
          if (is_space(c)) break;
          if (c == ']') {
            stack.pop_back();
            state = stack.empty() ? State::kEndTop : State::kEndValue;
            break;
          }
          [[fallthrough]];
        case State::kBeginValue:
          if (is_space(c)) break;
          switch (c) {
            case '{':
              stack.push_back(Parse::kObjectKey);
              if (stack.size() > kMaxNestingDepth) return error(i, c, "exceeded max depth");
              state = State::kBeginStringOrEmpty;
              break;
            case '[':
              stack.push_back(Parse::kArrayValue);
              if (stack.size() > kMaxNestingDepth) return error(i, c, "exceeded max depth");
              state = State::kBeginValueOrEmpty;
              break;
            case '"':
              state = State::kInString;
              break;
            case '-':
              state = State::kNeg;
              break;
            case '0':
              state = State::kZero;
              break;
            case 't':
            case 'f':
            case 'n':
              state = State::kLiteral;
              literal = c == 't' ? "true" : (c == 'f' ? "false" : "null");
              literal_index = 1;
              break;
            default:
              if (c >= '1' && c <= '9') {
                state = State::kOne;
                break;
              }
              return error(i, c, "looking for beginning of value");
          }
          break;
        case State::kBeginStringOrEmpty:
          if (is_space(c)) break;
          if (c == '}') {
            stack.back() = Parse::kObjectValue;
            state = State::kEndValue;
            reprocess = true;
            break;
          }
          [[fallthrough]];
        case State::kBeginString:
          if (is_space(c)) break;
          if (c == '"') {
            state = State::kInString;
            break;
          }
          return error(i, c, "looking for beginning of object key string");
        case State::kEndValue: {
          if (stack.empty()) {
            state = State::kEndTop;
            reprocess = true;
            break;
          }
          if (is_space(c)) break;
          switch (stack.back()) {
            case Parse::kObjectKey:
              if (c == ':') {
                stack.back() = Parse::kObjectValue;
                state = State::kBeginValue;
                break;
              }
              return error(i, c, "after object key");
            case Parse::kObjectValue:
              if (c == ',') {
                stack.back() = Parse::kObjectKey;
                state = State::kBeginString;
                break;
              }
              if (c == '}') {
                stack.pop_back();
                state = stack.empty() ? State::kEndTop : State::kEndValue;
                break;
              }
              return error(i, c, "after object key:value pair");
            case Parse::kArrayValue:
              if (c == ',') {
                state = State::kBeginValue;
                break;
              }
              if (c == ']') {
                stack.pop_back();
                state = stack.empty() ? State::kEndTop : State::kEndValue;
                break;
              }
              return error(i, c, "after array element");
          }
          break;
        }
        case State::kEndTop:
          if (!is_space(c)) return error(i, c, "after top-level value");
          break;
        case State::kInString:
          if (c == '"') {
            state = State::kEndValue;
          } else if (c == '\\') {
            state = State::kInStringEsc;
          } else if (c < 0x20) {
            return error(i, c, "in string literal");
          }
          break;
        case State::kInStringEsc:
          switch (c) {
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
            case '\\':
            case '/':
            case '"':
              state = State::kInString;
              break;
            case 'u':
              state = State::kInStringEscU;
              hex_digits = 0;
              break;
            default:
              return error(i, c, "in string escape code");
          }
          break;
        case State::kInStringEscU:
          if (!std::isxdigit(c)) return error(i, c, "in \\u hexadecimal character escape");
          if (++hex_digits == 4) state = State::kInString;
          break;
        case State::kNeg:
          if (c == '0') {
            state = State::kZero;
          } else if (c >= '1' && c <= '9') {
            state = State::kOne;
          } else {
            return error(i, c, "in numeric literal");
          }
          break;
        case State::kOne:
          if (c >= '0' && c <= '9') break;
          [[fallthrough]];
        case State::kZero:
          if (c == '.') {
            state = State::kDot;
          } else if (c == 'e' || c == 'E') {
            state = State::kE;
          } else {
            state = State::kEndValue;
            reprocess = true;
          }
          break;
        case State::kDot:
          if (c >= '0' && c <= '9') {
            state = State::kDotZero;
            break;
          }
          return error(i, c, "after decimal point in numeric literal");
        case State::kDotZero:
          if (c >= '0' && c <= '9') break;
          if (c == 'e' || c == 'E') {
            state = State::kE;
          } else {
            state = State::kEndValue;
            reprocess = true;
          }
          break;
        case State::kE:
          if (c == '+' || c == '-') {
            state = State::kESign;
            break;
          }
          [[fallthrough]];
        case State::kESign:
          if (c >= '0' && c <= '9') {
            state = State::kEZero;
            break;
          }
          return error(i, c, "in exponent of numeric literal");
        case State::kEZero:
          if (c >= '0' && c <= '9') break;
          state = State::kEndValue;
          reprocess = true;
          break;
        case State::kLiteral:
          if (c != static_cast<unsigned char>(literal[literal_index])) {
            return error(i, c,
                         "in literal " + std::string(literal) + " (expecting " +
                             QuoteChar(static_cast<unsigned char>(literal[literal_index])) + ")");
          }
          if (++literal_index == literal.size()) state = State::kEndValue;
          break;
      }
    }
  }
  // End of input: Go's scanner feeds one more space, which ends a number and fails in the
  // middle of a literal, escape or exponent; anything else unfinished is an unexpected end.
  const size_t end = data.size();
  switch (state) {
    case State::kEndTop:
      return std::nullopt;
    case State::kOne:
    case State::kZero:
    case State::kDotZero:
    case State::kEZero:
    case State::kEndValue:
      if (stack.empty()) return std::nullopt;
      break;
    case State::kDot:
      return error(end, ' ', "after decimal point in numeric literal");
    case State::kE:
    case State::kESign:
      return error(end, ' ', "in exponent of numeric literal");
    case State::kNeg:
      return error(end, ' ', "in numeric literal");
    case State::kInStringEsc:
      return error(end, ' ', "in string escape code");
    case State::kInStringEscU:
      return error(end, ' ', "in \\u hexadecimal character escape");
    case State::kLiteral:
      return error(end, ' ',
                   "in literal " + std::string(literal) + " (expecting " +
                       QuoteChar(static_cast<unsigned char>(literal[literal_index])) + ")");
    default:
      break;
  }
  return SyntaxError{"unexpected end of JSON input", end};
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// Rewrites what Go's decoder replaces with U+FFFD inside strings (invalid UTF-8 bytes, lone
// surrogate escapes) so that nlohmann accepts the text. Only called on text ScanJson accepted.
std::string ReplaceInvalidText(std::string_view data) {
  std::string out;
  out.reserve(data.size());
  bool in_string = false;
  size_t i = 0;
  auto read_u4 = [&](size_t at) -> int {
    if (at + 6 > data.size() || data[at] != '\\' || data[at + 1] != 'u') return -1;
    int value = 0;
    for (size_t k = at + 2; k < at + 6; ++k) value = value * 16 + HexValue(data[k]);
    return value;
  };
  while (i < data.size()) {
    const char c = data[i];
    if (!in_string) {
      if (c == '"') in_string = true;
      out += c;
      ++i;
      continue;
    }
    if (c == '"') {
      in_string = false;
      out += c;
      ++i;
    } else if (c == '\\' && data[i + 1] == 'u') {
      const int rune = read_u4(i);
      if (rune >= 0xD800 && rune < 0xDC00) {
        const int next = read_u4(i + 6);
        if (next >= 0xDC00 && next < 0xE000) {
          out.append(data.substr(i, 12));
          i += 12;
          continue;
        }
      }
      if (rune >= 0xD800 && rune < 0xE000) {
        out += "\\ufffd";
      } else {
        out.append(data.substr(i, 6));
      }
      i += 6;
    } else if (c == '\\') {
      out.append(data.substr(i, 2));
      i += 2;
    } else if (const DecodedRune r = DecodeRune(data, i); r.valid) {
      out.append(data.substr(i, r.width));
      i += r.width;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

Error Failure(std::string_view data, std::string message, size_t offset,
              TextPosition* error_position) {
  if (error_position != nullptr) *error_position = PositionAt(data, offset);
  return NewBadRequest(std::move(message));
}

}  // namespace

TextPosition PositionAt(std::string_view text, size_t offset) {
  if (offset > text.size()) offset = text.size();
  TextPosition position;
  position.offset = offset;
  position.line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      line_start = i + 1;
    }
  }
  position.column = static_cast<int>(offset - line_start) + 1;
  return position;
}

Result<nlohmann::json> DecodeJson(std::string_view data, TextPosition* error_position) {
  // Valid JSON as it stands (every answer of a server) needs neither the scan nor the retry.
  if (std::optional<nlohmann::json> parsed = ParseStrictJson(data)) return std::move(*parsed);
  if (std::optional<SyntaxError> syntax = ScanJson(data)) {
    return Fail(Failure(data, std::move(syntax->message), syntax->offset, error_position));
  }
  std::string replaced;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const std::string_view text = attempt == 0 ? data : std::string_view(replaced);
    try {
      return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
      // Go accepts invalid UTF-8 and lone surrogates in strings; try again without them.
      if (attempt == 0) {
        replaced = ReplaceInvalidText(data);
        continue;
      }
      const std::string_view what = e.what();
      const size_t cut = what.find("] ");
      return Fail(Failure(data, std::string(cut == what.npos ? what : what.substr(cut + 2)),
                          e.byte == 0 ? 0 : e.byte - 1, error_position));
    } catch (const nlohmann::json::out_of_range& e) {
      // A number beyond float64: nlohmann says "number overflow parsing '1e400'".
      const std::string_view what = e.what();
      const size_t open = what.find('\'');
      const size_t close = what.rfind('\'');
      std::string number = open != what.npos && close > open
                               ? std::string(what.substr(open + 1, close - open - 1))
                               : std::string("number");
      const size_t at = data.find(number);
      return Fail(Failure(
          data, "json: cannot unmarshal number " + number + " into Go value of type float64",
          at == data.npos ? 0 : at, error_position));
    } catch (const nlohmann::json::exception& e) {
      return Fail(Failure(data, e.what(), 0, error_position));
    }
  }
  return Fail(Failure(data, "unexpected end of JSON input", data.size(), error_position));
}

std::string_view GoJsonTypeName(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::boolean:
      return "bool";
    case nlohmann::json::value_t::array:
      return "array";
    case nlohmann::json::value_t::object:
      return "object";
    default:
      return "number";
  }
}

}  // namespace kubefake::api
