// IntOrString: intstr.IntOrString, a field that holds an int32 or a string (ports, maxSurge).
// Value type; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include <nlohmann/json_fwd.hpp>

namespace kubefake::api {

class IntOrString {
 public:
  IntOrString() : value_(int32_t{0}) {}
  IntOrString(int32_t value) : value_(value) {}  // NOLINT(google-explicit-constructor)
  IntOrString(std::string value) : value_(std::move(value)) {}    // NOLINT
  IntOrString(const char* value) : value_(std::string(value)) {}  // NOLINT

  bool IsInt() const { return std::holds_alternative<int32_t>(value_); }
  // The int; for a string, its value as a decimal integer as intstr's IntValue (strconv.Atoi)
  // reads it ("8080" -> 8080), and 0 when it is not one ("http").
  int32_t IntValue() const;
  // "" when this holds an int.
  const std::string& StrValue() const;
  // The string form: "8080" or "http".
  std::string String() const;

  bool operator==(const IntOrString&) const = default;

 private:
  std::variant<int32_t, std::string> value_;
};

// JSON: a number or a string. null reads as the int 0, as intstr's UnmarshalJSON leaves it.
// from_json throws nlohmann::json::type_error for anything else (including a number with a
// fraction) and out_of_range for numbers that do not fit int32 (the decoders turn these into
// BadRequest).
void to_json(nlohmann::json& j, const IntOrString& value);
void from_json(const nlohmann::json& j, IntOrString& value);

}  // namespace kubefake::api
