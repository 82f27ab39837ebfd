// HttpTransport: the Transport over cpp-httplib's client, with a small pool of keep-alive
// connections, TLS from the Config, gzip, and watch streams on a connection of their own.
#include <httplib.h>
#include <netdb.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "kubefake/api/ascii.h"
#include "kubefake/api/protobuf_codec.h"
#include "kubefake/api/sigpipe.h"
#include "kubefake/client/transport.h"
#include "tls_material.h"
#include "url_encoding.h"

namespace kubefake::client {
namespace {

constexpr size_t kMaxIdleConnections = 4;
constexpr std::chrono::seconds kConnectTimeout{30};  // client-go's dialer timeout
// With no request timeout a read waits this long (watches end by timeoutSeconds instead).
constexpr std::chrono::hours kUnboundedRead{24};

// Where requests go: parsed once from Config::host.
struct Endpoint {
  bool tls = true;
  std::string host;
  int port = 443;
  std::string base_path;  // a host's path prefix, without the trailing '/'
  std::string host_header;

  static Result<Endpoint> Parse(std::string_view url) {
    Endpoint endpoint;
    if (url.starts_with("https://")) {
      url.remove_prefix(8);
    } else if (url.starts_with("http://")) {
      url.remove_prefix(7);
      endpoint.tls = false;
      endpoint.port = 80;
    } else if (url.find("://") != std::string_view::npos) {
      return Fail(api::NewBadRequest("host must be a URL or a host:port pair: \"" +
                                     std::string(url) + "\""));
    }
    const size_t slash = url.find('/');
    std::string_view authority = url.substr(0, slash);
    if (slash != std::string_view::npos) {
      endpoint.base_path = std::string(url.substr(slash));
      while (endpoint.base_path.ends_with('/')) endpoint.base_path.pop_back();
    }
    endpoint.host_header = std::string(authority);
    std::string_view host = authority;
    std::string_view port;
    if (authority.starts_with('[')) {  // [::1]:6443
      const size_t close = authority.find(']');
      if (close == std::string_view::npos)
        return Fail(api::NewBadRequest("host has an unclosed '['"));
      host = authority.substr(1, close - 1);
      if (close + 1 < authority.size() && authority[close + 1] == ':')
        port = authority.substr(close + 2);
    } else if (const size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
    if (host.empty())
      return Fail(api::NewBadRequest("host has no host name: \"" + std::string(url) + "\""));
    endpoint.host = std::string(host);
    if (!port.empty()) {
      try {
        endpoint.port = std::stoi(std::string(port));
      } catch (const std::exception&) {
        return Fail(api::NewBadRequest("host has an invalid port: \"" + std::string(port) + "\""));
      }
    }
    return endpoint;
  }
};

// A numeric address for `host`, so a TLS client can dial it while verifying another name.
std::string ResolveNumeric(const std::string& host) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* result = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &result) != 0 || result == nullptr) return host;
  char text[NI_MAXHOST];
  std::string numeric = host;
  if (getnameinfo(result->ai_addr, result->ai_addrlen, text, sizeof(text), nullptr, 0,
                  NI_NUMERICHOST) == 0) {
    numeric = text;
  }
  freeaddrinfo(result);
  return numeric;
}

api::Error TransportError(const TransportRequest& request, const Endpoint& endpoint,
                          httplib::Error error) {
  std::string detail;
  switch (error) {
    case httplib::Error::Connection:
      detail = "dial tcp " + endpoint.host_header + ": connect: connection refused";
      break;
    case httplib::Error::SSLServerVerification:
      detail = "tls: failed to verify certificate: x509: certificate signed by unknown authority";
      break;
    case httplib::Error::Read:
      detail = request.timeout.count() > 0 && !request.stream
                   ? "net/http: request canceled (Client.Timeout exceeded while awaiting headers)"
                   : "EOF";
      break;
    default:
      detail = httplib::to_string(error);
  }
  const std::string url = std::string(endpoint.tls ? "https://" : "http://") +
                          endpoint.host_header + endpoint.base_path + request.path;
  std::string method = request.method;
  if (!method.empty()) method = method.front() + api::AsciiLowered(method.substr(1));
  return api::Error(0, api::Reason::kUnknown, method + " \"" + url + "\": " + detail);
}

void CopyHeaders(const httplib::Headers& from, HeaderList& to) {
  for (const auto& [name, value] : from) to.Add(name, value);
}

// A watch body split into frames (lines, or length-prefixed protobuf frames), filled by the
// thread that runs the request.
class HttpStream final : public ResponseStream {
 public:
  // Takes the client that carries the stream.
  explicit HttpStream(std::unique_ptr<httplib::ClientImpl> client) : client_(std::move(client)) {}
  ~HttpStream() override {
    Cancel();
    if (thread_.joinable()) thread_.join();
  }

  httplib::ClientImpl& client() { return *client_; }
  // Called before the first Push when the body is a protobuf watch.
  void UseLengthPrefixedFrames() {
    std::lock_guard lock(mutex_);
    length_prefixed_ = true;
  }
  // Runs the request on the stream's own thread.
  void Start(std::function<void()> body) { thread_ = std::thread(std::move(body)); }

  // Called by the receiving thread with each chunk; false stops the transfer.
  bool Push(const char* data, size_t size) {
    std::lock_guard lock(mutex_);
    if (cancelled_) return false;
    partial_.append(data, size);
    if (length_prefixed_) {
      PushLengthPrefixedLocked();
    } else {
      size_t newline;
      while ((newline = partial_.find('\n')) != std::string::npos) {
        if (newline > 0) frames_.push_back(partial_.substr(0, newline));
        partial_.erase(0, newline + 1);
      }
    }
    ready_.notify_all();
    return true;
  }

  void Finish(std::optional<api::Error> error) {
    std::lock_guard lock(mutex_);
    if (!partial_.empty() && !length_prefixed_) frames_.push_back(std::exchange(partial_, {}));
    if (!cancelled_) error_ = std::move(error);
    ended_ = true;
    ready_.notify_all();
  }

  Result<std::optional<std::string>> Next() override {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !frames_.empty() || ended_ || cancelled_; });
    if (cancelled_) return std::nullopt;
    if (!frames_.empty()) {
      std::string frame = std::move(frames_.front());
      frames_.pop_front();
      return frame;
    }
    if (error_) return Fail(*error_);
    return std::nullopt;
  }

  void Cancel() override {
    {
      std::lock_guard lock(mutex_);
      if (cancelled_) return;
      cancelled_ = true;
      ready_.notify_all();
    }
    client_->stop();
  }

 private:
  // Moves every complete frame (a 4-byte big-endian length, then that many bytes) to frames_.
  void PushLengthPrefixedLocked() {
    constexpr size_t kPrefix = 4;
    size_t offset = 0;
    while (partial_.size() - offset >= kPrefix) {
      size_t length = 0;
      for (size_t i = 0; i < kPrefix; ++i) {
        length = length << 8 | static_cast<unsigned char>(partial_[offset + i]);
      }
      if (partial_.size() - offset - kPrefix < length) break;
      frames_.push_back(partial_.substr(offset + kPrefix, length));
      offset += kPrefix + length;
    }
    partial_.erase(0, offset);
  }

  std::unique_ptr<httplib::ClientImpl> client_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> frames_;
  std::string partial_;
  std::optional<api::Error> error_;
  bool ended_ = false;
  bool cancelled_ = false;
  bool length_prefixed_ = false;
};

class HttpTransport final : public Transport {
 public:
  HttpTransport(Endpoint endpoint, TlsClientConfig tls, TlsMaterial material)
      : endpoint_(std::move(endpoint)), tls_(std::move(tls)), material_(std::move(material)) {
    if (endpoint_.tls && !tls_.server_name.empty()) dial_address_ = ResolveNumeric(endpoint_.host);
  }

  Result<TransportResponse> Send(const TransportRequest& request) override {
    httplib::Request out = ToHttplib(request);
    if (request.stream) return SendStream(request, std::move(out));
    std::unique_ptr<httplib::ClientImpl> client = Acquire();
    SetTimeouts(*client, request.timeout);
    httplib::Response in;
    httplib::Error error = httplib::Error::Success;
    if (!client->send(out, in, error)) return Fail(TransportError(request, endpoint_, error));
    TransportResponse response;
    response.status = in.status;
    CopyHeaders(in.headers, response.headers);
    response.body = std::move(in.body);
    if (in.get_header_value("Connection") != "close") Release(std::move(client));
    return response;
  }

 private:
  httplib::Request ToHttplib(const TransportRequest& request) const {
    httplib::Request out;
    out.method = request.method;
    out.path = EscapePath(endpoint_.base_path + request.path);
    if (!request.query.empty()) out.path += "?" + EncodeQuery(request.query);
    for (const auto& [name, value] : request.headers.entries()) out.headers.emplace(name, value);
    if (!out.has_header("Accept-Encoding")) out.headers.emplace("Accept-Encoding", "gzip");
    out.headers.emplace("Host", endpoint_.host_header);
    out.body = request.body;
    return out;
  }

  Result<TransportResponse> SendStream(const TransportRequest& request, httplib::Request out) {
    auto stream = std::make_unique<HttpStream>(NewClient());
    HttpStream* raw = stream.get();
    struct Head {
      std::mutex mutex;
      std::condition_variable ready;
      std::optional<httplib::Response> response;  // status and headers
      std::string error_body;
      bool streaming = false;
      bool done = false;
      std::optional<api::Error> error;
    };
    auto head = std::make_shared<Head>();
    httplib::ClientImpl* client = &raw->client();
    SetTimeouts(*client, request.timeout, /*stream=*/true);
    out.response_handler = [head, raw](const httplib::Response& response) {
      if (api::IsProtobufContentType(response.get_header_value("Content-Type"))) {
        raw->UseLengthPrefixedFrames();
      }
      std::lock_guard lock(head->mutex);
      head->response = response;
      head->streaming = response.status >= 200 && response.status < 300;
      head->ready.notify_all();
      return true;
    };
    out.content_receiver = [head, raw](const char* data, size_t size, uint64_t, uint64_t) {
      if (head->streaming) return raw->Push(data, size);
      std::lock_guard lock(head->mutex);
      head->error_body.append(data, size);
      return true;
    };
    raw->Start([head, raw, client, out = std::move(out), request, endpoint = endpoint_]() mutable {
      httplib::Response in;
      httplib::Error error = httplib::Error::Success;
      const bool ok = client->send(out, in, error);
      std::optional<api::Error> failure;
      if (!ok && error != httplib::Error::Canceled)
        failure = TransportError(request, endpoint, error);
      raw->Finish(head->streaming ? failure : std::nullopt);
      std::lock_guard lock(head->mutex);
      if (!head->response)
        head->error = failure ? failure : TransportError(request, endpoint, error);
      head->done = true;
      head->ready.notify_all();
    });
    std::unique_lock lock(head->mutex);
    head->ready.wait(lock, [&] { return head->response.has_value() || head->done; });
    if (!head->response) {
      api::Error error = *head->error;
      lock.unlock();
      stream.reset();
      return Fail(std::move(error));
    }
    TransportResponse response;
    response.status = head->response->status;
    CopyHeaders(head->response->headers, response.headers);
    if (head->streaming) {
      response.stream = std::move(stream);
      return response;
    }
    head->ready.wait(lock, [&] { return head->done; });
    response.body = std::move(head->error_body);
    lock.unlock();
    stream.reset();
    return response;
  }

  std::unique_ptr<httplib::ClientImpl> NewClient() const {
    std::unique_ptr<httplib::ClientImpl> client;
    if (!endpoint_.tls) {
      client = std::make_unique<httplib::ClientImpl>(endpoint_.host, endpoint_.port);
    } else {
      // With tls-server-name the client verifies (and sends as SNI) that name and dials the
      // host's address instead.
      const std::string& name = tls_.server_name.empty() ? endpoint_.host : tls_.server_name;
      X509* cert = material_.NewCertificate();
      EVP_PKEY* key = material_.NewKey();
      auto ssl = cert != nullptr
                     ? std::make_unique<httplib::SSLClient>(name, endpoint_.port, cert, key)
                     : std::make_unique<httplib::SSLClient>(name, endpoint_.port);
      X509_free(cert);
      EVP_PKEY_free(key);
      if (X509_STORE* store = material_.NewCaStore()) ssl->set_ca_cert_store(store);  // takes it
      ssl->enable_server_certificate_verification(!tls_.insecure);
      if (!tls_.server_name.empty()) ssl->set_hostname_addr_map({{name, dial_address_}});
      client = std::move(ssl);
    }
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);  // as Go's net.Dial: no Nagle delay on small requests
    client->set_url_encode(false);
    client->set_decompress(true);
    client->set_connection_timeout(kConnectTimeout);
    return client;
  }

  static void SetTimeouts(httplib::ClientImpl& client, std::chrono::nanoseconds timeout,
                          bool stream = false) {
    const auto read = timeout.count() > 0 && !stream
                          ? std::chrono::duration_cast<std::chrono::microseconds>(timeout)
                          : std::chrono::duration_cast<std::chrono::microseconds>(kUnboundedRead);
    client.set_read_timeout(read);
    client.set_write_timeout(read);
  }

  std::unique_ptr<httplib::ClientImpl> Acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        auto client = std::move(idle_.back());
        idle_.pop_back();
        return client;
      }
    }
    return NewClient();
  }

  void Release(std::unique_ptr<httplib::ClientImpl> client) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(client));
  }

  const Endpoint endpoint_;
  const TlsClientConfig tls_;
  const TlsMaterial material_;
  std::string dial_address_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<httplib::ClientImpl>> idle_;
};

}  // namespace

Result<std::shared_ptr<Transport>> NewHttpTransport(const Config& config) {
  // OpenSSL writes TLS records with write(2), without MSG_NOSIGNAL.
  api::IgnoreSigpipe();
  auto endpoint = Endpoint::Parse(config.host);
  if (!endpoint) return Fail(endpoint.error());
  auto material = TlsMaterial::Load(config.tls);
  if (!material) return Fail(material.error());
  return std::shared_ptr<Transport>(
      std::make_shared<HttpTransport>(std::move(*endpoint), config.tls, std::move(*material)));
}

}  // namespace kubefake::client
