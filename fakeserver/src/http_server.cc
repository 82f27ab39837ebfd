// The HTTP(S) front end: cpp-httplib wiring, request mapping, authentication, body limits,
// watch tracking and graceful stop (see kubefake/fakeserver/http_server.h).
#include "kubefake/fakeserver/http_server.h"

#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <strings.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <set>
#include <thread>

#include "accepted_connections.h"
#include "bearer_token_authenticator.h"
#include "body_codec.h"
#include "elastic_task_queue.h"
#include "http_response_writer.h"
#include "list_body_stream.h"
#include "kubefake/api/sigpipe.h"
#include "negotiation.h"
#include "openssl_ptr.h"
#include "request_target.h"
#include "watch_stream.h"
#include "watch_write_loop.h"

namespace kubefake::fakeserver {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Connection threads: one per open connection (a watch holds one), up to this many.
constexpr std::size_t kMaxConnectionThreads = 4096;
constexpr milliseconds kIdleThreadTimeout(10'000);
// How often an idle watch checks that its client is still there.
constexpr milliseconds kWatchLivenessInterval(500);
// With more than this many watches open, watches are written at most once per interval: a change
// then wakes the write loop (or, for TLS, each watch's thread) and each client once per interval
// at most, not once per change, which is what a thousand watches on two cores cannot afford.
constexpr std::size_t kCoalescingWatches = 100;
constexpr milliseconds kCoalescedFlushInterval(25);
// Plaintext watches are written by one event loop per core, up to this many: one loop's thread
// alone cannot write a thousand watches' events at a thousand changes a second.
constexpr unsigned kMaxWriteLoops = 4;
// Stop waits this long for watches to write their last chunk and for requests in flight to
// be answered (a client that does not read holds a write for cpp-httplib's 5 s write timeout).
constexpr milliseconds kDrainTimeout(7'000);

// Headers cpp-httplib adds to every request it parses; not the client's.
bool IsLibraryHeader(const std::string& name) {
  for (const char* added : {"REMOTE_ADDR", "REMOTE_PORT", "LOCAL_ADDR", "LOCAL_PORT"}) {
    if (name == added) return true;
  }
  return false;
}

bool HasBody(const httplib::Request& req) {
  return req.has_header("Content-Length") ||
         strcasecmp(req.get_header_value("Transfer-Encoding").c_str(), "chunked") == 0;
}

// The Status for an error cpp-httplib answered by itself (its status code in `code`).
api::Error LibraryError(int code, std::size_t max_body) {
  switch (code) {
    case 400:
      return api::NewBadRequest("malformed HTTP request");
    case 404:
      return api::NewRouteNotFound();
    case 413:
      return api::NewRequestEntityTooLarge("limit is " + std::to_string(max_body));
    case 414:
      return api::Error(414, api::Reason::kUnknown, "request URI too long");
    case 415:
      return api::NewUnsupportedMediaType("unsupported Content-Encoding");
    case 416:
      return api::Error(416, api::Reason::kUnknown, "invalid Range header");
    default:
      return api::Error(
          code, api::Reason::kUnknown,
          "the server could not handle the request (HTTP " + std::to_string(code) + ")");
  }
}

// Loads a PEM certificate chain and private key into `context` (TLS 1.2 or newer).
bool LoadCertificate(SSL_CTX& context, const std::string& chain_pem, const std::string& key_pem) {
  using Bio = OpenSslPtr<BIO, BIO_free>;
  Bio chain(BIO_new_mem_buf(chain_pem.data(), static_cast<int>(chain_pem.size())));
  Bio key_bio(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())));
  if (!chain || !key_bio) return false;
  OpenSslPtr<X509, X509_free> leaf(
      PEM_read_bio_X509(chain.get(), nullptr, nullptr, nullptr));
  OpenSslPtr<EVP_PKEY, EVP_PKEY_free> key(
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  if (!leaf || !key || SSL_CTX_set_min_proto_version(&context, TLS1_2_VERSION) != 1 ||
      SSL_CTX_use_certificate(&context, leaf.get()) != 1 ||
      SSL_CTX_use_PrivateKey(&context, key.get()) != 1 ||
      SSL_CTX_check_private_key(&context) != 1) {
    return false;
  }
  while (X509* intermediate = PEM_read_bio_X509(chain.get(), nullptr, nullptr, nullptr)) {
    if (SSL_CTX_add0_chain_cert(&context, intermediate) != 1) {
      X509_free(intermediate);
      return false;
    }
  }
  ERR_clear_error();  // the end of the chain reads as a PEM "no start line" error
  return true;
}

// Puts SIGPIPE's action back as it was when constructed: cpp-httplib's Server constructor sets
// it to ignored whatever the program had installed, which is not api::IgnoreSigpipe's policy.
class SigpipeActionKeeper {
 public:
  SigpipeActionKeeper() { sigaction(SIGPIPE, nullptr, &action_); }
  ~SigpipeActionKeeper() { sigaction(SIGPIPE, &action_, nullptr); }
  SigpipeActionKeeper(const SigpipeActionKeeper&) = delete;
  SigpipeActionKeeper& operator=(const SigpipeActionKeeper&) = delete;

 private:
  struct sigaction action_ {};
};

}  // namespace

class HttpServer::Impl {
 public:
  Impl(ApiServer& server, HttpServerOptions options)
      : server_(server), options_(std::move(options)) {}

  ~Impl() { Stop(); }

  Result<void> Start() {
    if (http_) return Fail(api::NewBadRequest("the HTTP server was started already"));
    if (options_.tls_certificate_pem.empty() != options_.tls_private_key_pem.empty()) {
      return Fail(api::NewBadRequest("TLS needs both a certificate and a private key"));
    }
    if (options_.idle_timeout < seconds(1)) {
      return Fail(api::NewBadRequest("the idle timeout must be at least one second"));
    }
    {
      const SigpipeActionKeeper keeper;
      if (options_.tls_certificate_pem.empty()) {
        http_ = std::make_unique<httplib::Server>();
      } else {
        http_ = std::make_unique<httplib::SSLServer>([this](SSL_CTX& context) {
          return LoadCertificate(context, options_.tls_certificate_pem,
                                 options_.tls_private_key_pem);
        });
      }
    }
    if (!http_->is_valid()) {
      http_.reset();
      return Fail(api::NewBadRequest("the TLS certificate or private key does not load"));
    }
    // cpp-httplib 0.11 writes without MSG_NOSIGNAL: a client that closes its connection while
    // we write would kill the process with SIGPIPE.
    api::IgnoreSigpipe();
    Configure(*http_);
    const int bound =
        options_.port == 0
            ? http_->bind_to_any_port(options_.address)
            : (http_->bind_to_port(options_.address, options_.port) ? options_.port : -1);
    if (bound <= 0 || listen_socket_ < 0) {
      http_.reset();
      return Fail(api::NewServiceUnavailable("cannot listen on " + options_.address + ":" +
                                             std::to_string(options_.port)));
    }
    // cpp-httplib listens with a backlog of 5; a burst of connects (a thousand watches) would
    // see SYNs dropped and retried a second later. Listening again raises it.
    ::listen(listen_socket_, SOMAXCONN);
    port_ = bound;
    // cpp-httplib's TLS connections are written through its SSL object, which the loop cannot
    // share: TLS watches keep their connection's thread.
    if (options_.tls_certificate_pem.empty()) {
      accepted_ = std::make_unique<AcceptedConnections>(port_);
      const unsigned loops = std::clamp(std::thread::hardware_concurrency(), 1u, kMaxWriteLoops);
      for (unsigned i = 0; i < loops; ++i) {
        write_loops_.push_back(
            std::make_unique<WatchWriteLoop>([this] { return FlushInterval(); }));
      }
    }
    listener_ = std::thread([this] { http_->listen_after_bind(); });
    // cpp-httplib's stop() does nothing until the accept loop runs; wait for it so a Stop
    // right after Start cannot leave the loop blocked in accept.
    while (!http_->is_running()) std::this_thread::yield();
    return {};
  }

  int port() const { return port_; }

  std::string url() const {
    const std::string host = options_.address.find(':') != std::string::npos
                                 ? "[" + options_.address + "]"
                                 : options_.address;
    return (options_.tls_certificate_pem.empty() ? "http://" : "https://") + host + ":" +
           std::to_string(port_);
  }

  void Stop() {
    {
      std::lock_guard lock(watches_mutex_);
      if (stopping_ || !http_) return;
      stopping_ = true;
      for (ResponseStream* stream : watches_) stream->Cancel();
    }
    WaitForOpenWatches(0, kDrainTimeout);
    {
      // cpp-httplib stops writing bodies once stop() is called: let requests in flight finish.
      std::unique_lock lock(watches_mutex_);
      watches_changed_.wait_for(lock, kDrainTimeout, [&] { return in_flight_ == 0; });
    }
    http_->stop();
    // cpp-httplib keeps an idle connection until its idle timeout even after stop().
    ShutdownReadsOfConnectionsOnPort(port_);
    if (listener_.joinable()) listener_.join();
  }

  std::size_t OpenWatches() const {
    std::lock_guard lock(watches_mutex_);
    return watches_.size();
  }

  bool WaitForOpenWatches(std::size_t n, milliseconds timeout) const {
    std::unique_lock lock(watches_mutex_);
    return watches_changed_.wait_for(lock, timeout, [&] { return watches_.size() == n; });
  }

  bool WaitForRequestsInFlight(std::size_t n, milliseconds timeout) const {
    std::unique_lock lock(watches_mutex_);
    return watches_changed_.wait_for(lock, timeout, [&] { return in_flight_ == n; });
  }

 private:
  void Configure(httplib::Server& http) {
    http.new_task_queue = [] {
      return new ElasticTaskQueue(kMaxConnectionThreads, kIdleThreadTimeout);
    };
    http.set_tcp_nodelay(true);
    http.set_keep_alive_max_count(std::numeric_limits<size_t>::max());
    http.set_keep_alive_timeout(static_cast<time_t>(options_.idle_timeout.count()));
    http.set_payload_max_length(options_.max_request_body_bytes);
    http.set_socket_options([this](socket_t socket) {
      const int on = 1;
      ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
      listen_socket_ = socket;
    });
    // Every method goes to the engine. Body-less ones before routing (cpp-httplib's route
    // patterns are std::regex, which would recurse over a long path); the others with a
    // content reader, so this file decides how bodies are read.
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (req.method != "GET" && req.method != "HEAD" && req.method != "OPTIONS") {
        return httplib::Server::HandlerResponse::Unhandled;
      }
      Serve(req, res, nullptr);
      return httplib::Server::HandlerResponse::Handled;
    });
    const auto with_body = [this](const httplib::Request& req, httplib::Response& res,
                                  const httplib::ContentReader& reader) {
      Serve(req, res, &reader);
    };
    http.Post(".*", with_body);
    http.Put(".*", with_body);
    http.Patch(".*", with_body);
    http.Delete(".*", with_body);
    http.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request&, httplib::Response& res) {
          if (!res.body.empty() || res.content_provider_ || res.has_header("Content-Type")) {
            return httplib::Server::HandlerResponse::Unhandled;  // a response of ours
          }
          WriteStatus(res, LibraryError(res.status, options_.max_request_body_bytes));
          return httplib::Server::HandlerResponse::Handled;
        }));
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
          std::string what = "unknown exception";
          try {
            std::rethrow_exception(error);
          } catch (const std::exception& e) {
            what = e.what();
          } catch (...) {
          }
          res = httplib::Response();
          WriteStatus(res, api::NewInternalError(what));
        });
  }

  // What reading a request body found.
  enum class BodyRead { kComplete, kTooLarge, kTruncated };

  BodyRead ReadBody(const httplib::Request& req, const httplib::ContentReader& reader,
                    std::string& body) const {
    if (!HasBody(req)) return BodyRead::kComplete;  // Go reads no body without either header
    const std::size_t limit = options_.max_request_body_bytes;
    bool too_large = false;
    const bool read = reader([&](const char* data, size_t size) {
      if (too_large || body.size() + size > limit) {
        too_large = true;  // keep reading to the end so the connection stays usable
        body.clear();
        return true;
      }
      body.append(data, size);
      return true;
    });
    // cpp-httplib itself refuses a Content-Length over the limit (it skips the body).
    if (too_large || (!read && std::strtoull(req.get_header_value("Content-Length").c_str(),
                                             nullptr, 10) > limit)) {
      return BodyRead::kTooLarge;
    }
    return read ? BodyRead::kComplete : BodyRead::kTruncated;
  }

  // Counts a request as in flight until the returned handle and its copies are gone.
  std::shared_ptr<const void> BeginRequest() {
    {
      std::lock_guard lock(watches_mutex_);
      ++in_flight_;
      watches_changed_.notify_all();
    }
    return std::shared_ptr<const void>(nullptr, [this](const void*) {
      std::lock_guard lock(watches_mutex_);
      --in_flight_;
      watches_changed_.notify_all();
    });
  }

  void Serve(const httplib::Request& req, httplib::Response& res,
             const httplib::ContentReader* reader) {
    const std::shared_ptr<const void> hold = BeginRequest();
    Request request;
    BodyRead body = BodyRead::kComplete;
    if (reader != nullptr) body = ReadBody(req, *reader, request.body);

    Result<RequestTarget> target = ParseRequestTarget(req.target);
    if (!target) return WriteStatus(res, target.error());
    request.method = req.method;
    request.streams_list_body = true;
    request.path = std::move(target->path);
    request.query = std::move(target->query);
    for (const auto& [name, value] : req.headers) {
      if (!IsLibraryHeader(name)) request.headers.Add(name, value);
    }
    const OutputFormat error_format = NegotiateOutput(request, false).value_or(OutputFormat{});

    if (!options_.bearer_token.empty()) {
      const std::optional<std::string_view> token =
          BearerToken(request.headers.Get("Authorization").value_or(""));
      if (!token || *token != options_.bearer_token) {
        return WriteEngineResponse(
            req, res, ErrorResponse(api::NewUnauthorized("Unauthorized"), error_format), hold);
      }
    }
    request.headers.Remove("Authorization");  // as the authentication filter does
    request.user = AdminUser();

    if (body == BodyRead::kTooLarge) {
      return WriteEngineResponse(
          req, res,
          ErrorResponse(api::NewRequestEntityTooLarge(
                            "limit is " + std::to_string(options_.max_request_body_bytes)),
                        error_format),
          hold);
    }
    if (body == BodyRead::kTruncated) {
      // Go's body reader fails with io.ErrUnexpectedEOF, which the handlers report as a
      // non-Status error (R5.1).
      return WriteEngineResponse(
          req, res,
          ErrorResponse(api::Error(500, api::Reason::kUnknown, "unexpected EOF"), error_format),
          hold);
    }
    WriteEngineResponse(req, res, server_.Handle(request), hold);
  }

  // `hold` keeps the request in flight until its body is written.
  void WriteEngineResponse(const httplib::Request& req, httplib::Response& res, Response response,
                           std::shared_ptr<const void> hold) {
    const std::string content_type = CopyStatusAndHeaders(res, response);
    if (!response.stream) {
      WriteBody(res, std::move(response.body), content_type,
                req.get_header_value("Accept-Encoding"), std::move(hold));
      return;
    }
    if (dynamic_cast<ListBodyStream*>(response.stream.get()) != nullptr) {
      std::shared_ptr<ListBodyStream> body(static_cast<ListBodyStream*>(response.stream.release()));
      WriteStreamedBody(res, std::move(body), content_type,
                        req.get_header_value("Accept-Encoding"), std::move(hold));
      return;
    }
    std::shared_ptr<ResponseStream> stream = std::move(response.stream);
    {
      std::lock_guard lock(watches_mutex_);
      watches_.insert(stream.get());
      if (stopping_) stream->Cancel();
    }
    auto release = [this, stream] {
      stream->Cancel();
      std::lock_guard lock(watches_mutex_);
      watches_.erase(stream.get());
      watches_changed_.notify_all();
    };
    // SetReadyCallback with nullptr registers nothing; it tells whether the loop can wait on
    // this stream (a fault-shortened one it cannot).
    if (!write_loops_.empty() && SetReadyCallback(*stream, nullptr)) {
      const int socket = accepted_->Duplicate(req.remote_addr, req.remote_port);
      if (socket >= 0) {
        WatchWriteLoop& loop = *write_loops_[next_loop_++ % write_loops_.size()];
        return WriteWatchFromLoop(res, std::move(stream), content_type, loop, socket,
                                  std::move(release));
      }
    }
    WriteWatch(res, stream, content_type, kWatchLivenessInterval, [this] { return FlushInterval(); },
               std::move(release));
  }

  milliseconds FlushInterval() const {
    return OpenWatches() > kCoalescingWatches ? kCoalescedFlushInterval : milliseconds(0);
  }

  ApiServer& server_;
  const HttpServerOptions options_;
  // Write plaintext watches, each its share; declared before http_ so that they outlive the
  // connections.
  std::vector<std::unique_ptr<WatchWriteLoop>> write_loops_;
  std::atomic<std::size_t> next_loop_ = 0;         // the loop the next watch goes to (modulo)
  std::unique_ptr<AcceptedConnections> accepted_;  // finds a watch's socket for write_loops_
  std::unique_ptr<httplib::Server> http_;
  std::thread listener_;
  int listen_socket_ = -1;
  int port_ = 0;

  mutable std::mutex watches_mutex_;
  mutable std::condition_variable watches_changed_;
  std::set<ResponseStream*> watches_;  // streams being written; owned by their responses
  std::size_t in_flight_ = 0;          // requests not yet answered in full
  bool stopping_ = false;
};

HttpServer::HttpServer(ApiServer& server, HttpServerOptions options)
    : impl_(std::make_unique<Impl>(server, std::move(options))) {}
HttpServer::~HttpServer() = default;
Result<void> HttpServer::Start() { return impl_->Start(); }
int HttpServer::port() const { return impl_->port(); }
std::string HttpServer::url() const { return impl_->url(); }
void HttpServer::Stop() { impl_->Stop(); }
std::size_t HttpServer::OpenWatches() const { return impl_->OpenWatches(); }
bool HttpServer::WaitForOpenWatches(std::size_t n, milliseconds timeout) const {
  return impl_->WaitForOpenWatches(n, timeout);
}
bool HttpServer::WaitForRequestsInFlight(std::size_t n, milliseconds timeout) const {
  return impl_->WaitForRequestsInFlight(n, timeout);
}

}  // namespace kubefake::fakeserver
