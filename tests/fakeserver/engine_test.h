// The fixture of the engine tests: a fresh ApiServer on a testkit::FakeClock, reached through a Door.
// Tests are parameterized by door so every case runs in-process and over HTTP (http_door.cc).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kubefake/fakeserver/api_server.h"
#include "kubefake/testing/fake_clock.h"

namespace kubefake::fakeserver {

// Paths many engine tests use.
inline constexpr char kConfigMaps[] = "/api/v1/namespaces/default/configmaps";
inline constexpr char kConfigMap[] = "/api/v1/namespaces/default/configmaps/c";
inline constexpr char kDeployments[] = "/apis/apps/v1/namespaces/default/deployments";
inline constexpr char kDeployment[] = "/apis/apps/v1/namespaces/default/deployments/web";
inline constexpr char kDeploymentStatus[] =
    "/apis/apps/v1/namespaces/default/deployments/web/status";
inline constexpr char kPods[] = "/api/v1/namespaces/default/pods";

// How a test reaches the engine.
class Door {
 public:
  virtual ~Door() = default;
  virtual Response Send(const Request& request) = 0;
};

// The in-process door: ApiServer::Handle itself.
class InProcessDoor final : public Door {
 public:
  explicit InProcessDoor(ApiServer& server) : server_(server) {}
  Response Send(const Request& request) override { return server_.Handle(request); }

 private:
  ApiServer& server_;
};

struct DoorParam {
  std::string name;
  std::function<std::unique_ptr<Door>(ApiServer&)> make;
};

// gtest prints parameters in failure messages: name the door.
inline void PrintTo(const DoorParam& param, std::ostream* out) { *out << param.name; }

inline DoorParam InProcess() {
  return {"InProcess", [](ApiServer& server) { return std::make_unique<InProcessDoor>(server); }};
}

// The HTTP door: an HttpServer on port 0 and a real HTTP client (http_door.cc).
DoorParam Http();

// Engine options for tests: `clock` and a fixed seed, so uids and generated names repeat.
inline ApiServerOptions TestOptions(api::Clock& clock) {
  ApiServerOptions options;
  options.clock = &clock;
  options.random_seed = 42;
  return options;
}

class EngineTest : public testing::TestWithParam<DoorParam> {
 protected:
  using Query = std::multimap<std::string, std::string>;

  EngineTest()
      : server_(std::make_unique<ApiServer>(TestOptions(clock_))),
        door_(GetParam().make(*server_)) {}

  Response Send(std::string method, std::string path, const nlohmann::json& body = nullptr,
                Query query = {}, std::string content_type = "application/json") {
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.query = std::move(query);
    if (!body.is_null()) {
      request.body = body.is_string() ? body.get<std::string>() : body.dump();
      request.headers.Set("Content-Type", std::move(content_type));
    }
    request.headers.Set("User-Agent", "engine-test/1.0 (linux/amd64) kubernetes/v1.33.1");
    return door_->Send(request);
  }

  // Whether this door hands trees over (Request::parsed_body, Response::parsed_json, watch
  // events as trees): only in-process; the HTTP door carries bytes.
  bool HandsTreesOver() const { return GetParam().name == "InProcess"; }

  static nlohmann::json Json(const Response& response) {
    return nlohmann::json::parse(response.body, nullptr, false);
  }

  // Sends and returns the JSON body, failing the test unless the status is `status`.
  nlohmann::json Expect(int status, std::string method, std::string path,
                        const nlohmann::json& body = nullptr, Query query = {}) {
    Response response = Send(std::move(method), path, body, std::move(query));
    EXPECT_EQ(response.status, status) << path << ": " << response.body;
    return Json(response);
  }

  nlohmann::json CreateConfigMap(const std::string& ns, const std::string& name,
                                 nlohmann::json labels = nlohmann::json::object()) {
    return Expect(201, "POST", "/api/v1/namespaces/" + ns + "/configmaps",
                  {{"apiVersion", "v1"},
                   {"kind", "ConfigMap"},
                   {"metadata", {{"name", name}, {"labels", labels}}},
                   {"data", {{"k", "v"}}}});
  }

  // The next frame of a watch stream, or nullopt if the stream ends; fails the test if
  // nothing arrives within the deadline (and cancels the stream so the test never hangs).
  static std::optional<nlohmann::json> NextEvent(ResponseStream& stream) {
    std::future<std::optional<std::string>> next =
        std::async(std::launch::async, [&stream] { return stream.Next(); });
    if (next.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      ADD_FAILURE() << "no watch event within 10 s";
      stream.Cancel();
    }
    std::optional<std::string> frame = next.get();
    if (!frame) return std::nullopt;
    return nlohmann::json::parse(*frame);
  }

  testkit::FakeClock clock_;
  std::unique_ptr<ApiServer> server_;
  std::unique_ptr<Door> door_;
};

// Every test file instantiates its suites over these doors.
#define KUBEFAKE_INSTANTIATE_ENGINE_TEST(suite)           \
  INSTANTIATE_TEST_SUITE_P(                               \
      Doors, suite, testing::Values(InProcess(), Http()), \
      [](const testing::TestParamInfo<DoorParam>& info) { return info.param.name; })

}  // namespace kubefake::fakeserver
