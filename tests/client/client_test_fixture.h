// The fixture of the client tests that run against the fake's engine: a fresh ApiServer on a
// testkit::FakeClock reached through a client Transport chosen by the test parameter, so one suite
// proves the in-process and HTTP doors equal.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "../fakeserver/engine_test.h"
#include "kubefake/testing/fake_clock.h"
#include "kubefake/client/config.h"
#include "kubefake/client/transport.h"
#include "kubefake/fakeserver/api_server.h"
#include "kubefake/fakeserver/http_server.h"
#include "kubefake/testing/in_process_transport.h"

namespace kubefake::client {

struct TransportParam {
  std::string name;
  std::function<std::shared_ptr<Transport>(fakeserver::ApiServer&)> make;
  // The Config's content_type: "" (JSON) or protobuf.
  std::string content_type;
};

inline void PrintTo(const TransportParam& param, std::ostream* out) { *out << param.name; }

inline TransportParam InProcessTransportParam() {
  return {"InProcess", [](fakeserver::ApiServer& server) {
            return std::make_shared<testkit::InProcessTransport>(server);
          },
          ""};
}

// An HttpTransport to a fakeserver::HttpServer on port 0 that lives as long as the transport.
inline TransportParam HttpTransportParam() {
  return {"Http", [](fakeserver::ApiServer& server) -> std::shared_ptr<Transport> {
            struct Door {
              explicit Door(fakeserver::ApiServer& engine) : http(engine, {}) {}
              fakeserver::HttpServer http;
              std::shared_ptr<Transport> transport;
            };
            auto door = std::make_shared<Door>(server);
            EXPECT_TRUE(door->http.Start().has_value());
            Config config;
            config.host = door->http.url();
            Result<std::shared_ptr<Transport>> transport = NewHttpTransport(config);
            EXPECT_TRUE(transport.has_value());
            door->transport = transport.value_or(nullptr);
            return std::shared_ptr<Transport>(door, door->transport.get());
          },
          ""};
}

// Every transport the client suites run over.
inline auto AllTransports() {
  return testing::Values(InProcessTransportParam(), HttpTransportParam());
}

// `param` with the client configured for protobuf bodies (R11.4).
inline TransportParam WithProtobuf(TransportParam param) {
  param.name += "Protobuf";
  param.content_type = "application/vnd.kubernetes.protobuf";
  return param;
}

// Every transport, each with JSON and with protobuf bodies: for the clients that honour
// Config::content_type (the typed clientset; the dynamic client always speaks JSON).
inline auto AllTransportsAndContentTypes() {
  return testing::Values(InProcessTransportParam(), HttpTransportParam(),
                         WithProtobuf(InProcessTransportParam()),
                         WithProtobuf(HttpTransportParam()));
}

// Counts the requests that reach the transport it wraps.
class CountingTransport final : public Transport {
 public:
  explicit CountingTransport(std::shared_ptr<Transport> inner) : inner_(std::move(inner)) {}
  Result<TransportResponse> Send(const TransportRequest& request) override {
    ++count_;
    return inner_->Send(request);
  }
  int count() const { return count_; }

 private:
  std::shared_ptr<Transport> inner_;
  std::atomic<int> count_{0};
};

class ClientTest : public testing::TestWithParam<TransportParam> {
 protected:
  ClientTest()
      : clock_(std::make_shared<testkit::FakeClock>()),
        server_(std::make_unique<fakeserver::ApiServer>(fakeserver::TestOptions(*clock_))),
        transport_(std::make_shared<CountingTransport>(GetParam().make(*server_))) {
    config_.host = "http://kubefake.invalid";
    config_.transport = transport_;
    config_.clock = clock_;
    config_.qps = -1;
    config_.content_type = GetParam().content_type;
  }

  std::shared_ptr<testkit::FakeClock> clock_;
  std::unique_ptr<fakeserver::ApiServer> server_;
  std::shared_ptr<CountingTransport> transport_;
  Config config_;
};

}  // namespace kubefake::client
