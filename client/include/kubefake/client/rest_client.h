// RESTClient and its request builder, client-go's rest.RESTClient and rest.Request: build a
// request with Get()/Post()/Put()/Patch()/Delete() and the path parts, then Do() or Watch().
// Requests are rate limited (token bucket), authenticated from the Config, retried on 429 and
// 5xx answers that carry Retry-After and, for GET, on a connection the server dropped (after
// 1 s; both bounded by Config::max_retries), and Warning headers go to the Config's handler.
// RESTClient is thread-safe; a RestRequest is thread-hostile.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "kubefake/api/group_version.h"
#include "kubefake/api/result.h"
#include "kubefake/api/typed_codec.h"
#include "kubefake/client/config.h"
#include "kubefake/client/transport.h"
#include "kubefake/client/watch.h"

namespace kubefake::client {

// types.PatchType: the Content-Type a PATCH body is sent with.
enum class PatchType { kJson, kMerge, kStrategicMerge, kApply };
std::string_view PatchContentType(PatchType type);

// What Do() returns, client-go's rest.Result: the answer's body, or the error.
class RestResult {
 public:
  // `status_code` 0: the request got no answer (or was never sent).
  explicit RestResult(api::Error error, int status_code = 0)
      : error_(std::move(error)), status_code_(status_code) {}
  // `decoded`, when set, is `body` already decoded as Json() would (Do decodes a 2xx body once
  // to look for a failure Status; Json and Into reuse it instead of decoding again). An empty
  // `body` with `decoded` is an answer the transport handed over parsed: Raw() writes the bytes
  // (JsonBodyBytes).
  RestResult(int status_code, std::string body, std::string content_type = "",
             std::shared_ptr<const nlohmann::json> decoded = nullptr)
      : status_code_(status_code),
        body_(std::move(body)),
        content_type_(std::move(content_type)),
        decoded_(std::move(decoded)) {}

  // nullptr when the request succeeded.
  const api::Error* error() const { return error_ ? &*error_ : nullptr; }
  // The HTTP status; 0 when there was no answer.
  int status_code() const { return status_code_; }
  // The answer's Content-Type (aggregated discovery is told apart by its parameters).
  const std::string& content_type() const { return content_type_; }
  // The body, or the error.
  Result<std::string> Raw() const;
  // The body decoded as JSON; a protobuf body (Content-Type application/vnd.kubernetes.protobuf)
  // is converted to the same JSON. Errors: the request's error; BadRequest when the body is
  // not JSON (or not protobuf).
  Result<nlohmann::json> Json() const;
  // The body decoded into a generated type (api/types). Errors: as Json, and the decode's.
  template <typename T>
  Result<T> Into() const {
    if (!error_ && decoded_) return api::Decode<T>(decoded_);
    auto json = Json();
    if (!json) return Fail(json.error());
    return api::Decode<T>(*json);
  }

 private:
  std::optional<api::Error> error_;
  int status_code_ = 0;
  std::string body_;
  std::string content_type_;
  std::shared_ptr<const nlohmann::json> decoded_;  // may be null
};

struct RestClientState;

// One request under construction. Builder methods keep the first error and Do() or Watch()
// reports it without sending anything.
class RestRequest {
 public:
  RestRequest(std::shared_ptr<const RestClientState> client, std::string verb);

  // Errors kept: a namespace set twice or not a valid path segment.
  RestRequest& Namespace(std::string_view ns);
  // Lower-cased, as client-go does. Errors kept: set twice, not a valid path segment.
  RestRequest& Resource(std::string_view resource);
  // Errors kept: empty, set twice, not a valid path segment.
  RestRequest& Name(std::string_view name);
  // "status", or "scale"; several segments are joined. Errors kept: set twice.
  RestRequest& SubResource(std::string_view subresource);
  // A path replacing the client's group-version prefix (discovery's "/api", "/version").
  RestRequest& AbsPath(std::string_view path);
  // Adds a query parameter (a repeated name keeps every value).
  RestRequest& Param(std::string name, std::string value);
  RestRequest& SetHeader(std::string name, std::string value);
  // The body, sent as application/json (or the patch type's Content-Type).
  RestRequest& Body(std::string bytes);
  // An object, sent in the Config's content_type: JSON, or protobuf (R11.4). Patches (a
  // Content-Type set before) are always JSON. A JSON object goes to a transport that
  // TakesParsedBody as the tree itself (which it may take: the request is then not sent again
  // after a Retry-After, as client-go does not resend a body it cannot rewind), to others as
  // its compact dump.
  // Errors kept: with protobuf, an object whose kind has no protobuf message (custom resources).
  RestRequest& Body(nlohmann::json object);
  template <typename T>
  requires(!std::is_convertible_v<const T&, std::string_view> &&
           !std::is_same_v<T, nlohmann::json>) RestRequest& Body(const T& typed) {
    return Body(api::Encode(typed));
  }
  // The server-side timeout (the `timeout` query parameter) and the client's deadline.
  RestRequest& Timeout(std::chrono::nanoseconds timeout);

  // The path and query this request would use: "/api/v1/namespaces/default/pods?limit=1".
  std::string URL() const;

  // Sends the request (retrying as the class comment says) and returns the answer.
  RestResult Do();
  // Opens a watch (adds watch=true), retrying a 429 or 5xx with Retry-After as Do does.
  // Errors: the builder's, the transport's, a non-2xx answer.
  Result<std::unique_ptr<Watcher>> Watch();

 private:
  std::string Path() const;
  void SetError(std::string message);
  Result<TransportResponse> Send(bool stream);
  // For an answer `status` with `retry_after`: when it is to be retried (429 or 5xx with
  // Retry-After, `attempt` below max_retries, a body the transport did not take), waits
  // Retry-After on the clock and says true.
  bool WaitedToRetry(int status, std::optional<int> retry_after, int attempt) const;

  std::shared_ptr<const RestClientState> client_;
  std::string verb_;
  std::string abs_path_;
  std::string namespace_;
  bool namespace_set_ = false;
  std::string resource_;
  std::string name_;
  std::string subresource_;
  std::multimap<std::string, std::string> params_;
  HeaderList headers_;
  std::optional<std::string> body_;
  // A JSON object body, dumped only for a transport that does not take trees; body_ is then
  // unset. Shared with the transport, which may take it.
  std::shared_ptr<api::BodyTree> body_tree_;
  std::string content_type_ = "application/json";
  std::chrono::nanoseconds timeout_{0};
  std::optional<api::Error> error_;
};

class RESTClient {
 public:
  // Prefer RESTClientFor / UnversionedRESTClientFor.
  explicit RESTClient(std::shared_ptr<const RestClientState> state);
  ~RESTClient();

  RestRequest Get() const { return Verb("GET"); }
  RestRequest Post() const { return Verb("POST"); }
  RestRequest Put() const { return Verb("PUT"); }
  RestRequest Patch(PatchType type) const;
  RestRequest Delete() const { return Verb("DELETE"); }
  RestRequest Verb(std::string verb) const;

  const Config& config() const;

 private:
  std::shared_ptr<const RestClientState> state_;
};

// rest.RESTClientFor: requests go under config.api_path/config.group_version.
// Errors: BadRequest `GroupVersion is required when initializing a RESTClient` (or the
// api_path), and the transport's.
Result<std::unique_ptr<RESTClient>> RESTClientFor(const Config& config);
// rest.UnversionedRESTClientFor: no group-version prefix; requests name paths with AbsPath or
// start from the host's root.
Result<std::unique_ptr<RESTClient>> UnversionedRESTClientFor(const Config& config);

}  // namespace kubefake::client
