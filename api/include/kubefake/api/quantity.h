// Quantity: resource.Quantity, a fixed-point number with a suffix ("100m", "1Gi", "2e3"),
// parsed, compared and printed in canonical form as apimachinery does: exact decimal
// arithmetic, values rounded up to whole nanos, binary-suffixed values capped at 2^63-1.
// Value type; thread-compatible.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "kubefake/api/result.h"

namespace kubefake::api {

class Quantity {
 public:
  enum class Format { kDecimalSI, kBinarySI, kDecimalExponent };

  Quantity();  // zero, DecimalSI

  // Parses a quantity string as ParseQuantity does (no surrounding spaces).
  // Errors: BadRequest with ParseQuantity's messages: `quantities must match the regular
  // expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'` for malformed text, `unable to
  // parse quantity's suffix` for an unknown suffix ("1K", "1mi") or an exponent beyond int32,
  // `unable to parse numeric part of quantity` for a number without digits (".e-20").
  static Result<Quantity> Parse(std::string_view s);

  // The string form apimachinery's Quantity.String() gives: the canonical form ("1.5" ->
  // "1500m", "1024Mi" -> "1Gi", "1000m" -> "1"), except that Parse keeps its input when
  // apimachinery's fast path judges it canonical already: "100m", "1Ki", and also "+1",
  // "1E3" and "1.500" (kubernetes/kubernetes#138165) stay as written, as a real server echoes
  // them. Exponents beyond the suffix tables print in exponent form ("1000E" -> "1e21"), as
  // current apimachinery does instead of dropping the magnitude.
  std::string String() const;
  // The canonical form, ignoring the input Parse kept ("1.500" -> "1500m").
  std::string CanonicalString() const;
  Format format() const { return format_; }
  bool IsZero() const { return digits_.empty(); }
  // -1, 0 or 1.
  int Sign() const { return IsZero() ? 0 : (negative_ ? -1 : 1); }
  // The value rounded away from zero to an integer (Quantity.Value()), and to thousandths
  // (MilliValue()). Values beyond int64 saturate (apimachinery leaves them undefined).
  int64_t Value() const;
  int64_t MilliValue() const;

  // Numeric comparison, as Quantity.Cmp: "1Ki" == "1024", formats do not matter.
  std::strong_ordering operator<=>(const Quantity& other) const;
  bool operator==(const Quantity& other) const;

 private:
  bool negative_ = false;
  // Decimal digits of the magnitude without leading or trailing zeros; empty for zero.
  std::string digits_;
  // The value is digits_ * 10^exponent_.
  int64_t exponent_ = 0;
  Format format_ = Format::kDecimalSI;
  // Parse's input, kept as the string form when apimachinery would keep it; else empty.
  std::string cached_;
};

// JSON: a string (String() on output); numbers are accepted on input as apimachinery accepts
// them (the number's text as nlohmann prints it is parsed: 1e3 arrives as 1000.0 and reads
// as "1k"), null reads as zero, and surrounding spaces in a string are ignored.
// from_json throws nlohmann::json::other_error on a malformed quantity and type_error on a
// boolean, array or object; what() ends with ParseQuantity's message in both cases.
void to_json(nlohmann::json& j, const Quantity& value);
void from_json(const nlohmann::json& j, Quantity& value);

}  // namespace kubefake::api
