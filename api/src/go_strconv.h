// Go's strconv number syntax, for the codecs that must read and print numbers exactly as the
// Go libraries behind Kubernetes do (go-yaml's scalar resolution, encoding/json, fmt).
// Internal to kubefake::api. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kubefake::api::go {

enum class NumError { kNone, kSyntax, kRange };

// strconv.ParseUint(s, 0, 64): decimal, or 0x/0o/0b prefixed, or a leading 0 for octal.
// No sign, no underscores (callers strip them as go-yaml does).
NumError ParseUint(std::string_view s, uint64_t* out);
// strconv.ParseInt(s, 0, 64): ParseUint's syntax after an optional sign.
NumError ParseInt(std::string_view s, int64_t* out);

// strconv.ParseFloat(s, 64) for decimal syntax ([+-]digits[.digits][e[+-]digits], or
// [+-].digits...). Overflow is kRange (Go returns ±Inf with an error); underflow gives ±0.
// Hex floats, "inf" and "nan" are not accepted (go-yaml never hands them over).
NumError ParseDecimalFloat(std::string_view s, double* out);

// strconv.FormatFloat(f, 'g', -1, bits) with bits 32 or 64 (also fmt's %v and %#v of a
// float64): "1e+06", "123456", "1.5", "-0", "+Inf".
std::string FormatFloatG(double f, int bits);

}  // namespace kubefake::api::go
