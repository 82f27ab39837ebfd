#include "kubefake/api/field_error.h"

#include <charconv>
#include <cmath>
#include <set>

#include "kubefake/api/go_quote.h"

namespace kubefake::api {
namespace {

std::string_view TypeText(FieldErrorType type) {
  switch (type) {
    case FieldErrorType::kNotFound: return "Not found";
    case FieldErrorType::kRequired: return "Required value";
    case FieldErrorType::kDuplicate: return "Duplicate value";
    case FieldErrorType::kInvalid: return "Invalid value";
    case FieldErrorType::kNotSupported: return "Unsupported value";
    case FieldErrorType::kForbidden: return "Forbidden";
    case FieldErrorType::kTooLong: return "Too long";
    case FieldErrorType::kTooMany: return "Too many";
    case FieldErrorType::kInternal: return "Internal error";
    case FieldErrorType::kTypeInvalid: return "Invalid value";
  }
  return "";
}

// Go's %v for a float64: strconv.FormatFloat(f, 'g', -1, 64).
std::string GoFormatFloat(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value,
                                 std::chars_format::scientific);
  std::string scientific(buffer, end);  // "-1.5e+06"
  const size_t e = scientific.find('e');
  const int exponent = std::stoi(scientific.substr(e + 1));
  if (exponent < -4 || exponent >= 6) {
    // Go prints at least two exponent digits: 1e+06, 1e-05.
    std::string mantissa = scientific.substr(0, e);
    const char sign = exponent < 0 ? '-' : '+';
    std::string digits = std::to_string(std::abs(exponent));
    if (digits.size() < 2) digits.insert(0, "0");
    return mantissa + "e" + sign + digits;
  }
  auto [fixed_end, fixed_ec] = std::to_chars(buffer, buffer + sizeof buffer, value,
                                             std::chars_format::fixed);
  return std::string(buffer, fixed_end);
}

std::string RenderValue(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::string: return GoQuote(value.get_ref<const std::string&>());
    case nlohmann::json::value_t::boolean:
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return value.dump();
    case nlohmann::json::value_t::number_float: return GoFormatFloat(value.get<double>());
    default: return value.dump();
  }
}

bool ShowsValue(FieldErrorType type) {
  switch (type) {
    case FieldErrorType::kRequired:
    case FieldErrorType::kForbidden:
    case FieldErrorType::kTooLong:
    case FieldErrorType::kInternal: return false;
    default: return true;
  }
}

FieldError Make(FieldErrorType type, std::string field, std::optional<nlohmann::json> value,
                std::string detail) {
  return FieldError{type, std::move(field), std::move(value), std::move(detail)};
}

}  // namespace

std::string FieldError::Body() const {
  std::string body(TypeText(type));
  if (ShowsValue(type) && bad_value) {
    body += ": ";
    body += RenderValue(*bad_value);
  }
  if (!detail.empty()) {
    body += ": ";
    body += detail;
  }
  return body;
}

std::string FieldError::Message() const { return field + ": " + Body(); }

std::string_view FieldError::CauseType() const {
  switch (type) {
    case FieldErrorType::kNotFound: return "FieldValueNotFound";
    case FieldErrorType::kRequired: return "FieldValueRequired";
    case FieldErrorType::kDuplicate: return "FieldValueDuplicate";
    case FieldErrorType::kInvalid: return "FieldValueInvalid";
    case FieldErrorType::kNotSupported: return "FieldValueNotSupported";
    case FieldErrorType::kForbidden: return "FieldValueForbidden";
    case FieldErrorType::kTooLong: return "FieldValueTooLong";
    case FieldErrorType::kTooMany: return "FieldValueTooMany";
    case FieldErrorType::kInternal: return "InternalError";
    case FieldErrorType::kTypeInvalid: return "FieldValueTypeInvalid";
  }
  return "";
}

FieldError NotFoundError(std::string field, nlohmann::json value) {
  return Make(FieldErrorType::kNotFound, std::move(field), std::move(value), "");
}

FieldError RequiredError(std::string field, std::string detail) {
  return Make(FieldErrorType::kRequired, std::move(field), std::nullopt, std::move(detail));
}

FieldError DuplicateError(std::string field, nlohmann::json value) {
  return Make(FieldErrorType::kDuplicate, std::move(field), std::move(value), "");
}

FieldError InvalidError(std::string field, nlohmann::json value, std::string detail) {
  return Make(FieldErrorType::kInvalid, std::move(field), std::move(value), std::move(detail));
}

FieldError NotSupportedError(std::string field, nlohmann::json value,
                             const std::vector<std::string>& supported) {
  std::string detail;
  if (!supported.empty()) {
    detail = "supported values: ";
    for (size_t i = 0; i < supported.size(); ++i) {
      if (i > 0) detail += ", ";
      detail += GoQuote(supported[i]);
    }
  }
  return Make(FieldErrorType::kNotSupported, std::move(field), std::move(value),
              std::move(detail));
}

FieldError ForbiddenError(std::string field, std::string detail) {
  return Make(FieldErrorType::kForbidden, std::move(field), std::nullopt, std::move(detail));
}

FieldError TooLongError(std::string field, nlohmann::json value, int max_length) {
  std::string detail = "value is too long";
  if (max_length >= 0) {
    detail = "may not be more than " + std::to_string(max_length) +
             (max_length == 1 ? " byte" : " bytes");
  }
  return Make(FieldErrorType::kTooLong, std::move(field), std::move(value), std::move(detail));
}

FieldError TooManyError(std::string field, int actual, int max) {
  std::optional<nlohmann::json> value;
  if (actual >= 0) value = actual;
  std::string detail = "has too many items";
  if (max >= 0) detail = "must have at most " + std::to_string(max) + (max == 1 ? " item" : " items");
  return Make(FieldErrorType::kTooMany, std::move(field), std::move(value), std::move(detail));
}

FieldError InternalFieldError(std::string field, std::string detail) {
  return Make(FieldErrorType::kInternal, std::move(field), std::nullopt, std::move(detail));
}

FieldError TypeInvalidError(std::string field, nlohmann::json value, std::string detail) {
  return Make(FieldErrorType::kTypeInvalid, std::move(field), std::move(value),
              std::move(detail));
}

std::string AggregateMessage(const std::vector<std::string>& messages) {
  if (messages.size() == 1) return messages.front();
  std::set<std::string_view> seen;
  std::string joined;
  for (const std::string& message : messages) {
    if (!seen.insert(message).second) continue;
    if (seen.size() > 1) joined += ", ";
    joined += message;
  }
  if (seen.size() <= 1) return joined;
  return "[" + joined + "]";
}

}  // namespace kubefake::api
