// RawHttpConnection: a plain TCP connection to a test server that sends bytes exactly as
// given and parses HTTP/1.1 responses by hand, for what a well-behaved client library will not
// do (half a request, a truncated body, a chunked upload, a bad escape, a thousand watches on
// one thread). Reads wait at most a deadline. Thread-hostile.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubefake::fakeserver {

struct RawResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
  std::string body;                                          // de-chunked

  // The first value of header `name` (any case), or "".
  std::string Header(const std::string& name) const;
};

class RawHttpConnection {
 public:
  // Connects to 127.0.0.1:`port`; nullptr (and a test failure) if it cannot.
  static std::unique_ptr<RawHttpConnection> Connect(int port);
  ~RawHttpConnection();

  bool Send(std::string_view bytes);

  // Reads the status line and headers of the next response.
  std::optional<RawResponse> ReadHead(std::chrono::milliseconds timeout);
  // Reads a whole response (Content-Length or chunked body; none for HEAD).
  std::optional<RawResponse> ReadResponse(std::chrono::milliseconds timeout, bool head = false);
  // Reads the next chunk of a chunked body: its data; "" for the last chunk; nullopt when
  // nothing arrives in time or the connection ends.
  std::optional<std::string> ReadChunk(std::chrono::milliseconds timeout);
  // Reads (and keeps) what arrives until the server closes the connection: true when it does
  // within the timeout.
  bool WaitForClose(std::chrono::milliseconds timeout);

 private:
  explicit RawHttpConnection(int fd) : fd_(fd) {}
  // Reads until buffer_ holds `delimiter`; returns the text before it, consumed.
  std::optional<std::string> ReadUntil(std::string_view delimiter,
                                       std::chrono::steady_clock::time_point deadline);
  std::optional<std::string> ReadBytes(size_t n, std::chrono::steady_clock::time_point deadline);
  bool Fill(std::chrono::steady_clock::time_point deadline);

  int fd_;
  std::string buffer_;
};

}  // namespace kubefake::fakeserver
