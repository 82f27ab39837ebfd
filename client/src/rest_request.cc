// RestRequest: builds the path and query, then sends with rate limiting, authentication,
// Retry-After retries and Warning handling.
#include <cctype>
#include <cstdio>

#include "authenticator.h"
#include "clock_sleep.h"
#include "kubefake/api/ascii.h"
#include "kubefake/api/body_tree.h"
#include "kubefake/api/json_codec.h"
#include "kubefake/api/name_validation.h"
#include "kubefake/api/protobuf_codec.h"
#include "kubefake/client/rest_client.h"
#include "response_error.h"
#include "rest_client_state.h"
#include "warning_header.h"

namespace kubefake::client {
namespace {

// Go's fmt of a []string: "[a b]".
std::string GoList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i > 0 ? " " : "") + items[i];
  return out + "]";
}

// Go's time.Duration.String for the `timeout` parameter: "30s", "1m30s", "1h0m0s", "500ms".
std::string GoDuration(std::chrono::nanoseconds d) {
  const int64_t ns = d.count();
  if (ns == 0) return "0s";
  auto with_fraction = [](int64_t value, int64_t unit) {
    std::string out = std::to_string(value / unit);
    if (int64_t rest = value % unit; rest != 0) {
      std::string digits = std::to_string(rest + unit).substr(1);
      while (digits.ends_with('0')) digits.pop_back();
      out += "." + digits;
    }
    return out;
  };
  if (ns < 1'000) return std::to_string(ns) + "ns";
  if (ns < 1'000'000) return with_fraction(ns, 1'000) + "\u00b5s";
  if (ns < 1'000'000'000) return with_fraction(ns, 1'000'000) + "ms";
  const int64_t hours = ns / 3'600'000'000'000;
  const int64_t minutes = ns / 60'000'000'000 % 60;
  std::string seconds = with_fraction(ns % 60'000'000'000, 1'000'000'000) + "s";
  if (hours > 0) return std::to_string(hours) + "h" + std::to_string(minutes) + "m" + seconds;
  if (minutes > 0) return std::to_string(minutes) + "m" + seconds;
  return seconds;
}

// Appends `part` to `path` with one '/' between them; an empty part appends nothing.
void AppendSegment(std::string& path, std::string_view part) {
  if (part.empty()) return;
  if (!path.ends_with('/')) path += '/';
  path += part.starts_with('/') ? part.substr(1) : part;
}

// The string member `key` of `json`, or "" when `json` is no object or the member no string.
std::string_view StringMember(const nlohmann::json& json, std::string_view key) {
  if (!json.is_object()) return {};
  auto it = json.find(key);
  return it != json.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>())
                                             : std::string_view();
}

// Retry-After in whole seconds, as client-go's retryAfterSeconds reads it.
std::optional<int> RetryAfter(const HeaderList& headers) {
  auto value = headers.Get("Retry-After");
  if (!value || value->empty()) return std::nullopt;
  int seconds = 0;
  for (char c : *value) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    seconds = seconds * 10 + (c - '0');
  }
  return seconds;
}

// net.IsProbableEOF over the transport's Go-worded messages: the server closed the connection
// (or reset it) before answering.
bool IsProbableEof(const api::Error& error) {
  const std::string& message = error.message();
  return error.code() == 0 &&
         (message.ends_with(": EOF") || message.ends_with(": unexpected EOF") ||
          message.find("connection reset by peer") != std::string::npos);
}

// A response body by its Content-Type: protobuf (R11.4) or JSON.
Result<nlohmann::json> DecodeBody(std::string_view body, std::string_view content_type) {
  if (api::IsProtobufContentType(content_type)) return api::DecodeProtobufObject(body);
  return api::DecodeJson(body);
}

// The body ErrorFromResponse reads: a protobuf Status as JSON, anything else as it came.
std::string ErrorBody(std::string body, std::string_view content_type) {
  if (!api::IsProtobufContentType(content_type)) return body;
  auto status = api::DecodeProtobufObject(body);
  return status ? status->dump() : body;
}

// The Accept header of a request that names none (client-go's AcceptContentTypes rule).
std::string DefaultAccept(const Config& config) {
  if (!config.accept_content_types.empty()) return config.accept_content_types;
  return config.content_type.empty() ? "application/json" : config.content_type;
}

}  // namespace

std::string_view PatchContentType(PatchType type) {
  switch (type) {
    case PatchType::kJson:
      return "application/json-patch+json";
    case PatchType::kMerge:
      return "application/merge-patch+json";
    case PatchType::kStrategicMerge:
      return "application/strategic-merge-patch+json";
    case PatchType::kApply:
      return "application/apply-patch+yaml";
  }
  return "application/json";
}

Result<std::string> RestResult::Raw() const {
  if (error_) return Fail(*error_);
  // No bytes but a tree: the transport handed the answer over parsed (an empty body never
  // decodes).
  if (body_.empty() && decoded_) return JsonBodyBytes(*decoded_);
  return body_;
}

Result<nlohmann::json> RestResult::Json() const {
  if (error_) return Fail(*error_);
  if (decoded_) return *decoded_;
  return DecodeBody(body_, content_type_);
}

RestRequest::RestRequest(std::shared_ptr<const RestClientState> client, std::string verb)
    : client_(std::move(client)), verb_(std::move(verb)) {}

void RestRequest::SetError(std::string message) {
  if (!error_) error_ = api::Error(0, api::Reason::kUnknown, std::move(message));
}

RestRequest& RestRequest::Namespace(std::string_view ns) {
  if (namespace_set_) {
    SetError("namespace already set to \"" + namespace_ + "\", cannot change to \"" +
             std::string(ns) + "\"");
    return *this;
  }
  if (auto problems = api::IsValidPathSegmentName(ns); !problems.empty()) {
    SetError("invalid namespace \"" + std::string(ns) + "\": " + GoList(problems));
    return *this;
  }
  namespace_set_ = true;
  namespace_ = std::string(ns);
  return *this;
}

RestRequest& RestRequest::Resource(std::string_view resource) {
  if (!resource_.empty()) {
    SetError("resource already set to \"" + resource_ + "\", cannot change to \"" +
             std::string(resource) + "\"");
    return *this;
  }
  if (auto problems = api::IsValidPathSegmentName(resource); !problems.empty()) {
    SetError("invalid resource \"" + std::string(resource) + "\": " + GoList(problems));
    return *this;
  }
  resource_ = api::AsciiLowered(resource);
  return *this;
}

RestRequest& RestRequest::Name(std::string_view name) {
  if (name.empty()) {
    SetError("resource name may not be empty");
    return *this;
  }
  if (!name_.empty()) {
    SetError("resource name already set to \"" + name_ + "\", cannot change to \"" +
             std::string(name) + "\"");
    return *this;
  }
  if (auto problems = api::IsValidPathSegmentName(name); !problems.empty()) {
    SetError("invalid resource name \"" + std::string(name) + "\": " + GoList(problems));
    return *this;
  }
  name_ = std::string(name);
  return *this;
}

RestRequest& RestRequest::SubResource(std::string_view subresource) {
  if (!subresource_.empty()) {
    SetError("subresource already set to \"" + subresource_ + "\", cannot change to \"" +
             std::string(subresource) + "\"");
    return *this;
  }
  subresource_ = std::string(subresource);
  return *this;
}

RestRequest& RestRequest::AbsPath(std::string_view path) {
  abs_path_ = std::string(path);
  return *this;
}

RestRequest& RestRequest::Param(std::string name, std::string value) {
  params_.emplace(std::move(name), std::move(value));
  return *this;
}

RestRequest& RestRequest::SetHeader(std::string name, std::string value) {
  headers_.Set(name, std::move(value));
  return *this;
}

RestRequest& RestRequest::Body(std::string bytes) {
  body_ = std::move(bytes);
  body_tree_ = nullptr;
  return *this;
}

RestRequest& RestRequest::Body(nlohmann::json object) {
  // Patches carry their own Content-Type and are never protobuf (R11.4).
  if (!api::IsProtobufContentType(client_->config.content_type) || headers_.Get("Content-Type")) {
    body_.reset();
    body_tree_ = std::make_shared<api::BodyTree>(std::move(object));
    return *this;
  }
  auto bytes = api::EncodeProtobufObject(object);
  if (!bytes) {
    SetError(bytes.error().message());
    return *this;
  }
  content_type_ = std::string(api::kProtobufMediaType);
  return Body(std::move(*bytes));
}

RestRequest& RestRequest::Timeout(std::chrono::nanoseconds timeout) {
  timeout_ = timeout;
  return *this;
}

std::string RestRequest::Path() const {
  const std::string& base = abs_path_.empty() ? client_->versioned_path : abs_path_;
  std::string path;
  path.reserve(base.size() + namespace_.size() + resource_.size() + name_.size() +
               subresource_.size() + 16);  // "/namespaces" and the slashes
  path = base;
  if (namespace_set_ && !namespace_.empty()) {
    AppendSegment(path, "namespaces");
    AppendSegment(path, namespace_);
  }
  AppendSegment(path, resource_);
  AppendSegment(path, name_);
  AppendSegment(path, subresource_);
  if (path.empty()) path = "/";
  return path;
}

std::string RestRequest::URL() const {
  std::string url = Path();
  char separator = '?';
  for (const auto& [name, value] : params_) {
    url += separator + name + "=" + value;
    separator = '&';
  }
  return url;
}

Result<TransportResponse> RestRequest::Send(bool stream) {
  const Config& config = client_->config;
  if (client_->limiter) client_->limiter->Accept();
  TransportRequest request;
  request.method = verb_;
  request.path = Path();
  request.query = params_;
  if (timeout_.count() > 0 && !request.query.contains("timeout")) {
    request.query.emplace("timeout", GoDuration(timeout_));
  }
  request.headers = headers_;
  if (!request.headers.Get("Accept")) request.headers.Set("Accept", DefaultAccept(config));
  static const std::string kDefaultUserAgent = DefaultUserAgent();
  request.headers.Set("User-Agent",
                      config.user_agent.empty() ? kDefaultUserAgent : config.user_agent);
  if (body_tree_ && client_->transport->TakesParsedBody()) {
    request.parsed_body = body_tree_;
  } else if (body_tree_) {
    request.body = body_tree_->tree().dump();
  } else if (body_) {
    request.body = *body_;
  }
  if ((body_ || body_tree_) && !request.headers.Get("Content-Type")) {
    request.headers.Set("Content-Type", content_type_);
  }
  if (Result<void> authorized = Authorize(config, request.headers); !authorized) {
    return Fail(authorized.error());
  }
  request.timeout = timeout_.count() > 0 ? timeout_ : config.timeout;
  request.stream = stream;
  request.accepts_parsed_json = true;  // Do and the Watcher take trees
  auto response = client_->transport->Send(request);
  if (!response) return response;
  if (config.warning_handler) {
    for (std::string_view value : response->headers.GetAll("Warning")) {
      for (const WarningHeader& warning : ParseWarningHeader(value)) {
        config.warning_handler(warning.code, warning.agent, warning.text);
      }
    }
  }
  if (response->status == 401) OnUnauthorized(config);
  return response;
}

bool RestRequest::WaitedToRetry(int status, std::optional<int> retry_after, int attempt) const {
  if ((status != 429 && status < 500) || !retry_after || attempt >= client_->config.max_retries ||
      (body_tree_ && body_tree_->taken())) {
    return false;
  }
  SleepOn(*client_->clock, std::chrono::seconds(*retry_after));
  return true;
}

RestResult RestRequest::Do() {
  if (error_) return RestResult(*error_);
  const Config& config = client_->config;
  const api::GroupResource resource{
      config.group_version ? config.group_version->group : std::string(), resource_};
  for (int attempt = 0;; ++attempt) {
    auto response = Send(/*stream=*/false);
    if (!response) {
      // A GET whose connection was dropped is sent again a second later, as client-go does;
      // writes are not, since they may have happened.
      if (verb_ == "GET" && IsProbableEof(response.error()) && attempt < config.max_retries) {
        SleepOn(*client_->clock, std::chrono::seconds(1));
        continue;
      }
      return RestResult(response.error());
    }
    const int status = response->status;
    std::string content_type(response->headers.Get("Content-Type").value_or(""));
    if (status >= 200 && status <= 206) {
      std::shared_ptr<const nlohmann::json> decoded = std::move(response->parsed_json);
      if (!decoded) {
        Result<nlohmann::json> json = DecodeBody(response->body, content_type);
        if (json) decoded = std::make_shared<const nlohmann::json>(std::move(*json));
      }
      // A 2xx Status body that reports a failure is an error too, as client-go reads it.
      if (decoded && StringMember(*decoded, "kind") == "Status" &&
          StringMember(*decoded, "status") == "Failure") {
        if (auto error = api::Error::FromStatus(*decoded)) return RestResult(*error, status);
      }
      return RestResult(status, std::move(response->body), std::move(content_type),
                        std::move(decoded));
    }
    const std::optional<int> retry_after = RetryAfter(response->headers);
    if (WaitedToRetry(status, retry_after, attempt)) continue;
    const bool text = content_type.starts_with("text/");
    return RestResult(ErrorFromResponse(status, ErrorBody(std::move(response->body), content_type),
                                        text, verb_, resource, name_, retry_after.value_or(0)),
                      status);
  }
}

Result<std::unique_ptr<Watcher>> RestRequest::Watch() {
  if (error_) return Fail(*error_);
  if (!params_.contains("watch")) params_.emplace("watch", "true");
  Result<TransportResponse> response = Send(/*stream=*/true);
  // A 429 or 5xx with Retry-After is sent again after the wait, as Do does (client-go's Watch
  // retries the same way).
  for (int attempt = 0;
       response && WaitedToRetry(response->status, RetryAfter(response->headers), attempt);
       ++attempt) {
    response = Send(/*stream=*/true);
  }
  if (!response) return Fail(response.error());
  const std::string content_type(response->headers.Get("Content-Type").value_or(""));
  if (response->status < 200 || response->status > 206 || !response->stream) {
    const Config& config = client_->config;
    const api::GroupResource resource{
        config.group_version ? config.group_version->group : std::string(), resource_};
    return Fail(ErrorFromResponse(response->status,
                                  ErrorBody(std::move(response->body), content_type),
                                  content_type.starts_with("text/"), verb_, resource, name_,
                                  RetryAfter(response->headers).value_or(0)));
  }
  return std::make_unique<Watcher>(std::move(response->stream),
                                   api::IsProtobufContentType(content_type));
}

}  // namespace kubefake::client
