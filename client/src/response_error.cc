// ErrorFromResponse: a Status body as is, else NewGenericServerResponse's reason and message.
#include "response_error.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

#include "kubefake/api/ascii.h"
#include "kubefake/api/json_codec.h"

namespace kubefake::client {
namespace {

constexpr size_t kMaxUnstructuredText = 2048;

}  // namespace

api::Error ErrorFromResponse(int status, std::string_view body, bool text_body,
                             std::string_view verb, const api::GroupResource& resource,
                             std::string_view name, int retry_after_seconds) {
  if (auto json = api::DecodeJson(body); json && json->is_object()) {
    if (auto error = api::Error::FromStatus(*json)) return *error;
  }
  const std::string server_message =
      text_body ? std::string(api::TrimAsciiSpace(body.substr(0, kMaxUnstructuredText)))
                : std::string("unknown");
  // NewGenericServerResponse's reason and message per code; an empty message means the
  // server's own text is kept (403, 406 and 415 explain themselves).
  struct Generic {
    int code;
    api::Reason reason;
    const char* message;
  };
  static constexpr Generic kGeneric[] = {
      {400, api::Reason::kBadRequest, "the server rejected our request for an unknown reason"},
      {401, api::Reason::kUnauthorized,
       "the server has asked for the client to provide credentials"},
      {403, api::Reason::kForbidden, ""},
      {404, api::Reason::kNotFound, "the server could not find the requested resource"},
      {405, api::Reason::kMethodNotAllowed,
       "the server does not allow this method on the requested resource"},
      {406, api::Reason::kNotAcceptable, ""},
      {409, api::Reason::kConflict, "the server reported a conflict"},
      {415, api::Reason::kUnsupportedMediaType, ""},
      {422, api::Reason::kInvalid,
       "the server rejected our request due to an error in our request"},
      {429, api::Reason::kTooManyRequests,
       "the server has received too many requests and has asked us to try again later"},
      {503, api::Reason::kServiceUnavailable,
       "the server is currently unable to handle the request"},
      {504, api::Reason::kTimeout,
       "the server was unable to return a response in the time allotted, but may still be "
       "processing the request"},
  };
  api::Reason reason = api::Reason::kUnknown;
  std::string message = "the server responded with the status code " + std::to_string(status) +
                        " but did not return more information";
  if (auto it = std::ranges::find(kGeneric, status, &Generic::code); it != std::end(kGeneric)) {
    reason = it->reason;
    message = *it->message != '\0' ? it->message : server_message;
    if (status == 409 && verb == "POST") reason = api::Reason::kAlreadyExists;
    if (status == 406 && (server_message.empty() || server_message == "unknown")) {
      message = "the server was unable to respond with a content type that the client supports";
    }
  } else if (status >= 500) {
    reason = api::Reason::kInternalError;
    message = "an error on the server (" + nlohmann::json(server_message).dump() +
              ") has prevented the request from succeeding";
  }
  const std::string lower_verb = api::AsciiLowered(verb);
  if (!resource.Empty()) {
    message += " (" + lower_verb + " " + resource.String() +
               (name.empty() ? "" : " " + std::string(name)) + ")";
  }
  api::StatusDetails details;
  details.group = resource.group;
  details.kind = resource.resource;
  details.name = std::string(name);
  details.causes.push_back({"UnexpectedServerResponse", server_message, ""});
  details.retry_after_seconds = retry_after_seconds;
  return api::Error(status, reason, std::move(message), std::move(details));
}

}  // namespace kubefake::client
