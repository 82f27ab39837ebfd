// Go's encoding/base64 encoders and DecodeString, one quantum of four symbols at a time.
#include "kubefake/api/base64.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace kubefake::api {
namespace {

constexpr std::string_view kStdSymbols =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlSymbols =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kPad = '=';

std::string_view SymbolsOf(Base64Encoding encoding) {
  return encoding == Base64Encoding::kStd || encoding == Base64Encoding::kRawStd ? kStdSymbols
                                                                                 : kUrlSymbols;
}

bool IsPadded(Base64Encoding encoding) {
  return encoding == Base64Encoding::kStd || encoding == Base64Encoding::kUrl;
}

// Each byte's value in the alphabet, or -1.
using ValueTable = std::array<int8_t, 256>;

ValueTable MakeValueTable(std::string_view symbols) {
  ValueTable values;
  values.fill(-1);
  for (size_t i = 0; i < symbols.size(); ++i) {
    values[static_cast<uint8_t>(symbols[i])] = static_cast<int8_t>(i);
  }
  return values;
}

const ValueTable& ValuesOf(Base64Encoding encoding) {
  static const ValueTable kStdValues = MakeValueTable(kStdSymbols);
  static const ValueTable kUrlValues = MakeValueTable(kUrlSymbols);
  return SymbolsOf(encoding) == kStdSymbols ? kStdValues : kUrlValues;
}

bool IsNewline(char c) { return c == '\n' || c == '\r'; }

}  // namespace

std::string Base64DecodeError::Message() const {
  return "illegal base64 data at input byte " + std::to_string(offset);
}

std::string Base64Encode(std::string_view data, Base64Encoding encoding) {
  const std::string_view symbols = SymbolsOf(encoding);
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  for (size_t i = 0; i < data.size(); i += 3) {
    const size_t bytes = std::min<size_t>(3, data.size() - i);
    uint32_t chunk = 0;
    for (size_t k = 0; k < 3; ++k) {
      chunk = (chunk << 8) | (k < bytes ? static_cast<uint8_t>(data[i + k]) : 0u);
    }
    for (size_t k = 0; k <= bytes; ++k) out += symbols[(chunk >> (18 - 6 * k)) & 0x3F];
    if (IsPadded(encoding)) out.append(3 - bytes, kPad);
  }
  return out;
}

std::expected<std::string, Base64DecodeError> Base64Decode(std::string_view text,
                                                           Base64Encoding encoding) {
  const ValueTable& values = ValuesOf(encoding);
  const bool padded = IsPadded(encoding);
  const auto corrupt = [](size_t offset) { return std::unexpected(Base64DecodeError{offset}); };
  const auto skip_newlines = [&](size_t i) {
    while (i < text.size() && IsNewline(text[i])) ++i;
    return i;
  };
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  // Appends the bytes of a quantum of `symbols` (2 to 4) values.
  const auto emit = [&](uint32_t quantum, int symbols) {
    quantum <<= 6 * (4 - symbols);
    for (int k = 0; k < symbols - 1; ++k) out += static_cast<char>(quantum >> (16 - 8 * k));
  };
  size_t i = 0;
  while (true) {
    uint32_t quantum = 0;
    int symbols = 0;
    while (symbols < 4) {
      if (i == text.size()) {
        if (symbols == 0) return out;
        // Go's offset: the input's length less the symbols read of this quantum.
        if (symbols == 1 || padded) return corrupt(i - symbols);
        emit(quantum, symbols);
        return out;
      }
      const char c = text[i++];
      if (const int8_t value = values[static_cast<uint8_t>(c)]; value >= 0) {
        quantum = (quantum << 6) | static_cast<uint32_t>(value);
        ++symbols;
        continue;
      }
      if (IsNewline(c)) continue;
      if (!padded || c != kPad || symbols < 2) return corrupt(i - 1);
      if (symbols == 2) {  // a second '=' must follow
        i = skip_newlines(i);
        if (i == text.size()) return corrupt(i);
        if (text[i] != kPad) return corrupt(i - 1);
        ++i;
      }
      i = skip_newlines(i);
      if (i < text.size()) return corrupt(i);  // trailing garbage
      emit(quantum, symbols);
      return out;
    }
    emit(quantum, symbols);
  }
}

}  // namespace kubefake::api
