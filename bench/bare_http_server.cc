// BareHttpServer over cpp-httplib.
#include "bare_http_server.h"

#include <httplib.h>

#include <limits>
#include <thread>

namespace kubefake::bench {
namespace {
// More threads than the load driver opens connections, so no connection waits for a thread.
constexpr std::size_t kThreads = 64;
}  // namespace

class BareHttpServer::Impl {
 public:
  Impl(BareAnswer get, BareAnswer post) : get_(std::move(get)), post_(std::move(post)) {
    http_.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
    http_.set_tcp_nodelay(true);
    http_.set_keep_alive_max_count(std::numeric_limits<size_t>::max());
    // GET before routing, as kubefake's; POST through a route, which reads the body first.
    http_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (req.method != "GET") return httplib::Server::HandlerResponse::Unhandled;
      Answer(get_, res);
      return httplib::Server::HandlerResponse::Handled;
    });
    http_.Post(".*",
               [this](const httplib::Request&, httplib::Response& res) { Answer(post_, res); });
    port_ = http_.bind_to_any_port("127.0.0.1");
    listener_ = std::thread([this] { http_.listen_after_bind(); });
    while (!http_.is_running()) std::this_thread::yield();
  }
  ~Impl() {
    http_.stop();
    listener_.join();
  }
  int port() const { return port_; }

 private:
  static void Answer(const BareAnswer& answer, httplib::Response& res) {
    res.status = answer.status;
    res.set_content(answer.body, answer.content_type);
  }

  const BareAnswer get_;
  const BareAnswer post_;
  httplib::Server http_;
  int port_ = 0;
  std::thread listener_;
};

BareHttpServer::BareHttpServer(BareAnswer get, BareAnswer post)
    : impl_(std::make_unique<Impl>(std::move(get), std::move(post))) {}
BareHttpServer::~BareHttpServer() = default;
int BareHttpServer::port() const { return impl_->port(); }

}  // namespace kubefake::bench
