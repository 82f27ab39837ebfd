// The HTTP door of the engine tests (see http_door.h).
#include "http_door.h"

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "kubefake/fakeserver/http_server.h"
#include "raw_http_connection.h"
#include "request_target.h"

namespace kubefake::fakeserver {
namespace {

constexpr time_t kWatchReadTimeoutSeconds = 3600;

httplib::Headers ToHttpHeaders(const Headers& headers) {
  httplib::Headers out;
  for (const auto& [name, value] : headers.entries()) out.emplace(name, value);
  return out;
}

void CopyHeaders(const httplib::Headers& headers, Response& response) {
  for (const auto& [name, value] : headers) response.headers.Add(name, value);
}

std::unique_ptr<httplib::Client> NewClient(int port) {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port);
  client->set_url_encode(false);  // EncodeTarget has escaped the target already
  client->set_decompress(false);  // no Accept-Encoding the test did not ask for
  client->set_tcp_nodelay(true);
  return client;
}

// R1.4: what the engine serves as a watch (the door only uses it to pick a connection).
bool LooksLikeWatch(const Request& request) {
  if (request.method != "GET") return false;
  if (request.path.find("/watch/") != std::string::npos) return true;
  auto watch = request.query.find("watch");
  return watch != request.query.end() && watch->second != "false" && watch->second != "0";
}

// Where the first frame of a watch body in `buffer` ends, or npos while it is incomplete: a
// line, or for protobuf a 4-byte big-endian length and that many bytes (R11.4).
size_t FrameEnd(std::string_view buffer, bool length_delimited) {
  if (!length_delimited) {
    const size_t newline = buffer.find('\n');
    return newline == std::string_view::npos ? newline : newline + 1;
  }
  if (buffer.size() < 4) return std::string_view::npos;
  size_t size = 0;
  for (int i = 0; i < 4; ++i) size = size << 8 | static_cast<unsigned char>(buffer[i]);
  return buffer.size() < 4 + size ? std::string_view::npos : 4 + size;
}

// A response read on its own thread: the head arrives first; a chunked body is then split into
// frames (lines, or length-prefixed protobuf frames) that Next yields, any other body is
// collected whole.
class HttpResponseStream final : public ResponseStream {
 public:
  HttpResponseStream(int port, const Request& request) : client_(NewClient(port)) {
    client_->set_read_timeout(kWatchReadTimeoutSeconds, 0);
    reader_ = std::thread(
        [this, target = EncodeTarget(request), headers = ToHttpHeaders(request.headers)] {
          httplib::Result result = client_->Get(
              target, headers,
              [this](const httplib::Response& head) {
                Response response;
                response.status = head.status;
                CopyHeaders(head.headers, response);
                streaming_ = head.get_header_value("Transfer-Encoding") == "chunked";
                length_delimited_ = head.get_header_value("Content-Type").starts_with(
                    "application/vnd.kubernetes.protobuf");
                {
                  std::lock_guard lock(mutex_);
                  head_sent_ = true;
                }
                head_.set_value(std::move(response));
                return true;
              },
              [this](const char* data, size_t size) {
                std::lock_guard lock(mutex_);
                if (cancelled_) return false;
                buffer_.append(data, size);
                for (size_t end; streaming_ && (end = FrameEnd(buffer_, length_delimited_)) !=
                                                  std::string_view::npos;) {
                  lines_.push_back(buffer_.substr(0, end));
                  buffer_.erase(0, end);
                }
                changed_.notify_all();
                return true;
              });
          std::lock_guard lock(mutex_);
          if (!head_sent_) {
            Response failed;
            failed.status = 599;  // no HTTP response at all
            failed.body = httplib::to_string(result.error());
            head_.set_value(std::move(failed));
          }
          ended_ = true;
          changed_.notify_all();
        });
  }

  ~HttpResponseStream() override {
    Cancel();
    reader_.join();
  }

  // Waits for the head; a non-chunked response is returned whole (body included).
  Response Head(std::unique_ptr<HttpResponseStream> self) {
    Response response = head_future_.get();
    if (response.status == 599 || !streaming_) {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return ended_; });
      response.body = std::move(buffer_);
      return response;
    }
    response.stream = std::move(self);
    return response;
  }

  StreamRead NextWithin(std::chrono::milliseconds timeout) override {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return !lines_.empty() || ended_ || cancelled_; });
    if (cancelled_) return StreamRead::Ended();
    if (!lines_.empty()) {
      std::string line = std::move(lines_.front());
      lines_.pop_front();
      return StreamRead::Frame(std::move(line));
    }
    return ended_ ? StreamRead::Ended() : StreamRead::NothingYet();
  }

  void Cancel() override {
    {
      std::lock_guard lock(mutex_);
      if (cancelled_) return;
      cancelled_ = true;
      changed_.notify_all();
    }
    client_->stop();
  }

 private:
  std::unique_ptr<httplib::Client> client_;
  std::promise<Response> head_;
  std::future<Response> head_future_ = head_.get_future();
  std::atomic<bool> streaming_ = false;
  std::atomic<bool> length_delimited_ = false;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::string buffer_;
  std::deque<std::string> lines_;
  bool head_sent_ = false;
  bool ended_ = false;
  bool cancelled_ = false;
  std::thread reader_;
};

// Ordinary requests go over raw keep-alive connections (a free list, so concurrent Sends each
// have one): the bytes are exactly the Request's headers and body, with no Content-Type,
// Accept or User-Agent a client library would add.
class HttpDoor final : public Door {
 public:
  explicit HttpDoor(ApiServer& server) : http_(server, {}) {
    Result<void> started = http_.Start();
    if (!started) ADD_FAILURE() << "HttpServer::Start: " << started.error().message();
  }

  ~HttpDoor() override {
    idle_.clear();  // close the keep-alive connections so Stop need not wait for them
    http_.Stop();
  }

  Response Send(const Request& request) override {
    if (LooksLikeWatch(request)) {
      auto stream = std::make_unique<HttpResponseStream>(http_.port(), request);
      HttpResponseStream& ref = *stream;
      return ref.Head(std::move(stream));
    }
    std::string bytes = request.method + " " + EncodeTarget(request) + " HTTP/1.1\r\n";
    // HTTP/1.1 requires Host; a test that sets its own (discovery reads it) sends that one.
    if (!request.headers.Get("Host")) bytes += "Host: door\r\n";
    for (const auto& [name, value] : request.headers.entries()) {
      bytes += name + ": " + value + "\r\n";
    }
    // A handed-over tree goes over the wire as the bytes it stands for.
    const std::string body = request.BodyBytes();
    if (!body.empty() || request.method == "POST" || request.method == "PUT" ||
        request.method == "PATCH") {
      bytes += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    bytes += "\r\n" + body;
    // A pooled connection the server closed while idle fails at once: retry on a fresh one.
    for (int attempt = 0; attempt < 2; ++attempt) {
      std::unique_ptr<RawHttpConnection> connection = Take(attempt > 0);
      if (!connection) break;
      if (!connection->Send(bytes)) continue;
      std::optional<RawResponse> raw =
          connection->ReadResponse(kResponseDeadline, request.method == "HEAD");
      if (!raw) continue;
      Response response;
      response.status = raw->status;
      for (auto& [name, value] : raw->headers) response.headers.Add(name, value);
      response.body = std::move(raw->body);
      std::lock_guard lock(mutex_);
      idle_.push_back(std::move(connection));
      return response;
    }
    ADD_FAILURE() << request.method << " " << request.path << ": no HTTP response";
    Response failed;
    failed.status = 599;
    return failed;
  }

 private:
  static constexpr std::chrono::milliseconds kResponseDeadline{30'000};

  std::unique_ptr<RawHttpConnection> Take(bool fresh) {
    if (!fresh) {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        std::unique_ptr<RawHttpConnection> connection = std::move(idle_.back());
        idle_.pop_back();
        return connection;
      }
    }
    return RawHttpConnection::Connect(http_.port());
  }

  HttpServer http_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<RawHttpConnection>> idle_;
};

}  // namespace

std::string EncodeTarget(const Request& request) {
  std::string target;
  size_t start = 0;
  while (start <= request.path.size()) {
    const size_t slash = request.path.find('/', start);
    target += EscapePathSegment(std::string_view(request.path).substr(start, slash - start));
    if (slash == std::string::npos) break;
    target += '/';
    start = slash + 1;
  }
  char separator = '?';
  for (const auto& [key, value] : request.query) {
    target += separator;
    target += QueryEscape(key) + "=" + QueryEscape(value);
    separator = '&';
  }
  return target;
}

DoorParam Http() {
  return {"Http", [](ApiServer& server) { return std::make_unique<HttpDoor>(server); }};
}

}  // namespace kubefake::fakeserver
