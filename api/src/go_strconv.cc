#include "go_strconv.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <system_error>

namespace kubefake::api::go {
namespace {

int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  const char lower = static_cast<char>(c | 0x20);
  if (lower >= 'a' && lower <= 'z') return lower - 'a' + 10;
  return 99;
}

// The shortest digits that round-trip `f` (as float when bits == 32), and the position of the
// decimal point relative to them: f = 0.d1d2d3... * 10^point.
struct ShortestDigits {
  bool negative = false;
  std::string digits;  // empty for zero
  int point = 0;
};

ShortestDigits Shortest(double f, int bits) {
  ShortestDigits result;
  result.negative = std::signbit(f);
  if (f == 0) return result;
  char buffer[64];
  std::to_chars_result r;
  if (bits == 32) {
    r = std::to_chars(buffer, buffer + sizeof(buffer), std::fabs(static_cast<float>(f)),
                      std::chars_format::scientific);
  } else {
    r = std::to_chars(buffer, buffer + sizeof(buffer), std::fabs(f), std::chars_format::scientific);
  }
  const std::string_view text(buffer, static_cast<size_t>(r.ptr - buffer));
  const size_t e = text.find('e');
  for (char c : text.substr(0, e)) {
    if (c != '.') result.digits += c;
  }
  int exponent = 0;
  std::from_chars(text.data() + e + (text[e + 1] == '+' ? 2 : 1), text.data() + text.size(),
                  exponent);
  result.point = exponent + 1;
  return result;
}

}  // namespace

std::string FormatFloatG(double f, int bits) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  const ShortestDigits d = Shortest(f, bits);
  std::string out = d.negative ? "-" : "";
  if (d.digits.empty()) return out + "0";
  const int nd = static_cast<int>(d.digits.size());
  const int exp = d.point - 1;
  // Shortest 'g' switches to exponent form from 10^6 on (strconv's eprec of 6).
  if (exp < -4 || exp >= 6) {
    out += d.digits[0];
    if (nd > 1) out += "." + d.digits.substr(1);
    out += exp < 0 ? "e-" : "e+";
    const int magnitude = exp < 0 ? -exp : exp;
    if (magnitude < 10) out += '0';
    out += std::to_string(magnitude);
    return out;
  }
  if (d.point <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-d.point), '0');
    out += d.digits;
    return out;
  }
  if (d.point >= nd) {
    out += d.digits;
    out.append(static_cast<size_t>(d.point - nd), '0');
    return out;
  }
  out += d.digits.substr(0, static_cast<size_t>(d.point));
  out += '.';
  out += d.digits.substr(static_cast<size_t>(d.point));
  return out;
}

NumError ParseUint(std::string_view s, uint64_t* out) {
  if (s.empty()) return NumError::kSyntax;
  uint64_t base = 10;
  if (s[0] == '0') {
    const char prefix = s.size() >= 3 ? static_cast<char>(s[1] | 0x20) : '\0';
    if (prefix == 'b') {
      base = 2;
      s.remove_prefix(2);
    } else if (prefix == 'o') {
      base = 8;
      s.remove_prefix(2);
    } else if (prefix == 'x') {
      base = 16;
      s.remove_prefix(2);
    } else {
      base = 8;
      s.remove_prefix(1);
    }
  }
  uint64_t n = 0;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  const uint64_t cutoff = kMax / base + 1;
  for (char c : s) {
    const int digit = DigitValue(c);
    if (digit >= static_cast<int>(base)) return NumError::kSyntax;
    // As Go does, an overflow is reported as soon as it happens, before later characters.
    if (n >= cutoff) return NumError::kRange;
    n *= base;
    const uint64_t next = n + static_cast<uint64_t>(digit);
    if (next < n) return NumError::kRange;
    n = next;
  }
  *out = n;
  return NumError::kNone;
}

NumError ParseInt(std::string_view s, int64_t* out) {
  if (s.empty()) return NumError::kSyntax;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  uint64_t magnitude = 0;
  const NumError error = ParseUint(s, &magnitude);
  if (error != NumError::kNone) return error;
  constexpr uint64_t kCutoff = uint64_t{1} << 63;
  if ((!negative && magnitude >= kCutoff) || (negative && magnitude > kCutoff)) {
    return NumError::kRange;
  }
  *out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return NumError::kNone;
}

NumError ParseDecimalFloat(std::string_view s, double* out) {
  bool negative = false;
  std::string_view body = s;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  // Validate the syntax and find the order of magnitude (for telling overflow from underflow).
  size_t i = 0;
  size_t integer_digits = 0, fraction_digits = 0;
  long leading_fraction_zeros = -1;
  bool nonzero_integer = false;
  while (i < body.size() && body[i] >= '0' && body[i] <= '9') {
    if (body[i] != '0') nonzero_integer = true;
    ++integer_digits;
    ++i;
  }
  if (i < body.size() && body[i] == '.') {
    ++i;
    long zeros = 0;
    bool seen_nonzero = false;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9') {
      if (body[i] != '0' && !seen_nonzero) {
        seen_nonzero = true;
        leading_fraction_zeros = zeros;
      }
      if (!seen_nonzero) ++zeros;
      ++fraction_digits;
      ++i;
    }
  }
  if (integer_digits + fraction_digits == 0) return NumError::kSyntax;
  long exponent = 0;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) {
      exponent_negative = body[i] == '-';
      ++i;
    }
    if (i >= body.size()) return NumError::kSyntax;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9') {
      if (exponent < 100000000) exponent = exponent * 10 + (body[i] - '0');
      ++i;
    }
    if (exponent_negative) exponent = -exponent;
  }
  if (i != body.size()) return NumError::kSyntax;
  double value = 0;
  const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ec == std::errc::result_out_of_range) {
    // Decide between overflow (an error in Go) and underflow (zero in Go).
    long magnitude;
    if (nonzero_integer) {
      size_t first = body.find_first_not_of('0');
      magnitude = static_cast<long>(integer_digits - first) + exponent;
    } else if (leading_fraction_zeros >= 0) {
      magnitude = -leading_fraction_zeros + exponent;
    } else {
      magnitude = -1;  // all zeros cannot overflow
    }
    if (magnitude > 0) return NumError::kRange;
    value = 0;
  } else if (ec != std::errc() || end != body.data() + body.size()) {
    return NumError::kSyntax;
  }
  *out = negative ? -value : value;
  return NumError::kNone;
}

}  // namespace kubefake::api::go
