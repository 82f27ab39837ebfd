// BareHttpServer: the baseline of the HTTP rows, a cpp-httplib server whose handlers do no work
// but answer fixed bytes (the bytes kubefake answers the same request with), configured as
// kubefake's HttpServer is (a thread per connection, keep-alive, TCP_NODELAY). Thread-safe.
#pragma once

#include <memory>
#include <string>

namespace kubefake::bench {

struct BareAnswer {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

class BareHttpServer {
 public:
  // Answers every GET with `get` and every POST with `post`, on a free loopback port.
  BareHttpServer(BareAnswer get, BareAnswer post);
  ~BareHttpServer();  // stops
  BareHttpServer(const BareHttpServer&) = delete;
  BareHttpServer& operator=(const BareHttpServer&) = delete;

  int port() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kubefake::bench
