// HttpWatchReaders: many HTTP watches read by a few epoll threads over plain sockets, as a client
// with cheap goroutines reads them, instead of a thread (and its wake-ups) per watch. Each
// watch's chunked body is parsed as it arrives and handed over line by line (JSON watch
// events). Thread-safe to construct and destroy; the handler runs on the reading threads, for
// a given watch always on the same one.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace kubefake::bench {

class HttpWatchReaders {
 public:
  // Called with the watch's index and one line of its body (without the '\n'); returning false
  // closes that watch, as a client that has seen enough does.
  using LineHandler = std::function<bool(std::size_t watch, std::string_view line)>;

  // Opens `count` connections to 127.0.0.1:`port`, sends `GET target` on each and starts
  // reading them on `threads` threads, each its share. Aborts when a connection cannot be made
  // (a benchmark setup failure).
  HttpWatchReaders(int port, std::string_view target, std::size_t count, std::size_t threads,
                   LineHandler on_line);
  // Join()s.
  ~HttpWatchReaders();
  HttpWatchReaders(const HttpWatchReaders&) = delete;
  HttpWatchReaders& operator=(const HttpWatchReaders&) = delete;

  // Waits until every watch is closed: by its handler, by the server ending its body, or by
  // the connection ending.
  void Join();

 private:
  struct Watch;
  // Reads the watches registered with `epoll_fd` until each is closed.
  void ReadAll(int epoll_fd, std::size_t watches);
  // Parses `fresh`, what watch `index` just received, after what it kept unparsed; false when
  // its body ended or its handler had enough.
  bool Parse(std::size_t index, std::string_view fresh);

  std::vector<int> epoll_fds_;  // one per reading thread
  std::vector<std::unique_ptr<Watch>> watches_;
  LineHandler on_line_;
  std::vector<std::thread> readers_;
};

}  // namespace kubefake::bench
