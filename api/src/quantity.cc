#include "kubefake/api/quantity.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kubefake/api/ascii.h"
#include "kubefake/api/error.h"

namespace kubefake::api {
namespace {

constexpr std::string_view kErrFormatWrong =
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
constexpr std::string_view kErrNumeric = "unable to parse numeric part of quantity";
constexpr std::string_view kErrSuffix = "unable to parse quantity's suffix";

// The largest BinarySI magnitude; larger values are capped to it (apimachinery's maxAllowed).
constexpr std::string_view kMaxAllowedDigits = "9223372036854775807";

// apimachinery's maxInt64Factors: the decimal digits an int64 always holds.
constexpr int kMaxInt64Factors = 18;

// The pieces parseQuantityString splits a quantity into.
struct QuantityParts {
  bool positive = true;
  std::string_view value;  // sign, digits and point, without the suffix
  std::string_view num;    // integer digits without leading zeros; "0" when none are left
  std::string_view denom;  // fraction digits
  std::string_view suffix;
};

// apimachinery's parseQuantityString. Returns false for text the regular expression rejects.
bool SplitQuantity(std::string_view str, QuantityParts* parts) {
  size_t pos = 0;
  const size_t end = str.size();
  if (pos < end && (str[0] == '-' || str[0] == '+')) {
    parts->positive = str[0] != '-';
    ++pos;
  }
  while (pos < end && str[pos] == '0') ++pos;
  if (pos >= end) {
    parts->num = "0";
    parts->value = "0";
    return true;
  }
  size_t i = pos;
  while (i < end && IsAsciiDigit(str[i])) ++i;
  parts->num = str.substr(pos, i - pos);
  if (i >= end) {
    parts->value = str;
    return true;
  }
  pos = i;
  if (parts->num.empty()) parts->num = "0";
  if (str[pos] == '.') {
    ++pos;
    i = pos;
    while (i < end && IsAsciiDigit(str[i])) ++i;
    parts->denom = str.substr(pos, i - pos);
    if (i >= end) {
      parts->value = str;
      return true;
    }
    pos = i;
  }
  parts->value = str.substr(0, pos);
  const size_t suffix_start = pos;
  constexpr std::string_view kSuffixChars = "eEinumkKMGTP";
  while (pos < end && kSuffixChars.find(str[pos]) != std::string_view::npos) ++pos;
  if (pos < end && (str[pos] == '-' || str[pos] == '+')) ++pos;
  while (pos < end && IsAsciiDigit(str[pos])) ++pos;
  if (pos < end) return false;
  parts->suffix = str.substr(suffix_start);
  return true;
}

struct SuffixMeaning {
  int base = 10;
  int64_t exponent = 0;
  Quantity::Format format = Quantity::Format::kDecimalSI;
};

// apimachinery's quantitySuffixer.interpret. An exponent beyond [-MaxInt32, MaxInt32] is
// rejected (current apimachinery), not truncated to int32 (older releases).
std::optional<SuffixMeaning> InterpretSuffix(std::string_view suffix) {
  using Format = Quantity::Format;
  static constexpr struct {
    std::string_view suffix;
    int base;
    int exponent;
  } kTable[] = {
      {"", 10, 0},   {"n", 10, -9}, {"u", 10, -6}, {"m", 10, -3}, {"k", 10, 3},  {"M", 10, 6},
      {"G", 10, 9},  {"T", 10, 12}, {"P", 10, 15}, {"E", 10, 18}, {"Ki", 2, 10}, {"Mi", 2, 20},
      {"Gi", 2, 30}, {"Ti", 2, 40}, {"Pi", 2, 50}, {"Ei", 2, 60},
  };
  for (const auto& entry : kTable) {
    if (entry.suffix == suffix) {
      return SuffixMeaning{entry.base, entry.exponent,
                           entry.base == 2 ? Format::kBinarySI : Format::kDecimalSI};
    }
  }
  if (suffix.size() > 1 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    std::string_view digits = suffix.substr(1);
    bool negative = false;
    if (digits[0] == '+' || digits[0] == '-') {
      negative = digits[0] == '-';
      digits.remove_prefix(1);
    }
    if (digits.empty() || digits.size() > 10) return std::nullopt;
    int64_t exponent = 0;
    for (char c : digits) {
      if (!IsAsciiDigit(c)) return std::nullopt;
      exponent = exponent * 10 + (c - '0');
    }
    if (exponent > std::numeric_limits<int32_t>::max()) return std::nullopt;
    return SuffixMeaning{10, negative ? -exponent : exponent, Format::kDecimalExponent};
  }
  return std::nullopt;
}

// Decimal digit strings (most significant first, no sign) used as unbounded integers.

void StripLeadingZeros(std::string& digits) {
  const size_t first = digits.find_first_not_of('0');
  digits.erase(0, first == std::string::npos ? digits.size() : first);
}

void MultiplySmall(std::string& digits, uint64_t factor) {
  uint64_t carry = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    const uint64_t current = static_cast<uint64_t>(*it - '0') * factor + carry;
    *it = static_cast<char>('0' + current % 10);
    carry = current / 10;
  }
  while (carry > 0) {
    digits.insert(digits.begin(), static_cast<char>('0' + carry % 10));
    carry /= 10;
  }
}

void Increment(std::string& digits) {
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it != '9') {
      ++*it;
      return;
    }
    *it = '0';
  }
  digits.insert(digits.begin(), '1');
}

// Compares digits_a * 10^exp_a with digits_b * 10^exp_b; both normalized (no leading or
// trailing zeros, empty for zero).
int CompareMagnitude(std::string_view a, int64_t exp_a, std::string_view b, int64_t exp_b) {
  if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? -1 : 1);
  const int64_t order_a = static_cast<int64_t>(a.size()) + exp_a;
  const int64_t order_b = static_cast<int64_t>(b.size()) + exp_b;
  if (order_a != order_b) return order_a < order_b ? -1 : 1;
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string_view DecimalSiSuffix(int64_t exponent) {
  switch (exponent) {
    case -9:
      return "n";
    case -6:
      return "u";
    case -3:
      return "m";
    case 0:
      return "";
    case 3:
      return "k";
    case 6:
      return "M";
    case 9:
      return "G";
    case 12:
      return "T";
    case 15:
      return "P";
    case 18:
      return "E";
    default:
      return "?";
  }
}

std::string_view BinarySiSuffix(int power_of_1024) {
  static constexpr std::string_view kSuffixes[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  return kSuffixes[power_of_1024];
}

int64_t FloorMod(int64_t a, int64_t b) {
  const int64_t r = a % b;
  return r < 0 ? r + b : r;
}

// |value| / 10^scale rounded away from zero, saturating at the int64 range.
int64_t ScaledValueOf(bool negative, const std::string& digits, int64_t exponent, int64_t scale) {
  if (digits.empty()) return 0;
  constexpr uint64_t kLimit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  const int64_t integer_digits = static_cast<int64_t>(digits.size()) + exponent - scale;
  uint64_t magnitude = 0;
  bool overflow = integer_digits > 19;
  if (!overflow) {
    for (int64_t i = 0; i < integer_digits; ++i) {
      const uint64_t digit =
          i < static_cast<int64_t>(digits.size()) ? static_cast<uint64_t>(digits[i] - '0') : 0;
      if (magnitude > (kLimit + 1 - digit) / 10) {
        overflow = true;
        break;
      }
      magnitude = magnitude * 10 + digit;
    }
  }
  if (!overflow && integer_digits < static_cast<int64_t>(digits.size())) ++magnitude;
  if (overflow || magnitude > kLimit + (negative ? 1 : 0)) {
    return negative ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
  }
  if (negative)
    return magnitude == kLimit + 1 ? std::numeric_limits<int64_t>::min()
                                   : -static_cast<int64_t>(magnitude);
  return static_cast<int64_t>(magnitude);
}

[[noreturn]] void ThrowParseError(const Error& error) {
  throw nlohmann::json::other_error::create(599, error.message(), nullptr);
}

}  // namespace

Quantity::Quantity() = default;

Result<Quantity> Quantity::Parse(std::string_view str) {
  if (str.empty()) return Fail(NewBadRequest(std::string(kErrFormatWrong)));
  Quantity q;
  if (str == "0") {
    q.cached_ = "0";
    return q;
  }
  QuantityParts parts;
  if (!SplitQuantity(str, &parts)) return Fail(NewBadRequest(std::string(kErrFormatWrong)));
  const std::optional<SuffixMeaning> meaning = InterpretSuffix(parts.suffix);
  if (!meaning) return Fail(NewBadRequest(std::string(kErrSuffix)));
  q.format_ = meaning->format;

  // apimachinery's fast path: the value fits an int64 at a scale no finer than nanos. When
  // the digits look canonical already it keeps the input as the string form.
  const int64_t digit_count = static_cast<int64_t>(parts.num.size() + parts.denom.size());
  int64_t precision = 0;
  int64_t scale = 0;
  int64_t mantissa = 1;
  if (meaning->base == 10) {
    scale = meaning->exponent;
    precision = kMaxInt64Factors - digit_count;
  } else if (parts.denom.empty()) {
    mantissa = int64_t{1} << meaning->exponent;
    // float32(exponent)*3/10 is exact for the binary exponents 10, 20, ..., 60.
    precision = 15 - static_cast<int64_t>(parts.num.size()) - meaning->exponent * 3 / 10 - 1;
  } else {
    precision = -1;
  }
  if (precision >= 0) {
    scale -= static_cast<int64_t>(parts.denom.size());
    if (scale >= -9) {
      const std::string shifted = std::string(parts.num) + std::string(parts.denom);
      int64_t value = 0;
      for (char c : shifted) value = value * 10 + (c - '0');
      int64_t result = 0;
      if (!__builtin_mul_overflow(value, mantissa, &result)) {
        bool canonical;
        if (meaning->base == 2) {
          canonical = meaning->exponent % 10 == 0 && (value & 0x07) != 0;
        } else {
          canonical = FloorMod(scale, 3) == 0 && !shifted.ends_with("000") && shifted[0] != '0';
        }
        q.negative_ = !parts.positive;
        q.digits_ = std::to_string(result);
        q.exponent_ = scale;
        if (canonical) q.cached_ = std::string(str);
        StripLeadingZeros(q.digits_);
        while (!q.digits_.empty() && q.digits_.back() == '0') {
          q.digits_.pop_back();
          ++q.exponent_;
        }
        if (q.digits_.empty()) q.negative_ = false;
        return q;
      }
    }
  }

  // The exact path (apimachinery's inf.Dec).
  std::string digits;
  int64_t exponent = 0;
  bool seen_point = false;
  for (char c : parts.value) {
    if (c == '.') {
      seen_point = true;
    } else if (IsAsciiDigit(c)) {
      digits += c;
      if (seen_point) --exponent;
    }
  }
  if (digits.empty()) return Fail(NewBadRequest(std::string(kErrNumeric)));
  if (meaning->base == 10) {
    exponent += meaning->exponent;
  } else {
    for (int64_t remaining = meaning->exponent; remaining > 0; remaining -= 30) {
      MultiplySmall(digits, uint64_t{1} << std::min<int64_t>(remaining, 30));
    }
  }
  StripLeadingZeros(digits);
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++exponent;
  }
  // Non-zero values round up (away from zero) to whole nanos.
  if (!digits.empty() && exponent < -9) {
    const int64_t keep = static_cast<int64_t>(digits.size()) + exponent + 9;
    if (keep <= 0) {
      digits = "1";
    } else {
      digits.resize(static_cast<size_t>(keep));
      Increment(digits);
    }
    exponent = -9;
    while (!digits.empty() && digits.back() == '0') {
      digits.pop_back();
      ++exponent;
    }
  }
  if (q.format_ == Format::kBinarySI) {
    if (CompareMagnitude(digits, exponent, kMaxAllowedDigits, 0) > 0) {
      digits = std::string(kMaxAllowedDigits);
      exponent = 0;
    }
    if (!digits.empty() && CompareMagnitude(digits, exponent, "1", 0) < 0) {
      q.format_ = Format::kDecimalSI;
    }
  }
  q.negative_ = !parts.positive && !digits.empty();
  q.digits_ = std::move(digits);
  q.exponent_ = exponent;
  return q;
}

std::string Quantity::String() const {
  if (!cached_.empty()) return cached_;
  return CanonicalString();
}

std::string Quantity::CanonicalString() const {
  if (IsZero()) return "0";
  Format format = format_;
  if (format == Format::kBinarySI) {
    // |value| < 1024, or not an integer: printed as DecimalSI so nothing is rounded.
    if (CompareMagnitude(digits_, exponent_, "1024", 0) < 0 || exponent_ < 0) {
      format = Format::kDecimalSI;
    }
  }
  std::string out = negative_ ? "-" : "";
  if (format == Format::kBinarySI) {
    // An integer no larger than 2^63-1 (Parse caps BinarySI values).
    uint64_t value = 0;
    for (char c : digits_) value = value * 10 + static_cast<uint64_t>(c - '0');
    for (int64_t i = 0; i < exponent_; ++i) value *= 10;
    int power = 0;
    while (power < 6 && value % 1024 == 0) {
      value /= 1024;
      ++power;
    }
    return out + std::to_string(value) + std::string(BinarySiSuffix(power));
  }
  // Trailing zeros are already in the exponent; lower it to a multiple of three.
  const int64_t shift = FloorMod(exponent_, 3);
  out += digits_;
  out.append(static_cast<size_t>(shift), '0');
  const int64_t exponent = exponent_ - shift;
  if (format == Format::kDecimalSI && exponent >= -9 && exponent <= 18) {
    return out + std::string(DecimalSiSuffix(exponent));
  }
  if (exponent == 0) return out;
  return out + "e" + std::to_string(exponent);
}

int64_t Quantity::Value() const { return ScaledValueOf(negative_, digits_, exponent_, 0); }

int64_t Quantity::MilliValue() const { return ScaledValueOf(negative_, digits_, exponent_, -3); }

std::strong_ordering Quantity::operator<=>(const Quantity& other) const {
  if (Sign() != other.Sign()) return Sign() <=> other.Sign();
  int c = CompareMagnitude(digits_, exponent_, other.digits_, other.exponent_);
  if (negative_) c = -c;
  return c <=> 0;
}

bool Quantity::operator==(const Quantity& other) const {
  return (*this <=> other) == std::strong_ordering::equal;
}

void to_json(nlohmann::json& j, const Quantity& value) { j = value.String(); }

void from_json(const nlohmann::json& j, Quantity& value) {
  using Json = nlohmann::json;
  std::string text;
  switch (j.type()) {
    case Json::value_t::null:
      value = Quantity();
      return;
    case Json::value_t::string: {
      // UnmarshalJSON trims spaces around the quantity.
      const std::string& s = j.get_ref<const std::string&>();
      const size_t first = s.find_first_not_of(" \t\n\v\f\r");
      const size_t last = s.find_last_not_of(" \t\n\v\f\r");
      text = first == std::string::npos ? "" : s.substr(first, last - first + 1);
      break;
    }
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      text = j.dump();
      break;
    default:
      // UnmarshalJSON hands the raw JSON text to ParseQuantity, which rejects it.
      throw Json::type_error::create(302, std::string(kErrFormatWrong), &j);
  }
  Result<Quantity> parsed = Quantity::Parse(text);
  if (!parsed) ThrowParseError(parsed.error());
  value = std::move(*parsed);
}

}  // namespace kubefake::api
