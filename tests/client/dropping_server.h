// DroppingServer: a loopback TCP server for tests of a server that drops connections. It
// accepts each connection, reads the whole request, and closes without answering for the first
// `drops` connections; later ones get `answer` (a whole HTTP response). Serves on its own
// thread until destroyed. Thread-compatible.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <string>
#include <thread>

namespace kubefake::client {

class DroppingServer {
 public:
  DroppingServer(int drops, std::string answer) : drops_(drops), answer_(std::move(answer)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), length);
    ::listen(listener_, 16);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~DroppingServer() {
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Connections accepted so far.
  int connections() const { return connections_; }

 private:
  void Serve() {
    for (;;) {
      const int connection = ::accept(listener_, nullptr, nullptr);
      if (connection < 0) return;
      ReadRequest(connection);
      if (connections_++ >= drops_) {
        (void)!::write(connection, answer_.data(), answer_.size());
      }
      ::close(connection);
    }
  }

  // Reads the head and the Content-Length body: closing with request bytes unread would reset
  // the connection, and the client could then fail writing its body instead of reading EOF.
  static void ReadRequest(int connection) {
    std::string request;
    char buffer[4096];
    size_t end = std::string::npos;
    while (end == std::string::npos || request.size() < end) {
      const ssize_t n = ::read(connection, buffer, sizeof(buffer));
      if (n <= 0) return;
      request.append(buffer, static_cast<size_t>(n));
      if (const size_t head_end = request.find("\r\n\r\n");
          end == std::string::npos && head_end != std::string::npos) {
        end = head_end + 4 + ContentLength(request.substr(0, head_end));
      }
    }
  }
  static size_t ContentLength(std::string head) {
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const size_t at = head.find("\r\ncontent-length:");
    return at == std::string::npos ? 0 : std::stoul(head.substr(at + 17));
  }

  int drops_;
  std::string answer_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<int> connections_{0};
  std::thread thread_;
};

}  // namespace kubefake::client
