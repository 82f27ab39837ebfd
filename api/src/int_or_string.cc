#include "kubefake/api/int_or_string.h"

#include <charconv>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

namespace kubefake::api {
namespace {

// Go's strconv.Atoi for an int32 result: an optional sign and decimal digits; 0 otherwise.
int32_t Atoi32(const std::string& s) {
  std::string_view digits = s;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty()) return 0;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return 0;
  if (negative) value = -value;
  // intstr.IntValue converts Atoi's int to int32 (wrapping); values that far out do not occur
  // in port numbers, so the wrap is not emulated: out-of-range strings read as 0.
  if (value < std::numeric_limits<int32_t>::min() || value > std::numeric_limits<int32_t>::max()) {
    return 0;
  }
  return static_cast<int32_t>(value);
}

}  // namespace

int32_t IntOrString::IntValue() const {
  if (const int32_t* i = std::get_if<int32_t>(&value_)) return *i;
  return Atoi32(std::get<std::string>(value_));
}

const std::string& IntOrString::StrValue() const {
  static const std::string kEmpty;
  if (const std::string* s = std::get_if<std::string>(&value_)) return *s;
  return kEmpty;
}

std::string IntOrString::String() const {
  if (const int32_t* i = std::get_if<int32_t>(&value_)) return std::to_string(*i);
  return std::get<std::string>(value_);
}

void to_json(nlohmann::json& j, const IntOrString& value) {
  if (value.IsInt()) {
    j = value.IntValue();
  } else {
    j = value.StrValue();
  }
}

void from_json(const nlohmann::json& j, IntOrString& value) {
  using Json = nlohmann::json;
  switch (j.type()) {
    case Json::value_t::string:
      value = IntOrString(j.get<std::string>());
      return;
    case Json::value_t::null:
      value = IntOrString(0);
      return;
    case Json::value_t::number_integer: {
      const int64_t i = j.get<int64_t>();
      if (i < std::numeric_limits<int32_t>::min() || i > std::numeric_limits<int32_t>::max()) {
        throw Json::out_of_range::create(
            406, "json: cannot unmarshal number " + j.dump() + " into Go value of type int32", &j);
      }
      value = IntOrString(static_cast<int32_t>(i));
      return;
    }
    case Json::value_t::number_unsigned: {
      const uint64_t u = j.get<uint64_t>();
      if (u > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
        throw Json::out_of_range::create(
            406, "json: cannot unmarshal number " + j.dump() + " into Go value of type int32", &j);
      }
      value = IntOrString(static_cast<int32_t>(u));
      return;
    }
    case Json::value_t::number_float:
      throw Json::type_error::create(
          302, "json: cannot unmarshal number " + j.dump() + " into Go value of type int32", &j);
    default:
      throw Json::type_error::create(302,
                                     std::string("json: cannot unmarshal ") +
                                         (j.is_boolean() ? "bool"
                                          : j.is_array() ? "array"
                                                         : "object") +
                                         " into Go value of type int32",
                                     &j);
  }
}

}  // namespace kubefake::api
