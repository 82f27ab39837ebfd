// Error: a failed API call as a metav1.Status (code, reason, message, details). The fake
// server answers with exactly this Status, the client parses it back, and tests match on it.
// Constructors reproduce apimachinery's api/errors messages; predicates keep its names.
// Value type; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kubefake/api/field_error.h"
#include "kubefake/api/group_version.h"

namespace kubefake::api {

// metav1.StatusReason. kUnknown is the empty reason ("").
enum class Reason {
  kUnknown,
  kUnauthorized,
  kForbidden,
  kNotFound,
  kAlreadyExists,
  kConflict,
  kGone,
  kInvalid,
  kServerTimeout,
  kStorageReadError,
  kTimeout,
  kTooManyRequests,
  kBadRequest,
  kMethodNotAllowed,
  kNotAcceptable,
  kRequestEntityTooLarge,
  kUnsupportedMediaType,
  kInternalError,
  kExpired,
  kServiceUnavailable,
};

// "NotFound", ...; "" for kUnknown.
std::string_view ReasonString(Reason reason);
// The Reason named by `s`; kUnknown for "" and for reasons this version does not know.
Reason ParseReason(std::string_view s);

// metav1.StatusCause. `type` is serialized under the JSON key "reason".
struct StatusCause {
  std::string type;
  std::string message;
  std::string field;

  bool operator==(const StatusCause&) const = default;
};

// metav1.StatusDetails.
struct StatusDetails {
  std::string name;
  std::string group;
  std::string kind;
  std::string uid;
  std::vector<StatusCause> causes;
  int retry_after_seconds = 0;

  bool Empty() const;
  bool operator==(const StatusDetails&) const = default;
};

class Error {
 public:
  Error(int code, Reason reason, std::string message, std::optional<StatusDetails> details = {});

  // Reads a metav1.Status. Returns nullopt when `status` is not an object of kind Status (a
  // missing kind is accepted when code or reason is present, as client-go does).
  static std::optional<Error> FromStatus(const nlohmann::json& status);

  int code() const { return code_; }
  Reason reason() const { return reason_; }
  // The reason as received; differs from ReasonString(reason()) only for reasons unknown here.
  const std::string& reason_string() const { return reason_string_; }
  const std::string& message() const { return message_; }
  // nullopt when the Status has no details; an empty StatusDetails when it has "details": {}.
  const std::optional<StatusDetails>& details() const { return details_; }
  // metadata.continue of the Status (an expired continue token's replacement, R6.7).
  const std::string& continue_token() const { return continue_token_; }
  Error& set_continue_token(std::string token);
  int RetryAfterSeconds() const { return details_ ? details_->retry_after_seconds : 0; }

  // The metav1.Status object, keys omitted when empty as the apiserver omits them (R5.1).
  nlohmann::json ToStatus() const;

  bool operator==(const Error&) const = default;

 private:
  int code_;
  Reason reason_;
  std::string reason_string_;
  std::string message_;
  std::optional<StatusDetails> details_;
  std::string continue_token_;
};

// Constructors, named after apimachinery's api/errors, messages as in api-semantics.md section 5.
// `resource` is the group-resource (pods, deployments.apps); `kind` is the group-kind.

// 404 `<GR> "<name>" not found`.
Error NewNotFound(const GroupResource& resource, std::string_view name);
// 404 for a URL that names no route: `the server could not find the requested resource`.
Error NewRouteNotFound();
// 409 `<GR> "<name>" already exists`.
Error NewAlreadyExists(const GroupResource& resource, std::string_view name);
// 409 AlreadyExists after generateName ran out of retries (R2.6).
Error NewGenerateNameConflict(const GroupResource& resource, std::string_view name,
                              int retry_after_seconds);
// 409 `Operation cannot be fulfilled on <GR> "<name>": <cause>`.
Error NewConflict(const GroupResource& resource, std::string_view name, std::string_view cause);
// 409 Conflict whose details hold only the FieldManagerConflict causes (R5.4).
Error NewApplyConflict(std::vector<StatusCause> causes, std::string message);
// 410 Gone (deprecated reason; current servers send Expired).
Error NewGone(std::string message);
// 410 Expired.
Error NewResourceExpired(std::string message);
// 422 `<GK> "<name>" is invalid: <errors>`, one cause per field error.
Error NewInvalid(const GroupKind& kind, std::string_view name, const FieldErrorList& errors);
// 400 with `reason` as the message.
Error NewBadRequest(std::string reason);
// 401; message "not authorized" when `reason` is empty.
Error NewUnauthorized(std::string reason);
// 403 `<GR> "<name>" is forbidden: <reason>` (R5.8).
Error NewForbidden(const GroupResource& resource, std::string_view name, std::string_view reason);
// 405 `<verb> is not supported on resources of kind "<GR>"`.
Error NewMethodNotSupported(const GroupResource& resource, std::string_view verb);
// 405 for a route without this HTTP method (R5.9).
Error NewMethodNotAllowed();
// 406 `only the following media types are accepted: <types>` or the given message.
Error NewNotAcceptable(std::string message);
// 413 `Request entity too large: <message>`.
Error NewRequestEntityTooLarge(std::string_view message);
// 415 with the given message (R5.10).
Error NewUnsupportedMediaType(std::string message);
// 429 with details.retryAfterSeconds.
Error NewTooManyRequests(std::string message, int retry_after_seconds);
// 500 `Internal error occurred: <error>`.
Error NewInternalError(std::string_view error);
// 500 ServerTimeout `The <operation> operation against <GR> could not be completed at this
// time, please try again.`
Error NewServerTimeout(const GroupResource& resource, std::string_view operation,
                       int retry_after_seconds);
// 504 `Timeout: <message>`.
Error NewTimeoutError(std::string_view message, int retry_after_seconds);
// 504 `Timeout: Too large resource version: <requested>, current: <current>` (R5.14).
Error NewTooLargeResourceVersion(uint64_t requested, uint64_t current, int retry_after_seconds);
// 503 with the given message.
Error NewServiceUnavailable(std::string message);

// Predicates, as apimachinery's: a matching reason, or an unknown reason with the matching code.
bool IsNotFound(const Error& error);
bool IsAlreadyExists(const Error& error);
bool IsConflict(const Error& error);
bool IsGone(const Error& error);
bool IsResourceExpired(const Error& error);
bool IsInvalid(const Error& error);
bool IsBadRequest(const Error& error);
bool IsUnauthorized(const Error& error);
bool IsForbidden(const Error& error);
bool IsMethodNotSupported(const Error& error);
bool IsNotAcceptable(const Error& error);
bool IsUnsupportedMediaType(const Error& error);
bool IsRequestEntityTooLarge(const Error& error);
bool IsTooManyRequests(const Error& error);
bool IsInternalError(const Error& error);
bool IsServerTimeout(const Error& error);
bool IsTimeout(const Error& error);
bool IsServiceUnavailable(const Error& error);
bool IsUnexpectedServerError(const Error& error);
// True for a 504 whose causes include ResourceVersionTooLarge.
bool IsTooLargeResourceVersion(const Error& error);

}  // namespace kubefake::api
