// FieldError: one validation failure at a field path, as apimachinery's util/validation/field
// Error. A list of them becomes a 422 Invalid Status (MakeInvalid in error.h).
// Value type; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubefake::api {

enum class FieldErrorType {
  kNotFound,      // "Not found"          cause FieldValueNotFound
  kRequired,      // "Required value"     cause FieldValueRequired
  kDuplicate,     // "Duplicate value"    cause FieldValueDuplicate
  kInvalid,       // "Invalid value"      cause FieldValueInvalid
  kNotSupported,  // "Unsupported value"  cause FieldValueNotSupported
  kForbidden,     // "Forbidden"          cause FieldValueForbidden
  kTooLong,       // "Too long"           cause FieldValueTooLong
  kTooMany,       // "Too many"           cause FieldValueTooMany
  kInternal,      // "Internal error"     cause InternalError
  kTypeInvalid,   // "Invalid value"      cause FieldValueTypeInvalid
};

struct FieldError {
  FieldErrorType type = FieldErrorType::kInvalid;
  std::string field;  // a field path such as "metadata.name" or "spec.containers[0].image"
  // The offending value; nullopt when the error carries none (Go's omitValue).
  std::optional<nlohmann::json> bad_value;
  std::string detail;

  // "Invalid value: \"Bad_Name\": <detail>": the type, the value where this type shows one
  // (strings %q-quoted, numbers and bools bare, anything else as compact JSON), the detail.
  std::string Body() const;
  // "<field>: <Body()>".
  std::string Message() const;
  // The StatusCause type string: "FieldValueInvalid", ...
  std::string_view CauseType() const;
};

using FieldErrorList = std::vector<FieldError>;

// Constructors with apimachinery's names and default details.
FieldError NotFoundError(std::string field, nlohmann::json value);
FieldError RequiredError(std::string field, std::string detail = "");
FieldError DuplicateError(std::string field, nlohmann::json value);
FieldError InvalidError(std::string field, nlohmann::json value, std::string detail);
// detail: `supported values: "a", "b"` built from `supported` (empty list: no detail).
FieldError NotSupportedError(std::string field, nlohmann::json value,
                             const std::vector<std::string>& supported);
FieldError ForbiddenError(std::string field, std::string detail);
// detail: "may not be more than N bytes" ("byte" for 1; "value is too long" when N < 0).
FieldError TooLongError(std::string field, nlohmann::json value, int max_length);
// detail: "must have at most N items" ("has too many items" when max < 0); `actual` < 0 means
// the count is unknown (no value shown).
FieldError TooManyError(std::string field, int actual, int max);
FieldError InternalFieldError(std::string field, std::string detail);
FieldError TypeInvalidError(std::string field, nlohmann::json value, std::string detail);

// Joins messages as an apimachinery aggregate: one message alone, several as "[a, b]" with
// duplicates dropped; "" for none.
std::string AggregateMessage(const std::vector<std::string>& messages);

}  // namespace kubefake::api
