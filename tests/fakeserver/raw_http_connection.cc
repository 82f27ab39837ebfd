// A hand-driven HTTP/1.1 connection for front-end tests (see raw_http_connection.h).
#include "raw_http_connection.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

namespace kubefake::fakeserver {

using Clock = std::chrono::steady_clock;

std::string RawResponse::Header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (strcasecmp(key.c_str(), name.c_str()) == 0) return value;
  }
  return "";
}

std::unique_ptr<RawHttpConnection> RawHttpConnection::Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ADD_FAILURE() << "cannot connect to port " << port;
    if (fd >= 0) ::close(fd);
    return nullptr;
  }
  return std::unique_ptr<RawHttpConnection>(new RawHttpConnection(fd));
}

RawHttpConnection::~RawHttpConnection() { ::close(fd_); }

bool RawHttpConnection::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool RawHttpConnection::Fill(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  pollfd poll_fd{fd_, POLLIN, 0};
  if (::poll(&poll_fd, 1, static_cast<int>(left.count())) <= 0) return false;
  char data[65536];
  const ssize_t n = ::recv(fd_, data, sizeof(data), 0);
  if (n <= 0) return false;
  buffer_.append(data, static_cast<size_t>(n));
  return true;
}

bool RawHttpConnection::WaitForClose(std::chrono::milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd poll_fd{fd_, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&poll_fd, 1, static_cast<int>(left.count())) <= 0) return false;
    char data[4096];
    const ssize_t n = ::recv(fd_, data, sizeof(data), 0);
    if (n <= 0) return true;  // end-of-file, or a reset
    buffer_.append(data, static_cast<size_t>(n));
  }
}

std::optional<std::string> RawHttpConnection::ReadUntil(std::string_view delimiter,
                                                        Clock::time_point deadline) {
  size_t at;
  while ((at = buffer_.find(delimiter)) == std::string::npos) {
    if (!Fill(deadline)) return std::nullopt;
  }
  std::string text = buffer_.substr(0, at);
  buffer_.erase(0, at + delimiter.size());
  return text;
}

std::optional<std::string> RawHttpConnection::ReadBytes(size_t n, Clock::time_point deadline) {
  while (buffer_.size() < n) {
    if (!Fill(deadline)) return std::nullopt;
  }
  std::string bytes = buffer_.substr(0, n);
  buffer_.erase(0, n);
  return bytes;
}

std::optional<RawResponse> RawHttpConnection::ReadHead(std::chrono::milliseconds timeout) {
  std::optional<std::string> head = ReadUntil("\r\n\r\n", Clock::now() + timeout);
  if (!head) return std::nullopt;
  RawResponse response;
  size_t line_end = head->find("\r\n");
  const std::string status_line = head->substr(0, line_end);
  if (status_line.size() < 12) return std::nullopt;
  response.status = std::stoi(status_line.substr(9, 3));
  while (line_end != std::string::npos) {
    const size_t start = line_end + 2;
    line_end = head->find("\r\n", start);
    const std::string line = head->substr(start, line_end - start);
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    const size_t value = line.find_first_not_of(' ', colon + 1);
    response.headers.emplace_back(name, value == std::string::npos ? "" : line.substr(value));
  }
  return response;
}

std::optional<std::string> RawHttpConnection::ReadChunk(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::optional<std::string> size_line = ReadUntil("\r\n", deadline);
  if (!size_line) return std::nullopt;
  const size_t size = std::stoul(*size_line, nullptr, 16);
  std::optional<std::string> data = ReadBytes(size + 2, deadline);
  if (!data) return std::nullopt;
  data->resize(size);
  return data;
}

std::optional<RawResponse> RawHttpConnection::ReadResponse(std::chrono::milliseconds timeout,
                                                           bool head) {
  const auto deadline = Clock::now() + timeout;
  std::optional<RawResponse> response = ReadHead(timeout);
  if (!response || head) return response;
  if (response->Header("transfer-encoding") == "chunked") {
    while (true) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      std::optional<std::string> chunk = ReadChunk(left);
      if (!chunk) return std::nullopt;
      if (chunk->empty()) return response;
      response->body += *chunk;
    }
  }
  const std::string content_length = response->Header("content-length");
  const size_t length = content_length.empty() ? 0 : std::stoul(content_length);
  std::optional<std::string> body = ReadBytes(length, deadline);
  if (!body) return std::nullopt;
  response->body = std::move(*body);
  return response;
}

}  // namespace kubefake::fakeserver
