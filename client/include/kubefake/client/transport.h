// Transport: the seam between the client and an apiserver. A request goes out as plain values
// and comes back as a response or an open stream (watch); client-go's http.RoundTripper. The
// client's HttpTransport speaks HTTP(S); testkit::InProcessTransport calls the fake's engine
// directly (handing 2xx JSON answers over as parsed trees when asked). Implementations are
// thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kubefake/api/result.h"
#include "kubefake/client/config.h"

namespace kubefake::api {
class BodyTree;
}  // namespace kubefake::api

namespace kubefake::client {

// HTTP header fields in order; names compare case-insensitively.
class HeaderList {
 public:
  // The first value of `name`, or nullopt.
  std::optional<std::string_view> Get(std::string_view name) const;
  // Every value of `name`, in order.
  std::vector<std::string_view> GetAll(std::string_view name) const;
  // Replaces every value of `name`.
  void Set(std::string_view name, std::string value);
  void Add(std::string_view name, std::string value);
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

struct TransportRequest {
  std::string method;  // "GET", "POST", "PUT", "PATCH", "DELETE"
  std::string path;    // not percent-encoded: "/api/v1/namespaces/default/pods/web"
  std::multimap<std::string, std::string> query;  // not percent-encoded
  HeaderList headers;
  std::string body;
  // The body as a JSON tree instead of `body` (then empty): sent only to a transport that
  // TakesParsedBody. It stands for its compact dump, which is what `body` would hold. The
  // transport may take the tree (api::BodyTree::Take); the request is then not sent again.
  std::shared_ptr<api::BodyTree> parsed_body;
  // The deadline of the whole exchange (of connecting and the first byte, for a stream);
  // 0 for the transport's default.
  std::chrono::nanoseconds timeout{0};
  // Ask for the body as a stream (a watch); a non-2xx answer still comes back whole.
  bool stream = false;
  // The caller takes a 2xx JSON answer as TransportResponse::parsed_json, and a JSON watch's
  // events as StreamFrame trees; a transport that holds them as trees (InProcessTransport) may
  // then hand them over without bytes.
  bool accepts_parsed_json = false;
};

// One frame of a streamed response: `bytes`, or, only for a request with accepts_parsed_json
// and only in a JSON watch, the event as its type and object, a shared immutable tree (then
// `object` is set and `bytes` empty). The tree stands for the event {"type": event_type,
// "object": *object}, and differs from parsing it as TransportResponse::parsed_json does.
struct StreamFrame {
  std::string bytes;
  std::string event_type;
  std::shared_ptr<const nlohmann::json> object;
};

// The body of a streamed response, one frame at a time: for a JSON watch, one event's JSON; for
// a protobuf watch (Content-Type application/vnd.kubernetes.protobuf;stream=watch), one
// WatchEvent's bytes without the 4-byte length prefix that frames it (R11.4).
// Thread-safe: Cancel may be called from any thread while another blocks in Next.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // Blocks for the next frame; nullopt when the stream has ended (the server closed it, or
  // Cancel was called). Errors: the connection failed mid-stream.
  virtual Result<std::optional<std::string>> Next() = 0;
  // As Next, but a transport that holds the frame as a tree may hand it over as one (see
  // StreamFrame). By default, Next's bytes.
  virtual Result<std::optional<StreamFrame>> NextFrame();
  // Ends the stream; a blocked Next returns nullopt. Idempotent.
  virtual void Cancel() = 0;
};

struct TransportResponse {
  int status = 0;
  HeaderList headers;
  std::string body;
  // Only for a request with accepts_parsed_json: the answer as a shared immutable tree instead
  // of `body` (then empty); JsonBodyBytes gives the bytes it stands for.
  std::shared_ptr<const nlohmann::json> parsed_json;
  // Set when the request asked for a stream and the answer was 2xx; `body` is then empty.
  std::unique_ptr<ResponseStream> stream;
};

// The body a parsed_json answer stands for: its compact dump and a newline, as the apiserver
// writes JSON.
std::string JsonBodyBytes(const nlohmann::json& body);

class Transport {
 public:
  virtual ~Transport() = default;
  // Sends one request. A non-2xx answer is a response, not an error.
  // Errors: the request never got an answer: code 0 with a message in Go's net/http words
  // (`dial tcp 127.0.0.1:1: connect: connection refused`), or a TLS failure.
  virtual Result<TransportResponse> Send(const TransportRequest& request) = 0;
  // Whether Send reads TransportRequest::parsed_body (InProcessTransport hands it to the engine
  // without bytes); a transport that does not gets every body as bytes.
  virtual bool TakesParsedBody() const { return false; }
};

// An HTTP(S) transport over cpp-httplib for `config`'s host and TLS settings (not its
// authentication, which the RESTClient adds). Keeps up to a few idle keep-alive connections
// for reuse; accepts gzip. A watch stream gets a connection of its own. A write to a
// connection the server has closed must come back as an error, not kill the process: the
// transport applies api::IgnoreSigpipe (default action becomes ignored; a handler the program
// installed is left alone).
// Errors: BadRequest for a host that does not parse or TLS files or data that do not load.
Result<std::shared_ptr<Transport>> NewHttpTransport(const Config& config);

// config.transport when set, else NewHttpTransport(config).
Result<std::shared_ptr<Transport>> TransportFor(const Config& config);

}  // namespace kubefake::client
