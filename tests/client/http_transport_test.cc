// HttpTransport and the RESTClient's HTTP-level behaviour against a hand-programmed server:
// keep-alive reuse, gzip, bearer tokens, errors from non-Status bodies, 429 with Retry-After
// retried on the clock, a server that is not there, watch streams, and TLS (CA, wrong CA,
// insecure, tls-server-name).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iterator>
#include <mutex>
#include <set>

#include "kubefake/testing/fake_clock.h"
#include "client_test_fixture.h"
#include "dropping_server.h"
#include "kubefake/client/rest_client.h"
#include "kubefake/client/transport.h"
#include "temp_dir.h"
#include "tiny_http_server.h"

namespace kubefake::client {
namespace {

constexpr const char* kStatus404 =
    R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods \"x\" not found",)"
    R"("reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404})";

class HttpTransportTest : public testing::Test {
 protected:
  Config ConfigFor(const std::string& url) {
    Config config;
    config.host = url;
    config.api_path = "/api";
    config.group_version = api::GroupVersion{"", "v1"};
    config.qps = -1;
    config.clock = clock_;
    return config;
  }

  std::unique_ptr<RESTClient> ClientFor(const Config& config) {
    auto client = RESTClientFor(config);
    EXPECT_TRUE(client) << client.error().message();
    return client ? std::move(*client) : nullptr;
  }

  std::shared_ptr<testkit::FakeClock> clock_ = std::make_shared<testkit::FakeClock>();
  TinyHttpServer http_;
};

TEST_F(HttpTransportTest, RequestsReuseOneKeepAliveConnection) {
  std::mutex mutex;
  std::set<int> client_ports;
  http_.server().Get(
      "/api/v1/namespaces", [&](const httplib::Request& request, httplib::Response& response) {
        std::lock_guard lock(mutex);
        client_ports.insert(request.remote_port);
        response.set_content(R"({"kind":"NamespaceList","items":[]})", "application/json");
      });
  http_.Start();
  auto client = ClientFor(ConfigFor(http_.Url()));
  for (int i = 0; i < 3; ++i) {
    auto result = client->Get().Resource("namespaces").Do();
    ASSERT_EQ(result.error(), nullptr) << result.error()->message();
  }
  EXPECT_EQ(client_ports.size(), 1u);
}

TEST_F(HttpTransportTest, SendsTokenUserAgentAcceptsGzipAndEscapesThePath) {
  httplib::Headers seen;
  std::string seen_path;
  http_.server().Get(R"(/api/v1/namespaces/default/configmaps/(.*))",
                     [&](const httplib::Request& request, httplib::Response& response) {
                       seen = request.headers;
                       seen_path = request.path + "?" + request.get_param_value("labelSelector");
                       response.set_content(std::string(R"({"kind":"ConfigMap","data":{"k":")") +
                                                std::string(4000, 'x') + "\"}}",
                                            "application/json");
                     });
  http_.Start();
  Config config = ConfigFor(http_.Url());
  config.bearer_token = "s3cret";
  config.user_agent = "tests/1.0";
  auto client = ClientFor(config);
  auto result = client->Get()
                    .Namespace("default")
                    .Resource("configmaps")
                    .Name("a b")
                    .Param("labelSelector", "app in (web, db)")
                    .Do()
                    .Json();
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ((*result)["data"]["k"].get<std::string>().size(), 4000u);
  EXPECT_EQ(seen.find("Authorization")->second, "Bearer s3cret");
  EXPECT_EQ(seen.find("User-Agent")->second, "tests/1.0");
  EXPECT_EQ(seen.find("Accept")->second, "application/json");
  EXPECT_NE(seen.find("Accept-Encoding")->second.find("gzip"), std::string::npos);
  EXPECT_EQ(seen_path, "/api/v1/namespaces/default/configmaps/a b?app in (web, db)");
}

TEST_F(HttpTransportTest, TokenFileWinsAndIsReadForEachRequest) {
  std::vector<std::string> tokens;
  http_.server().Get("/api/v1/nodes",
                     [&](const httplib::Request& request, httplib::Response& response) {
                       tokens.push_back(request.get_header_value("Authorization"));
                       response.set_content("{}", "application/json");
                     });
  http_.Start();
  TempDir dir;
  Config config = ConfigFor(http_.Url());
  config.bearer_token = "static";
  config.bearer_token_file = dir.Write("token", "first\n").string();
  auto client = ClientFor(config);
  ASSERT_EQ(client->Get().Resource("nodes").Do().error(), nullptr);
  dir.Write("token", "rotated");
  ASSERT_EQ(client->Get().Resource("nodes").Do().error(), nullptr);
  EXPECT_EQ(tokens, (std::vector<std::string>{"Bearer first", "Bearer rotated"}));
}

TEST_F(HttpTransportTest, WrongTokenIsUnauthorizedAndAnExecCredentialIsFetchedAgain) {
  std::vector<std::string> tokens;
  http_.server().Get(
      "/api/v1/nodes", [&](const httplib::Request& request, httplib::Response& response) {
        tokens.push_back(request.get_header_value("Authorization"));
        if (request.get_header_value("Authorization") != "Bearer run-2") {
          response.status = 401;
          response.set_content(R"({"kind":"Status","apiVersion":"v1","status":"Failure",)"
                               R"("message":"Unauthorized","reason":"Unauthorized","code":401})",
                               "application/json");
          return;
        }
        response.set_content("{}", "application/json");
      });
  http_.Start();
  TempDir dir;
  ExecConfig exec;
  exec.command = dir.Write("plugin.sh",
                           "#!/bin/sh\necho run >> \"$RUNS\"\nn=$(wc -l < \"$RUNS\" | tr -d ' ')\n"
                           "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":"
                           "\"ExecCredential\",\"status\":{\"token\":\"run-'$n'\"}}'\n",
                           /*executable=*/true)
                     .string();
  exec.env = {{"RUNS", (dir.path() / "runs").string()}};
  Config config = ConfigFor(http_.Url());
  config.exec_provider = std::make_shared<ExecCredentialProvider>(exec, clock_);
  auto client = ClientFor(config);
  auto rejected = client->Get().Resource("nodes").Do();
  ASSERT_NE(rejected.error(), nullptr);
  EXPECT_TRUE(api::IsUnauthorized(*rejected.error()));
  // The 401 dropped the cached credential: the next request runs the plugin again.
  EXPECT_EQ(client->Get().Resource("nodes").Do().error(), nullptr);
  EXPECT_EQ(tokens, (std::vector<std::string>{"Bearer run-1", "Bearer run-2"}));
}

TEST_F(HttpTransportTest, StatusBodiesAndPlainBodiesBecomeErrors) {
  http_.server().Get("/api/v1/pods/x", [](const httplib::Request&, httplib::Response& response) {
    response.status = 404;
    response.set_content(kStatus404, "application/json");
  });
  http_.server().Get("/api/v1/pods/y", [](const httplib::Request&, httplib::Response& response) {
    response.status = 500;
    response.set_content("boom\n", "text/plain");
  });
  http_.server().Get("/api/v1/pods/z", [](const httplib::Request&, httplib::Response& response) {
    response.status = 404;
    response.set_content("<html>nope</html>", "text/html");
  });
  http_.Start();
  auto client = ClientFor(ConfigFor(http_.Url()));
  auto status = client->Get().Resource("pods").Name("x").Do();
  ASSERT_NE(status.error(), nullptr);
  EXPECT_TRUE(api::IsNotFound(*status.error()));
  EXPECT_EQ(status.error()->message(), "pods \"x\" not found");

  auto plain = client->Get().Resource("pods").Name("y").Do();
  ASSERT_NE(plain.error(), nullptr);
  EXPECT_TRUE(api::IsInternalError(*plain.error()));
  EXPECT_EQ(plain.error()->message(),
            "an error on the server (\"boom\") has prevented the request from succeeding "
            "(get pods y)");
  ASSERT_TRUE(plain.error()->details());
  EXPECT_EQ(plain.error()->details()->causes.at(0).type, "UnexpectedServerResponse");

  auto html = client->Get().Resource("pods").Name("z").Do();
  ASSERT_NE(html.error(), nullptr);
  EXPECT_TRUE(api::IsNotFound(*html.error()));
  EXPECT_EQ(html.error()->message(),
            "the server could not find the requested resource (get pods z)");
}

TEST_F(HttpTransportTest, TooManyRequestsWithRetryAfterIsRetriedOnTheClock) {
  std::atomic<int> calls{0};
  http_.server().Get("/api/v1/nodes", [&](const httplib::Request&, httplib::Response& response) {
    if (calls++ == 0) {
      response.status = 429;
      response.set_header("Retry-After", "2");
      response.set_content("too many", "text/plain");
      return;
    }
    response.set_content(R"({"kind":"NodeList","items":[]})", "application/json");
  });
  http_.Start();
  auto client = ClientFor(ConfigFor(http_.Url()));
  auto result =
      std::async(std::launch::async, [&] { return client->Get().Resource("nodes").Do(); });
  ASSERT_TRUE(clock_->WaitForWaiters(1));
  EXPECT_EQ(calls.load(), 1);
  clock_->Step(std::chrono::seconds(2));
  RestResult done = result.get();
  EXPECT_EQ(done.error(), nullptr);
  EXPECT_EQ(calls.load(), 2);
}

TEST_F(HttpTransportTest, RetriesAreBoundedAndTheLastAnswerIsTheError) {
  std::atomic<int> calls{0};
  http_.server().Get("/api/v1/nodes", [&](const httplib::Request&, httplib::Response& response) {
    ++calls;
    response.status = 503;
    response.set_header("Retry-After", "0");
    response.set_content("", "text/plain");
  });
  http_.Start();
  Config config = ConfigFor(http_.Url());
  config.max_retries = 2;
  auto result = ClientFor(config)->Get().Resource("nodes").Do();
  ASSERT_NE(result.error(), nullptr);
  EXPECT_TRUE(api::IsServiceUnavailable(*result.error()));
  EXPECT_EQ(calls.load(), 3);
}

TEST_F(HttpTransportTest, TooManyRequestsWithoutRetryAfterIsNotRetried) {
  std::atomic<int> calls{0};
  http_.server().Get("/api/v1/nodes", [&](const httplib::Request&, httplib::Response& response) {
    ++calls;
    response.status = 429;
    response.set_content("slow down", "text/plain");
  });
  http_.Start();
  auto result = ClientFor(ConfigFor(http_.Url()))->Get().Resource("nodes").Do();
  ASSERT_NE(result.error(), nullptr);
  EXPECT_TRUE(api::IsTooManyRequests(*result.error()));
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(HttpTransportTest, ConfigTimeoutBoundsARequestTheServerNeverAnswers) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  http_.server().Get("/api/v1/nodes",
                     [released](const httplib::Request&, httplib::Response& response) {
                       released.wait();  // answers only after the client has given up
                       response.set_content("{}", "application/json");
                     });
  http_.Start();
  Config config = ConfigFor(http_.Url());
  config.timeout = std::chrono::milliseconds(100);
  auto result = ClientFor(config)->Get().Resource("nodes").Do();
  release.set_value();
  ASSERT_NE(result.error(), nullptr);
  EXPECT_EQ(result.error()->code(), 0);
  EXPECT_NE(result.error()->message().find("Client.Timeout exceeded"), std::string::npos)
      << result.error()->message();
}

TEST_F(HttpTransportTest, ServerThatIsNotThereIsAConnectionError) {
  http_.Start();
  const std::string url = http_.Url();
  http_.Stop();
  auto result = ClientFor(ConfigFor(url))->Get().Resource("nodes").Do();
  ASSERT_NE(result.error(), nullptr);
  EXPECT_EQ(result.error()->code(), 0);
  EXPECT_NE(result.error()->message().find("connection refused"), std::string::npos)
      << result.error()->message();
}

constexpr const char* kNodeListAnswer =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 30\r\n"
    "Connection: close\r\n\r\n{\"kind\":\"NodeList\",\"items\":[]}";

TEST_F(HttpTransportTest, GetOnADroppedConnectionIsSentAgainASecondLater) {
  DroppingServer server(/*drops=*/1, kNodeListAnswer);
  auto client = ClientFor(ConfigFor(server.Url()));
  auto result =
      std::async(std::launch::async, [&] { return client->Get().Resource("nodes").Do(); });
  ASSERT_TRUE(clock_->WaitForWaiters(1));
  EXPECT_EQ(server.connections(), 1);
  clock_->Step(std::chrono::seconds(1));
  RestResult done = result.get();
  ASSERT_EQ(done.error(), nullptr) << done.error()->message();
  EXPECT_EQ(done.Json().value()["kind"], "NodeList");
  EXPECT_EQ(server.connections(), 2);
}

TEST_F(HttpTransportTest, WriteOnADroppedConnectionIsNotRetried) {
  DroppingServer server(/*drops=*/1, kNodeListAnswer);
  auto result = ClientFor(ConfigFor(server.Url()))
                    ->Post()
                    .Resource("nodes")
                    .Body(nlohmann::json{{"metadata", {{"name", "n"}}}})
                    .Do();
  ASSERT_NE(result.error(), nullptr);
  EXPECT_EQ(result.error()->code(), 0);
  EXPECT_EQ(result.error()->message(), "Post \"" + server.Url() + "/api/v1/nodes\": EOF");
  EXPECT_EQ(server.connections(), 1);
}

TEST_F(HttpTransportTest, DroppedConnectionRetriesAreBounded) {
  DroppingServer server(/*drops=*/100, kNodeListAnswer);
  Config config = ConfigFor(server.Url());
  config.max_retries = 2;
  auto client = ClientFor(config);
  auto result =
      std::async(std::launch::async, [&] { return client->Get().Resource("nodes").Do(); });
  for (size_t sleeper = 1; sleeper <= 2; ++sleeper) {
    ASSERT_TRUE(clock_->WaitForWaiters(1));
    clock_->Step(std::chrono::seconds(1));
  }
  RestResult done = result.get();
  ASSERT_NE(done.error(), nullptr);
  EXPECT_EQ(done.error()->message(), "Get \"" + server.Url() + "/api/v1/nodes\": EOF");
  EXPECT_EQ(server.connections(), 3);
}

TEST_F(HttpTransportTest, WatchStreamsLinesAndEndsWhenTheServerCloses) {
  http_.server().Get("/api/v1/configmaps", [](const httplib::Request& request,
                                              httplib::Response& response) {
    ASSERT_EQ(request.get_param_value("watch"), "true");
    response.set_chunked_content_provider("application/json", [](size_t, httplib::DataSink& sink) {
      const std::string events =
          R"({"type":"ADDED","object":{"kind":"ConfigMap","metadata":{"name":"a"}}})"
          "\n"
          R"({"type":"MODIFIED",)";
      sink.write(events.data(), events.size());
      const std::string rest = R"("object":{"kind":"ConfigMap","metadata":{"name":"a"}}})"
                               "\n";
      sink.write(rest.data(), rest.size());
      sink.done();
      return true;
    });
  });
  http_.Start();
  auto watcher = ClientFor(ConfigFor(http_.Url()))->Get().Resource("configmaps").Watch();
  ASSERT_TRUE(watcher) << watcher.error().message();
  auto added = (*watcher)->Next();
  ASSERT_TRUE(added && *added);
  EXPECT_EQ((*added)->type, "ADDED");
  auto modified = (*watcher)->Next();
  ASSERT_TRUE(modified && *modified);
  EXPECT_EQ((*modified)->type, "MODIFIED");
  EXPECT_EQ((*modified)->object["metadata"]["name"], "a");
  auto end = (*watcher)->Next();
  ASSERT_TRUE(end);
  EXPECT_FALSE(end->has_value());
}

TEST_F(HttpTransportTest, WatchErrorEventBecomesTheError) {
  http_.server().Get("/api/v1/configmaps", [](const httplib::Request&,
                                              httplib::Response& response) {
    response.set_chunked_content_provider("application/json", [](size_t, httplib::DataSink& sink) {
      const std::string event =
          R"j({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure",)j"
          R"j("message":"too old resource version: 1 (5)","reason":"Expired","code":410}})j"
          "\n";
      sink.write(event.data(), event.size());
      sink.done();
      return true;
    });
  });
  http_.Start();
  auto watcher = ClientFor(ConfigFor(http_.Url()))->Get().Resource("configmaps").Watch();
  ASSERT_TRUE(watcher);
  auto event = (*watcher)->Next();
  ASSERT_FALSE(event);
  EXPECT_TRUE(api::IsResourceExpired(event.error()));
  EXPECT_EQ(event.error().message(), "too old resource version: 1 (5)");
}

TEST_F(HttpTransportTest, WatchRefusedByTheServerIsItsStatus) {
  http_.server().Get("/api/v1/pods", [](const httplib::Request&, httplib::Response& response) {
    response.status = 404;
    response.set_content(kStatus404, "application/json");
  });
  http_.Start();
  auto watcher = ClientFor(ConfigFor(http_.Url()))->Get().Resource("pods").Watch();
  ASSERT_FALSE(watcher);
  EXPECT_TRUE(api::IsNotFound(watcher.error()));
}

TEST_F(HttpTransportTest, StoppingAWatchUnblocksNext) {
  http_.server().Get("/api/v1/configmaps", [](const httplib::Request&,
                                              httplib::Response& response) {
    response.set_chunked_content_provider("application/json", [](size_t, httplib::DataSink& sink) {
      // Keeps the stream open without events until the client goes away.
      return sink.is_writable();
    });
  });
  http_.Start();
  auto watcher = ClientFor(ConfigFor(http_.Url()))->Get().Resource("configmaps").Watch();
  ASSERT_TRUE(watcher) << watcher.error().message();
  auto next = std::async(std::launch::async, [&] { return (*watcher)->Next(); });
  (*watcher)->Stop();
  auto end = next.get();
  ASSERT_TRUE(end);
  EXPECT_FALSE(end->has_value());
}

// A CA, and a server certificate it signs for 127.0.0.1 and api.internal, made with the
// openssl command.
class TlsTest : public HttpTransportTest {
 protected:
  void SetUp() override {
    dir_.Write("san.ext", "subjectAltName=DNS:api.internal\n");
    const std::string d = dir_.path().string();
    const std::string commands =
        "cd " + d +
        " && "
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
        "-keyout ca.key -out ca.crt -subj /CN=kubefake-test-ca && "
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
        "-keyout other-ca.key -out other-ca.crt -subj /CN=other-ca && "
        "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
        "-keyout server.key -out server.csr -subj /CN=api.internal && "
        "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 "
        "-extfile san.ext -out server.crt";
    ASSERT_EQ(std::system(("(" + commands + ") >/dev/null 2>&1").c_str()), 0);
    tls_ = std::make_unique<TinyHttpServer>(d + "/server.crt", d + "/server.key");
    tls_->server().Get("/version", [](const httplib::Request&, httplib::Response& response) {
      response.set_content(R"({"gitVersion":"v1.33.1"})", "application/json");
    });
    tls_->Start();
  }

  RestResult GetVersion(const Config& config) {
    auto client = UnversionedRESTClientFor(config);
    if (!client) return RestResult(client.error());
    return (*client)->Get().AbsPath("/version").Do();
  }

  std::string Read(const std::string& name) {
    std::ifstream in(dir_.path() / name);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  }

  TempDir dir_;
  std::unique_ptr<TinyHttpServer> tls_;
};

TEST_F(TlsTest, TrustedCaAndServerNameVerify) {
  Config config = ConfigFor(tls_->Url(/*tls=*/true));
  config.tls.ca_data = Read("ca.crt");
  config.tls.server_name = "api.internal";
  auto result = GetVersion(config);
  ASSERT_EQ(result.error(), nullptr) << result.error()->message();
  EXPECT_EQ(result.Json().value()["gitVersion"], "v1.33.1");

  config.tls.ca_data.clear();
  config.tls.ca_file = (dir_.path() / "ca.crt").string();
  EXPECT_EQ(GetVersion(config).error(), nullptr);
}

TEST_F(TlsTest, WrongCaOrWrongNameFailsVerification) {
  Config config = ConfigFor(tls_->Url(/*tls=*/true));
  config.tls.ca_data = Read("other-ca.crt");
  config.tls.server_name = "api.internal";
  auto wrong_ca = GetVersion(config);
  ASSERT_NE(wrong_ca.error(), nullptr);
  EXPECT_NE(wrong_ca.error()->message().find("certificate signed by unknown authority"),
            std::string::npos)
      << wrong_ca.error()->message();

  // The certificate names api.internal, not the address dialled.
  config.tls.ca_data = Read("ca.crt");
  config.tls.server_name.clear();
  EXPECT_NE(GetVersion(config).error(), nullptr);
}

TEST_F(TlsTest, InsecureSkipsVerification) {
  Config config = ConfigFor(tls_->Url(/*tls=*/true));
  config.tls.insecure = true;
  EXPECT_EQ(GetVersion(config).error(), nullptr);
}

TEST_F(TlsTest, UnloadableCaIsAConfigError) {
  Config config = ConfigFor(tls_->Url(/*tls=*/true));
  config.tls.ca_data = "not a certificate";
  auto client = UnversionedRESTClientFor(config);
  ASSERT_FALSE(client);
  EXPECT_EQ(client.error().message(), "unable to load root certificates: no certificates found");
}

}  // namespace
}  // namespace kubefake::client
