// HttpWatchReaders: a few epoll threads parsing many chunked watch bodies (see
// http_watch_readers.h).
#include "http_watch_readers.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace kubefake::bench {

// One watch's connection and where its response parser stands.
struct HttpWatchReaders::Watch {
  enum class State { kHead, kChunkSize, kChunkData, kChunkEnd, kClosed };

  int fd = -1;
  State state = State::kHead;
  std::string received;     // bytes not parsed yet
  std::size_t chunk_left = 0;  // data bytes of the current chunk still to come
  std::string line;         // body bytes since the last '\n'
};

namespace {

int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) std::abort();
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
    std::abort();
  }
  const int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
  return fd;
}

void SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0) std::abort();
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
}

}  // namespace

HttpWatchReaders::HttpWatchReaders(int port, std::string_view target, std::size_t count,
                                   std::size_t threads, LineHandler on_line)
    : on_line_(std::move(on_line)) {
  for (std::size_t t = 0; t < threads; ++t) {
    epoll_fds_.push_back(::epoll_create1(EPOLL_CLOEXEC));
    if (epoll_fds_.back() < 0) std::abort();
  }
  const std::string request = "GET " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1:" +
                              std::to_string(port) + "\r\nAccept: application/json\r\n\r\n";
  for (std::size_t i = 0; i < count; ++i) {
    auto watch = std::make_unique<Watch>();
    watch->fd = Connect(port);
    SendAll(watch->fd, request);
    ::fcntl(watch->fd, F_SETFL, ::fcntl(watch->fd, F_GETFL) | O_NONBLOCK);
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP;
    event.data.u64 = i;
    if (::epoll_ctl(epoll_fds_[i % threads], EPOLL_CTL_ADD, watch->fd, &event) != 0) std::abort();
    watches_.push_back(std::move(watch));
  }
  for (std::size_t t = 0; t < threads; ++t) {
    const std::size_t share = count / threads + (t < count % threads ? 1 : 0);
    readers_.emplace_back([this, t, share] { ReadAll(epoll_fds_[t], share); });
  }
}

HttpWatchReaders::~HttpWatchReaders() {
  Join();
  for (const int fd : epoll_fds_) ::close(fd);
}

void HttpWatchReaders::Join() {
  for (std::thread& reader : readers_) {
    if (reader.joinable()) reader.join();
  }
}

bool HttpWatchReaders::Parse(std::size_t index, std::string_view fresh) {
  Watch& watch = *watches_[index];
  // What arrived is parsed where it lies unless earlier bytes wait unparsed.
  if (!watch.received.empty()) {
    watch.received.append(fresh);
    fresh = watch.received;
  }
  std::string_view input = fresh;
  bool more = true;
  while (more && !input.empty()) {
    switch (watch.state) {
      case Watch::State::kHead: {
        const std::size_t end = input.find("\r\n\r\n");
        if (end == std::string_view::npos) {
          more = false;
          continue;
        }
        if (!input.starts_with("HTTP/1.1 200") ||
            input.substr(0, end).find("Transfer-Encoding: chunked") == std::string_view::npos) {
          return false;
        }
        input.remove_prefix(end + 4);
        watch.state = Watch::State::kChunkSize;
        break;
      }
      case Watch::State::kChunkSize: {
        const std::size_t end = input.find("\r\n");
        if (end == std::string_view::npos) {
          more = false;
          continue;
        }
        watch.chunk_left = std::strtoul(std::string(input.substr(0, end)).c_str(), nullptr, 16);
        input.remove_prefix(end + 2);
        if (watch.chunk_left == 0) return false;  // the last chunk: the server ended the watch
        watch.state = Watch::State::kChunkData;
        break;
      }
      case Watch::State::kChunkData: {
        const std::string_view data = input.substr(0, watch.chunk_left);
        input.remove_prefix(data.size());
        watch.chunk_left -= data.size();
        for (std::size_t begin = 0; begin < data.size();) {
          const std::size_t newline = data.find('\n', begin);
          if (newline == std::string_view::npos) {
            watch.line.append(data.substr(begin));
            break;
          }
          bool wanted = true;
          if (watch.line.empty()) {  // the whole line is in `data`
            wanted = on_line_(index, data.substr(begin, newline - begin));
          } else {
            watch.line.append(data.substr(begin, newline - begin));
            wanted = on_line_(index, watch.line);
            watch.line.clear();
          }
          if (!wanted) return false;
          begin = newline + 1;
        }
        if (watch.chunk_left == 0) watch.state = Watch::State::kChunkEnd;
        break;
      }
      case Watch::State::kChunkEnd:
        if (input.size() < 2) {
          more = false;
          continue;
        }
        input.remove_prefix(2);
        watch.state = Watch::State::kChunkSize;
        break;
      case Watch::State::kClosed:
        return false;
    }
  }
  if (watch.received.empty()) {
    watch.received.assign(input);
  } else {
    watch.received.erase(0, watch.received.size() - input.size());
  }
  return true;
}

void HttpWatchReaders::ReadAll(int epoll_fd, std::size_t open) {
  std::vector<epoll_event> events(256);
  std::vector<char> buffer(64 * 1024);
  while (open > 0) {
    const int ready = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), -1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) std::abort();
    for (int e = 0; e < ready; ++e) {
      const auto index = static_cast<std::size_t>(events[e].data.u64);
      Watch& watch = *watches_[index];
      if (watch.state == Watch::State::kClosed) continue;
      for (;;) {
        const ssize_t n = ::recv(watch.fd, buffer.data(), buffer.size(), 0);
        bool ended = n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR);
        if (n > 0 && !Parse(index, {buffer.data(), static_cast<std::size_t>(n)})) ended = true;
        if (!ended && static_cast<std::size_t>(n) == buffer.size()) continue;
        if (ended) {
          ::close(watch.fd);  // also removes it from the epoll set
          watch.state = Watch::State::kClosed;
          --open;
        }
        break;
      }
    }
  }
}

}  // namespace kubefake::bench
