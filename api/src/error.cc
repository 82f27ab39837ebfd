#include "kubefake/api/error.h"

#include <array>
#include <utility>

#include <nlohmann/json.hpp>

#include "kubefake/api/go_quote.h"

namespace kubefake::api {
namespace {

constexpr std::array<std::pair<Reason, std::string_view>, 20> kReasons = {{
    {Reason::kUnknown, ""},
    {Reason::kUnauthorized, "Unauthorized"},
    {Reason::kForbidden, "Forbidden"},
    {Reason::kNotFound, "NotFound"},
    {Reason::kAlreadyExists, "AlreadyExists"},
    {Reason::kConflict, "Conflict"},
    {Reason::kGone, "Gone"},
    {Reason::kInvalid, "Invalid"},
    {Reason::kServerTimeout, "ServerTimeout"},
    {Reason::kStorageReadError, "StorageReadError"},
    {Reason::kTimeout, "Timeout"},
    {Reason::kTooManyRequests, "TooManyRequests"},
    {Reason::kBadRequest, "BadRequest"},
    {Reason::kMethodNotAllowed, "MethodNotAllowed"},
    {Reason::kNotAcceptable, "NotAcceptable"},
    {Reason::kRequestEntityTooLarge, "RequestEntityTooLarge"},
    {Reason::kUnsupportedMediaType, "UnsupportedMediaType"},
    {Reason::kInternalError, "InternalError"},
    {Reason::kExpired, "Expired"},
    {Reason::kServiceUnavailable, "ServiceUnavailable"},
}};

StatusDetails ResourceDetails(const GroupResource& resource, std::string_view name) {
  StatusDetails details;
  details.name = std::string(name);
  details.group = resource.group;
  details.kind = resource.resource;
  return details;
}

StatusDetails RetryDetails(int retry_after_seconds) {
  StatusDetails details;
  details.retry_after_seconds = retry_after_seconds;
  return details;
}

std::string StringField(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

StatusDetails ParseDetails(const nlohmann::json& json) {
  StatusDetails details;
  details.name = StringField(json, "name");
  details.group = StringField(json, "group");
  details.kind = StringField(json, "kind");
  details.uid = StringField(json, "uid");
  if (auto it = json.find("retryAfterSeconds"); it != json.end() && it->is_number_integer()) {
    details.retry_after_seconds = it->get<int>();
  }
  if (auto it = json.find("causes"); it != json.end() && it->is_array()) {
    for (const nlohmann::json& cause : *it) {
      if (!cause.is_object()) continue;
      details.causes.push_back(StatusCause{StringField(cause, "reason"),
                                           StringField(cause, "message"),
                                           StringField(cause, "field")});
    }
  }
  return details;
}

nlohmann::json DetailsToJson(const StatusDetails& details) {
  nlohmann::json json = nlohmann::json::object();
  if (!details.name.empty()) json["name"] = details.name;
  if (!details.group.empty()) json["group"] = details.group;
  if (!details.kind.empty()) json["kind"] = details.kind;
  if (!details.uid.empty()) json["uid"] = details.uid;
  if (!details.causes.empty()) {
    nlohmann::json causes = nlohmann::json::array();
    for (const StatusCause& cause : details.causes) {
      nlohmann::json c = nlohmann::json::object();
      if (!cause.type.empty()) c["reason"] = cause.type;
      if (!cause.message.empty()) c["message"] = cause.message;
      if (!cause.field.empty()) c["field"] = cause.field;
      causes.push_back(std::move(c));
    }
    json["causes"] = std::move(causes);
  }
  if (details.retry_after_seconds != 0) json["retryAfterSeconds"] = details.retry_after_seconds;
  return json;
}

// apimachinery's predicates: the reason matches, or the reason is unknown and the code does.
bool Matches(const Error& error, Reason reason, int code) {
  if (error.reason() == reason) return true;
  return error.reason() == Reason::kUnknown && error.code() == code;
}

bool HasCause(const Error& error, std::string_view type) {
  if (!error.details()) return false;
  for (const StatusCause& cause : error.details()->causes) {
    if (cause.type == type) return true;
  }
  return false;
}

}  // namespace

std::string_view ReasonString(Reason reason) {
  for (const auto& [r, s] : kReasons) {
    if (r == reason) return s;
  }
  return "";
}

Reason ParseReason(std::string_view s) {
  for (const auto& [r, name] : kReasons) {
    if (name == s) return r;
  }
  return Reason::kUnknown;
}

bool StatusDetails::Empty() const {
  return name.empty() && group.empty() && kind.empty() && uid.empty() && causes.empty() &&
         retry_after_seconds == 0;
}

Error::Error(int code, Reason reason, std::string message, std::optional<StatusDetails> details)
    : code_(code),
      reason_(reason),
      reason_string_(ReasonString(reason)),
      message_(std::move(message)),
      details_(std::move(details)) {}

std::optional<Error> Error::FromStatus(const nlohmann::json& status) {
  if (!status.is_object()) return std::nullopt;
  const std::string kind = StringField(status, "kind");
  const bool has_code = status.contains("code") && status["code"].is_number_integer();
  if (kind.empty() ? !(has_code || status.contains("reason")) : kind != "Status") {
    return std::nullopt;
  }
  const std::string reason = StringField(status, "reason");
  std::optional<StatusDetails> details;
  if (auto it = status.find("details"); it != status.end() && it->is_object()) {
    details = ParseDetails(*it);
  }
  Error error(has_code ? status["code"].get<int>() : 0, ParseReason(reason),
              StringField(status, "message"), std::move(details));
  error.reason_string_ = reason;
  if (auto it = status.find("metadata"); it != status.end() && it->is_object()) {
    error.continue_token_ = StringField(*it, "continue");
  }
  return error;
}

Error& Error::set_continue_token(std::string token) {
  continue_token_ = std::move(token);
  return *this;
}

nlohmann::json Error::ToStatus() const {
  nlohmann::json status = {{"kind", "Status"}, {"apiVersion", "v1"}};
  status["metadata"] = nlohmann::json::object();
  if (!continue_token_.empty()) status["metadata"]["continue"] = continue_token_;
  status["status"] = "Failure";
  if (!message_.empty()) status["message"] = message_;
  if (!reason_string_.empty()) status["reason"] = reason_string_;
  if (details_) status["details"] = DetailsToJson(*details_);
  status["code"] = code_;
  return status;
}

Error NewNotFound(const GroupResource& resource, std::string_view name) {
  return Error(404, Reason::kNotFound, resource.String() + " " + GoQuote(name) + " not found",
               ResourceDetails(resource, name));
}

Error NewRouteNotFound() {
  return Error(404, Reason::kNotFound, "the server could not find the requested resource",
               StatusDetails{});
}

Error NewAlreadyExists(const GroupResource& resource, std::string_view name) {
  return Error(409, Reason::kAlreadyExists,
               resource.String() + " " + GoQuote(name) + " already exists",
               ResourceDetails(resource, name));
}

Error NewGenerateNameConflict(const GroupResource& resource, std::string_view name,
                              int retry_after_seconds) {
  StatusDetails details = ResourceDetails(resource, name);
  details.retry_after_seconds = retry_after_seconds;
  return Error(409, Reason::kAlreadyExists,
               resource.String() + " " + GoQuote(name) +
                   " already exists, the server was not able to generate a unique name for the "
                   "object",
               std::move(details));
}

Error NewConflict(const GroupResource& resource, std::string_view name, std::string_view cause) {
  return Error(409, Reason::kConflict,
               "Operation cannot be fulfilled on " + resource.String() + " " + GoQuote(name) +
                   ": " + std::string(cause),
               ResourceDetails(resource, name));
}

Error NewApplyConflict(std::vector<StatusCause> causes, std::string message) {
  StatusDetails details;
  details.causes = std::move(causes);
  return Error(409, Reason::kConflict, std::move(message), std::move(details));
}

Error NewGone(std::string message) { return Error(410, Reason::kGone, std::move(message)); }

Error NewResourceExpired(std::string message) {
  return Error(410, Reason::kExpired, std::move(message));
}

Error NewInvalid(const GroupKind& kind, std::string_view name, const FieldErrorList& errors) {
  StatusDetails details;
  details.name = std::string(name);
  details.group = kind.group;
  details.kind = kind.kind;
  std::vector<std::string> messages;
  for (const FieldError& error : errors) {
    details.causes.push_back(
        StatusCause{std::string(error.CauseType()), error.Body(), error.field});
    messages.push_back(error.Message());
  }
  std::string message = kind.String() + " " + GoQuote(name) + " is invalid";
  if (!errors.empty()) message += ": " + AggregateMessage(messages);
  return Error(422, Reason::kInvalid, std::move(message), std::move(details));
}

Error NewBadRequest(std::string reason) {
  return Error(400, Reason::kBadRequest, std::move(reason));
}

Error NewUnauthorized(std::string reason) {
  if (reason.empty()) reason = "not authorized";
  return Error(401, Reason::kUnauthorized, std::move(reason));
}

Error NewForbidden(const GroupResource& resource, std::string_view name, std::string_view reason) {
  std::string message;
  if (resource.Empty()) {
    message = "forbidden: " + std::string(reason);
  } else if (name.empty()) {
    message = resource.String() + " is forbidden: " + std::string(reason);
  } else {
    message = resource.String() + " " + GoQuote(name) + " is forbidden: " + std::string(reason);
  }
  return Error(403, Reason::kForbidden, std::move(message), ResourceDetails(resource, name));
}

Error NewMethodNotSupported(const GroupResource& resource, std::string_view verb) {
  return Error(405, Reason::kMethodNotAllowed,
               std::string(verb) + " is not supported on resources of kind " +
                   GoQuote(resource.String()),
               ResourceDetails(resource, ""));
}

Error NewMethodNotAllowed() {
  return Error(405, Reason::kMethodNotAllowed,
               "the server does not allow this method on the requested resource",
               StatusDetails{});
}

Error NewNotAcceptable(std::string message) {
  return Error(406, Reason::kNotAcceptable, std::move(message));
}

Error NewRequestEntityTooLarge(std::string_view message) {
  return Error(413, Reason::kRequestEntityTooLarge,
               "Request entity too large: " + std::string(message));
}

Error NewUnsupportedMediaType(std::string message) {
  return Error(415, Reason::kUnsupportedMediaType, std::move(message));
}

Error NewTooManyRequests(std::string message, int retry_after_seconds) {
  return Error(429, Reason::kTooManyRequests, std::move(message),
               RetryDetails(retry_after_seconds));
}

Error NewInternalError(std::string_view error) {
  StatusDetails details;
  details.causes.push_back(StatusCause{"", std::string(error), ""});
  return Error(500, Reason::kInternalError, "Internal error occurred: " + std::string(error),
               std::move(details));
}

Error NewServerTimeout(const GroupResource& resource, std::string_view operation,
                       int retry_after_seconds) {
  StatusDetails details = ResourceDetails(resource, operation);
  details.retry_after_seconds = retry_after_seconds;
  return Error(500, Reason::kServerTimeout,
               "The " + std::string(operation) + " operation against " + resource.String() +
                   " could not be completed at this time, please try again.",
               std::move(details));
}

Error NewTimeoutError(std::string_view message, int retry_after_seconds) {
  return Error(504, Reason::kTimeout, "Timeout: " + std::string(message),
               RetryDetails(retry_after_seconds));
}

Error NewTooLargeResourceVersion(uint64_t requested, uint64_t current, int retry_after_seconds) {
  Error error = NewTimeoutError("Too large resource version: " + std::to_string(requested) +
                                    ", current: " + std::to_string(current),
                                retry_after_seconds);
  StatusDetails details = RetryDetails(retry_after_seconds);
  details.causes.push_back(
      StatusCause{"ResourceVersionTooLarge", "Too large resource version", ""});
  return Error(error.code(), error.reason(), error.message(), std::move(details));
}

Error NewServiceUnavailable(std::string message) {
  return Error(503, Reason::kServiceUnavailable, std::move(message));
}

bool IsNotFound(const Error& e) { return Matches(e, Reason::kNotFound, 404); }
bool IsAlreadyExists(const Error& e) { return Matches(e, Reason::kAlreadyExists, 409); }
bool IsConflict(const Error& e) { return Matches(e, Reason::kConflict, 409); }
bool IsGone(const Error& e) { return Matches(e, Reason::kGone, 410); }
bool IsResourceExpired(const Error& e) { return Matches(e, Reason::kExpired, 410); }
bool IsInvalid(const Error& e) { return Matches(e, Reason::kInvalid, 422); }
bool IsBadRequest(const Error& e) { return Matches(e, Reason::kBadRequest, 400); }
bool IsUnauthorized(const Error& e) { return Matches(e, Reason::kUnauthorized, 401); }
bool IsForbidden(const Error& e) { return Matches(e, Reason::kForbidden, 403); }
bool IsMethodNotSupported(const Error& e) { return Matches(e, Reason::kMethodNotAllowed, 405); }
bool IsNotAcceptable(const Error& e) { return Matches(e, Reason::kNotAcceptable, 406); }
bool IsUnsupportedMediaType(const Error& e) {
  return Matches(e, Reason::kUnsupportedMediaType, 415);
}
// These two accept the code whatever the reason, as apimachinery's do.
bool IsRequestEntityTooLarge(const Error& e) {
  return e.reason() == Reason::kRequestEntityTooLarge || e.code() == 413;
}
bool IsTooManyRequests(const Error& e) {
  return e.reason() == Reason::kTooManyRequests || e.code() == 429;
}
bool IsInternalError(const Error& e) { return Matches(e, Reason::kInternalError, 500); }
bool IsServerTimeout(const Error& e) { return e.reason() == Reason::kServerTimeout; }
bool IsTimeout(const Error& e) { return Matches(e, Reason::kTimeout, 504); }
bool IsServiceUnavailable(const Error& e) {
  return Matches(e, Reason::kServiceUnavailable, 503);
}
bool IsUnexpectedServerError(const Error& e) { return HasCause(e, "UnexpectedServerResponse"); }
bool IsTooLargeResourceVersion(const Error& e) {
  return IsTimeout(e) && HasCause(e, "ResourceVersionTooLarge");
}

}  // namespace kubefake::api
