// TinyHttpServer: a cpp-httplib server on 127.0.0.1 port 0 that a test programs by hand, to
// check HttpTransport's own behaviour (connections, TLS, retries, streams) without the fake.
// Serves on its own thread from construction to destruction. Thread-compatible.
#pragma once

#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

namespace kubefake::client {

class TinyHttpServer {
 public:
  // Plain HTTP.
  TinyHttpServer() : server_(std::make_unique<httplib::Server>()) {}
  // HTTPS with the given PEM files.
  TinyHttpServer(const std::string& cert_file, const std::string& key_file)
      : server_(std::make_unique<httplib::SSLServer>(cert_file.c_str(), key_file.c_str())) {}
  ~TinyHttpServer() { Stop(); }

  httplib::Server& server() { return *server_; }

  // Binds and serves; call after installing the handlers. Returns the port once the server
  // runs (stop() is a no-op before that, so Stop could not end a server still starting).
  int Start() {
    port_ = server_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server_->is_running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
    }
    return port_;
  }

  void Stop() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
  }

  std::string Url(bool tls = false) const {
    return std::string(tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
  }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace kubefake::client
