// Tests of the HTTP(S) front end itself (what the engine tests over the HTTP door do not
// cover): many watches, disconnects, a client that stops reading, body limits, bad input,
// keep-alive, HEAD, gzip, streamed list bodies, bearer tokens, TLS, graceful stop and the
// SIGPIPE policy.
#include "kubefake/fakeserver/http_server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <signal.h>
#include <zlib.h>

#include <future>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <vector>

#include "engine_test.h"
#include "kubefake/fakeserver/serving_certificates.h"
#include "raw_http_connection.h"

namespace kubefake::fakeserver {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr milliseconds kDeadline(10'000);

std::string ConfigMapJson(const std::string& name, const std::string& value = "v") {
  return nlohmann::json{{"apiVersion", "v1"},
                        {"kind", "ConfigMap"},
                        {"metadata", {{"name", name}}},
                        {"data", {{"k", value}}}}
      .dump();
}

std::string Get(std::string_view path, std::string_view extra_headers = "") {
  return "GET " + std::string(path) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) +
         "\r\n";
}

std::string Gunzip(const std::string& data) {
  z_stream stream{};
  inflateInit2(&stream, 31);
  std::string out;
  char buffer[65536];
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof(buffer);
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof(buffer) - stream.avail_out);
  }
  inflateEnd(&stream);
  EXPECT_EQ(status, Z_STREAM_END) << "not a complete gzip stream";
  return out;
}

nlohmann::json ParsedJson(const std::string& body) {
  return nlohmann::json::parse(body, nullptr, false);
}

// The chunks of a chunked body whose head has been read, up to the last (empty) one.
std::vector<std::string> ReadChunks(RawHttpConnection& connection) {
  std::vector<std::string> chunks;
  for (std::optional<std::string> chunk;
       (chunk = connection.ReadChunk(kDeadline)) && !chunk->empty();) {
    chunks.push_back(std::move(*chunk));
  }
  return chunks;
}

class HttpServerTest : public testing::Test {
 protected:
  HttpServerTest() : server_(std::make_unique<ApiServer>(TestOptions(clock_))) {}
  ~HttpServerTest() override {
    if (http_) http_->Stop();
  }

  void StartHttp(HttpServerOptions options = {}) {
    http_ = std::make_unique<HttpServer>(*server_, std::move(options));
    Result<void> started = http_->Start();
    ASSERT_TRUE(started.has_value()) << started.error().message();
  }

  std::unique_ptr<httplib::Client> Client() {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", http_->port());
    client->set_decompress(false);
    client->set_keep_alive(true);
    return client;
  }

  // Opens a watch on a raw connection and reads its head.
  std::unique_ptr<RawHttpConnection> OpenWatch(std::string_view query = "watch=true") {
    auto connection = RawHttpConnection::Connect(http_->port());
    if (!connection) return nullptr;
    EXPECT_TRUE(connection->Send(Get(std::string(kConfigMaps) + "?" + std::string(query))));
    std::optional<RawResponse> head = connection->ReadHead(kDeadline);
    if (!head) {
      ADD_FAILURE() << "no watch response head";
      return nullptr;
    }
    EXPECT_EQ(head->status, 200);
    EXPECT_EQ(head->Header("transfer-encoding"), "chunked");
    EXPECT_EQ(head->Header("content-type"), "application/json");
    return connection;
  }

  // Opens `n` watches (OpenWatch) and waits until the server counts them all; none (and a test
  // failure) when one does not open.
  std::vector<std::unique_ptr<RawHttpConnection>> OpenWatches(int n) {
    std::vector<std::unique_ptr<RawHttpConnection>> watches;
    for (int i = 0; i < n; ++i) {
      watches.push_back(OpenWatch());
      if (watches.back() == nullptr) {
        ADD_FAILURE() << "watch " << i << " did not open";
        return {};
      }
    }
    if (!http_->WaitForOpenWatches(static_cast<size_t>(n), kDeadline)) {
      ADD_FAILURE() << "the server counts " << http_->OpenWatches() << " watches of " << n;
      return {};
    }
    return watches;
  }

  // Starts the server with `idle_timeout` and answers one request on a keep-alive connection,
  // which is then idle; nullptr (and a test failure) when that fails.
  std::unique_ptr<RawHttpConnection> IdleConnection(std::chrono::seconds idle_timeout) {
    HttpServerOptions options;
    options.idle_timeout = idle_timeout;
    StartHttp(options);
    auto connection = RawHttpConnection::Connect(http_->port());
    if (!connection || !connection->Send(Get("/version"))) {
      ADD_FAILURE() << "cannot send a request";
      return nullptr;
    }
    std::optional<RawResponse> answered = connection->ReadResponse(kDeadline);
    if (!answered || answered->status != 200) {
      ADD_FAILURE() << "no 200 answer to GET /version";
      return nullptr;
    }
    return connection;
  }

  // Creates ConfigMap `name` holding `value` in-process (no HTTP).
  Response CreateInProcess(const std::string& name, const std::string& value) {
    Request create;
    create.method = "POST";
    create.path = kConfigMaps;
    create.headers.Set("Content-Type", "application/json");
    create.body = ConfigMapJson(name, value);
    return server_->Handle(create);
  }

  // Creates `count` ConfigMaps holding `value_bytes` each, in-process; returns the last
  // resourceVersion.
  std::string CreateConfigMaps(int count, size_t value_bytes) {
    std::string resource_version;
    for (int i = 0; i < count; ++i) {
      const Response created =
          CreateInProcess("cm-" + std::to_string(i), std::string(value_bytes, 'v'));
      EXPECT_EQ(created.status, 201) << created.body;
      resource_version = ParsedJson(created.body)["metadata"]["resourceVersion"];
    }
    return resource_version;
  }

  // The list body the engine answers in-process, whole.
  std::string EngineList() {
    Request list;
    list.method = "GET";
    list.path = kConfigMaps;
    return server_->Handle(list).body;
  }

  testkit::FakeClock clock_;
  std::unique_ptr<ApiServer> server_;
  std::unique_ptr<HttpServer> http_;
};

TEST_F(HttpServerTest, ThousandOpenWatchesWhileRequestsKeepSucceeding) {  // R7.2
  StartHttp();
  constexpr int kWatches = 1000;
  std::vector<std::unique_ptr<RawHttpConnection>> watches = OpenWatches(kWatches);
  ASSERT_EQ(watches.size(), size_t{kWatches});
  auto client = Client();
  for (int i = 0; i < 20; ++i) {
    httplib::Result created =
        client->Post(kConfigMaps, ConfigMapJson("cm" + std::to_string(i)), "application/json");
    ASSERT_TRUE(created) << httplib::to_string(created.error());
    EXPECT_EQ(created->status, 201) << created->body;
    httplib::Result got = client->Get(std::string(kConfigMaps) + "/cm" + std::to_string(i));
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, 200);
  }
  for (auto& watch : watches) {
    std::optional<std::string> chunk = watch->ReadChunk(kDeadline);
    ASSERT_TRUE(chunk.has_value());
    // A watcher that fell behind gets its pending events in one chunk, one event per line.
    ASSERT_EQ(chunk->back(), '\n') << "one event per line";
    nlohmann::json event = ParsedJson(chunk->substr(0, chunk->find('\n')));
    EXPECT_EQ(event["type"], "ADDED");
    EXPECT_EQ(event["object"]["metadata"]["name"], "cm0");
  }
  watches.clear();
  EXPECT_TRUE(http_->WaitForOpenWatches(0, kDeadline)) << http_->OpenWatches();
}

TEST_F(HttpServerTest, ManyWatchesGetEveryEventOfABurstInOrder) {  // R7.2
  // Over 100 open watches, a watch writes the events queued after a chunk together in its next
  // chunk (http_server.h, Differs): none may be lost, split or reordered.
  StartHttp();
  constexpr int kWatches = 150;
  constexpr int kEvents = 30;
  std::vector<std::unique_ptr<RawHttpConnection>> watches = OpenWatches(kWatches);
  ASSERT_EQ(watches.size(), size_t{kWatches});
  auto client = Client();
  for (int i = 0; i < kEvents; ++i) {
    httplib::Result created =
        client->Post(kConfigMaps, ConfigMapJson("cm" + std::to_string(i)), "application/json");
    ASSERT_TRUE(created) << httplib::to_string(created.error());
    ASSERT_EQ(created->status, 201) << created->body;
  }
  for (auto& watch : watches) {
    std::vector<std::string> names;
    while (names.size() < kEvents) {
      std::optional<std::string> chunk = watch->ReadChunk(kDeadline);
      ASSERT_TRUE(chunk.has_value()) << "after " << names.size() << " events";
      ASSERT_EQ(chunk->back(), '\n') << "a chunk ends with a whole event";
      std::istringstream lines(*chunk);
      for (std::string line; std::getline(lines, line);) {
        nlohmann::json event = ParsedJson(line);
        EXPECT_EQ(event["type"], "ADDED") << line;
        names.push_back(event["object"]["metadata"]["name"]);
      }
    }
    for (int i = 0; i < kEvents; ++i) EXPECT_EQ(names[i], "cm" + std::to_string(i));
  }
}

TEST_F(HttpServerTest, ClientThatDisconnectsHasItsWatcherFreed) {
  StartHttp();
  auto watch = OpenWatch();
  ASSERT_TRUE(http_->WaitForOpenWatches(1, kDeadline));
  watch.reset();  // the client goes away while the watch is idle
  EXPECT_TRUE(http_->WaitForOpenWatches(0, kDeadline)) << http_->OpenWatches();
}

TEST_F(HttpServerTest, WatchWhoseClientReadsLateGetsEveryEventWhole) {  // R7.2
  // While the client reads nothing, 4 MiB of events (under the 8 MiB a watch may let wait) fill
  // the socket and wait in the write loop, which then writes them in parts as the client reads:
  // every event must arrive whole and in order.
  StartHttp();
  auto late = OpenWatch();
  ASSERT_NE(late, nullptr);
  ASSERT_TRUE(http_->WaitForOpenWatches(1, kDeadline));
  constexpr int kEvents = 16;
  const std::string value(256 * 1024, 'x');
  auto client = Client();
  for (int i = 0; i < kEvents; ++i) {
    httplib::Result created = client->Post(
        kConfigMaps, ConfigMapJson("cm" + std::to_string(i), value + std::to_string(i)),
        "application/json");
    ASSERT_TRUE(created) << httplib::to_string(created.error());
    ASSERT_EQ(created->status, 201) << created->body;
  }
  std::string body;
  int events = 0;
  while (events < kEvents) {
    std::optional<std::string> chunk = late->ReadChunk(kDeadline);
    ASSERT_TRUE(chunk.has_value()) << "after " << events << " events";
    body += *chunk;
    for (std::size_t newline = body.find('\n'); newline != std::string::npos;
         newline = body.find('\n')) {
      nlohmann::json event = ParsedJson(body.substr(0, newline));
      body.erase(0, newline + 1);
      EXPECT_EQ(event["object"]["metadata"]["name"], "cm" + std::to_string(events));
      EXPECT_EQ(event["object"]["data"]["k"], value + std::to_string(events));
      ++events;
    }
  }
  EXPECT_EQ(body, "") << "a chunk ends with a whole event";
}

TEST_F(HttpServerTest, WatchWhoseClientStopsReadingIsClosed) {  // R7.10
  // The write loop keeps what it cannot write yet; a client that lets more than 8 MiB pile up
  // does not keep up, and its connection is closed (watch_write_loop.h), freeing its watcher.
  StartHttp();
  auto stalled = OpenWatch();
  ASSERT_NE(stalled, nullptr);
  ASSERT_TRUE(http_->WaitForOpenWatches(1, kDeadline));
  const std::string value(256 * 1024, 'x');
  auto client = Client();
  // 20 MiB of events: more than the limit and the sockets' buffers together.
  for (int i = 0; i < 80 && http_->OpenWatches() == 1; ++i) {
    httplib::Result created =
        client->Post(kConfigMaps, ConfigMapJson("cm" + std::to_string(i), value),
                     "application/json");
    ASSERT_TRUE(created) << httplib::to_string(created.error());
    ASSERT_EQ(created->status, 201) << created->body;
  }
  EXPECT_TRUE(http_->WaitForOpenWatches(0, kDeadline)) << http_->OpenWatches();
  EXPECT_TRUE(stalled->WaitForClose(kDeadline)) << "the connection was kept";
  // The server goes on serving.
  httplib::Result version = client->Get("/version");
  ASSERT_TRUE(version) << httplib::to_string(version.error());
  EXPECT_EQ(version->status, 200);
}

TEST_F(HttpServerTest, StopEndsManyWatchesCleanly) {  // R7.2
  // Over 100 watches, each written by the write loop with its flush interval: Stop still ends
  // every one with the terminating chunk after the events it was sent.
  StartHttp();
  constexpr int kWatches = 150;
  std::vector<std::unique_ptr<RawHttpConnection>> watches = OpenWatches(kWatches);
  ASSERT_EQ(watches.size(), size_t{kWatches});
  auto client = Client();
  httplib::Result created = client->Post(kConfigMaps, ConfigMapJson("cm"), "application/json");
  ASSERT_TRUE(created) << httplib::to_string(created.error());
  ASSERT_EQ(created->status, 201) << created->body;
  for (auto& watch : watches) {
    std::optional<std::string> chunk = watch->ReadChunk(kDeadline);
    ASSERT_TRUE(chunk.has_value());
    EXPECT_EQ(ParsedJson(chunk->substr(0, chunk->find('\n')))["object"]["metadata"]["name"], "cm");
  }
  std::jthread stopper([&] { http_->Stop(); });
  for (auto& watch : watches) {
    std::optional<std::string> last = watch->ReadChunk(kDeadline);
    ASSERT_TRUE(last.has_value());
    EXPECT_EQ(*last, "") << "expected the last chunk";
  }
  watches.clear();
  stopper.join();
  EXPECT_EQ(http_->OpenWatches(), 0u);
}

TEST_F(HttpServerTest, BodyOverTheLimitAnswers413WithContentLength) {  // R3.13
  StartHttp();
  auto client = Client();
  const std::string body(3 * 1024 * 1024 + 1, 'x');
  httplib::Result result = client->Post(kConfigMaps, body, "application/json");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 413);
  const nlohmann::json status = ParsedJson(result->body);
  EXPECT_EQ(status["reason"], "RequestEntityTooLarge");
  EXPECT_EQ(status["message"], "Request entity too large: limit is 3145728");
  EXPECT_EQ(status["code"], 413);
  // The connection stays usable.
  httplib::Result next = client->Post(kConfigMaps, ConfigMapJson("after"), "application/json");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 201) << next->body;
}

TEST_F(HttpServerTest, ChunkedBodyOverTheLimitAnswers413) {  // R3.13
  StartHttp();
  auto connection = RawHttpConnection::Connect(http_->port());
  ASSERT_NE(connection, nullptr);
  std::string request = "POST " + std::string(kConfigMaps) +
                        " HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n";
  const std::string chunk(1024 * 1024, 'x');
  for (int i = 0; i < 4; ++i) request += "100000\r\n" + chunk + "\r\n";
  request += "0\r\n\r\n";
  std::thread sender([&] { connection->Send(request); });
  std::optional<RawResponse> response = connection->ReadResponse(kDeadline);
  sender.join();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(ParsedJson(response->body)["message"], "Request entity too large: limit is 3145728");
  // A chunked body under the limit is read whole on the same connection.
  const std::string small = ConfigMapJson("chunked");
  char size[16];
  std::snprintf(size, sizeof(size), "%zx", small.size());
  ASSERT_TRUE(connection->Send("POST " + std::string(kConfigMaps) +
                               " HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n" +
                               size + "\r\n" + small + "\r\n0\r\n\r\n"));
  response = connection->ReadResponse(kDeadline);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 201) << response->body;
}

TEST_F(HttpServerTest, WrongContentTypeAnswers415AndUnsatisfiableAcceptAnswers406) {  // R11
  StartHttp();
  auto client = Client();
  httplib::Result result = client->Post(kConfigMaps, ConfigMapJson("a"), "text/plain");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 415);
  EXPECT_EQ(ParsedJson(result->body)["reason"], "UnsupportedMediaType");
  result = client->Get(kConfigMaps, {{"Accept", "application/cbor"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 406);
  EXPECT_EQ(ParsedJson(result->body)["reason"], "NotAcceptable");
}

// cpp-httplib treats a half-closed client as gone, so the body is cut short by silence: the
// server answers when its read timeout (5 s) passes.
TEST_F(HttpServerTest, TruncatedBodyAnswersUnexpectedEof) {  // R5.1
  StartHttp();
  auto connection = RawHttpConnection::Connect(http_->port());
  ASSERT_NE(connection, nullptr);
  const std::string body = ConfigMapJson("truncated");
  ASSERT_TRUE(connection->Send("POST " + std::string(kConfigMaps) +
                               " HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                               "Content-Length: " +
                               std::to_string(body.size() + 10) + "\r\n\r\n" + body));
  std::optional<RawResponse> response = connection->ReadResponse(kDeadline);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(ParsedJson(response->body)["message"], "unexpected EOF");
  EXPECT_FALSE(ParsedJson(response->body).contains("reason"));
  auto client = Client();
  EXPECT_EQ(client->Get(std::string(kConfigMaps) + "/truncated")->status, 404);
}

TEST_F(HttpServerTest, InvalidPercentEscapeAnswers400Status) {
  StartHttp();
  auto connection = RawHttpConnection::Connect(http_->port());
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send(Get("/api/v1/namespaces/%zz/configmaps")));
  std::optional<RawResponse> response = connection->ReadResponse(kDeadline);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 400);
  const nlohmann::json status = ParsedJson(response->body);
  EXPECT_EQ(status["kind"], "Status");
  EXPECT_EQ(status["reason"], "BadRequest");
  EXPECT_EQ(status["message"],
            "parse \"/api/v1/namespaces/%zz/configmaps\": invalid URL escape \"%zz\"");
}

TEST_F(HttpServerTest, PathAndQueryAreDecodedAsGoDoes) {
  StartHttp();
  auto client = Client();
  ASSERT_EQ(client->Post(kConfigMaps, ConfigMapJson("a"), "application/json")->status, 201);
  auto connection = RawHttpConnection::Connect(http_->port());
  ASSERT_NE(connection, nullptr);
  // %61 is 'a' in the path; '+' in the query is a space, so the selector does not parse.
  ASSERT_TRUE(connection->Send(Get("/api/v1/namespaces/default/configmaps/%61")));
  std::optional<RawResponse> response = connection->ReadResponse(kDeadline);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200) << response->body;
  ASSERT_TRUE(connection->Send(Get(std::string(kConfigMaps) + "?labelSelector=a+in+(b)")));
  response = connection->ReadResponse(kDeadline);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200) << "'a in (b)' is a valid selector: " << response->body;
}

TEST_F(HttpServerTest, SlowClientSendingHalfARequestDoesNotBlockOthers) {
  StartHttp();
  auto slow = RawHttpConnection::Connect(http_->port());
  ASSERT_NE(slow, nullptr);
  ASSERT_TRUE(slow->Send("GET /api/v1/names"));
  auto client = Client();
  for (int i = 0; i < 3; ++i) {
    httplib::Result result = client->Get(kConfigMaps);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
  }
  ASSERT_TRUE(slow->Send("paces/default HTTP/1.1\r\nHost: test\r\n\r\n"));
  std::optional<RawResponse> response = slow->ReadResponse(kDeadline);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
}

TEST_F(HttpServerTest, KeepAliveServesMoreThanFiveRequestsOnOneConnection) {
  StartHttp();
  auto connection = RawHttpConnection::Connect(http_->port());
  ASSERT_NE(connection, nullptr);
  for (int i = 0; i < 12; ++i) {
    ASSERT_TRUE(connection->Send(Get("/api/v1/namespaces/default"))) << "request " << i;
    std::optional<RawResponse> response = connection->ReadResponse(kDeadline);
    ASSERT_TRUE(response.has_value()) << "request " << i;
    EXPECT_EQ(response->status, 200);
    EXPECT_NE(response->Header("connection"), "close") << "request " << i;
  }
}

TEST_F(HttpServerTest, HeadAnswersWithoutABody) {  // R1.2
  StartHttp();
  auto connection = RawHttpConnection::Connect(http_->port());
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send("HEAD /api/v1/namespaces/default HTTP/1.1\r\nHost: t\r\n\r\n"));
  std::optional<RawResponse> response = connection->ReadResponse(kDeadline, /*head=*/true);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("content-type"), "application/json");
  // The next response on the connection starts right away: HEAD carried no body bytes.
  ASSERT_TRUE(connection->Send(Get("/api/v1/namespaces/nope")));
  response = connection->ReadResponse(kDeadline);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 404);
}

TEST_F(HttpServerTest, GzipOnlyForLargeResponsesWhenAsked) {
  StartHttp();
  auto client = Client();
  ASSERT_EQ(client->Post(kConfigMaps, ConfigMapJson("small"), "application/json")->status, 201);
  ASSERT_EQ(client
                ->Post(kConfigMaps, ConfigMapJson("large", std::string(200 * 1024, 'z')),
                       "application/json")
                ->status,
            201);
  const std::string large = std::string(kConfigMaps) + "/large";
  httplib::Result plain = client->Get(large);
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));

  httplib::Result gzipped = client->Get(large, {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(gzipped);
  EXPECT_EQ(gzipped->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(gzipped->get_header_value("Vary"), "Accept-Encoding");
  EXPECT_LT(gzipped->body.size(), plain->body.size());
  EXPECT_EQ(Gunzip(gzipped->body), plain->body);

  httplib::Result small =
      client->Get(std::string(kConfigMaps) + "/small", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(small);
  EXPECT_FALSE(small->has_header("Content-Encoding")) << "small bodies are sent as they are";
  httplib::Result brotli = client->Get(large, {{"Accept-Encoding", "br"}});
  ASSERT_TRUE(brotli);
  EXPECT_FALSE(brotli->has_header("Content-Encoding")) << "the apiserver only speaks gzip";
  EXPECT_EQ(brotli->body, plain->body);
}

TEST_F(HttpServerTest, LargeListIsStreamedInBoundedChunks) {  // R6.1
  // As kube-apiserver 1.33 streams lists (StreamingCollectionEncodingToJSON): no Content-Length,
  // chunks of about 64 KiB made while the client reads, never the whole body at once.
  StartHttp();
  CreateConfigMaps(200, 4000);
  const std::string expected = EngineList();
  ASSERT_GT(expected.size(), 700u * 1024);
  auto connection = RawHttpConnection::Connect(http_->port());
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send(Get(kConfigMaps)));
  std::optional<RawResponse> head = connection->ReadHead(kDeadline);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("transfer-encoding"), "chunked");
  EXPECT_EQ(head->Header("content-length"), "");
  EXPECT_EQ(head->Header("content-type"), "application/json");
  std::string body;
  const std::vector<std::string> chunks = ReadChunks(*connection);
  for (const std::string& chunk : chunks) {
    EXPECT_LE(chunk.size(), 64u * 1024 + 200) << "a chunk is whole items up to 64 KiB, or the tail";
    body += chunk;
  }
  EXPECT_EQ(body, expected);
  EXPECT_GE(chunks.size(), 10u);

  // The connection stays usable; HEAD of the same list carries no body.
  ASSERT_TRUE(connection->Send("HEAD " + std::string(kConfigMaps) + " HTTP/1.1\r\nHost: t\r\n\r\n"));
  std::optional<RawResponse> headed = connection->ReadResponse(kDeadline, /*head=*/true);
  ASSERT_TRUE(headed.has_value());
  EXPECT_EQ(headed->status, 200);
  ASSERT_TRUE(connection->Send(Get(kConfigMaps)));
  std::optional<RawResponse> again = connection->ReadResponse(kDeadline);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->body, expected);
}

TEST_F(HttpServerTest, SmallListKeepsItsContentLength) {  // R6.1
  StartHttp();
  CreateConfigMaps(3, 10);
  auto connection = RawHttpConnection::Connect(http_->port());
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send(Get(kConfigMaps)));
  std::optional<RawResponse> response = connection->ReadResponse(kDeadline);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->Header("transfer-encoding"), "");
  EXPECT_EQ(response->Header("content-length"), std::to_string(response->body.size()));
  EXPECT_EQ(response->body, EngineList());
}

TEST_F(HttpServerTest, StreamedListIsGzippedAsItGoesWhenAsked) {
  StartHttp();
  CreateConfigMaps(100, 4000);
  auto client = Client();
  httplib::Result gzipped = client->Get(kConfigMaps, {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(gzipped);
  EXPECT_EQ(gzipped->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(gzipped->get_header_value("Vary"), "Accept-Encoding");
  EXPECT_EQ(gzipped->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_EQ(Gunzip(gzipped->body), EngineList());
  httplib::Result brotli = client->Get(kConfigMaps, {{"Accept-Encoding", "br"}});
  ASSERT_TRUE(brotli);
  EXPECT_FALSE(brotli->has_header("Content-Encoding")) << "the apiserver only speaks gzip";
  EXPECT_EQ(brotli->body, EngineList());
}

TEST_F(HttpServerTest, ClientThatStopsReadingAListBlocksNoWriterAndGetsItsSnapshot) {  // R6.3
  // 24 MB: more than loopback's socket buffers hold, so the server waits on this client.
  StartHttp();
  const std::string listed_version = CreateConfigMaps(24, 1000 * 1000);
  auto connection = RawHttpConnection::Connect(http_->port());
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send(Get(kConfigMaps)));
  std::optional<RawResponse> head = connection->ReadHead(kDeadline);
  ASSERT_TRUE(head.has_value());
  ASSERT_EQ(head->status, 200);

  // A write while the list is being written, not read: it neither waits for the reader nor shows
  // in the list already begun.
  std::future<int> created =
      std::async(std::launch::async, [&] { return CreateInProcess("late", "v").status; });
  ASSERT_EQ(created.wait_for(kDeadline), std::future_status::ready);
  EXPECT_EQ(created.get(), 201);

  std::string body;
  for (const std::string& chunk : ReadChunks(*connection)) body += chunk;
  const nlohmann::json list = ParsedJson(body);
  ASSERT_TRUE(list.is_object()) << "incomplete body of " << body.size() << " bytes";
  EXPECT_EQ(list["items"].size(), 24u);
  EXPECT_EQ(list["metadata"]["resourceVersion"], listed_version);
}

TEST_F(HttpServerTest, WatchIsNotCompressedEvenWhenTheClientAsks) {  // R7.2
  StartHttp();
  auto connection = RawHttpConnection::Connect(http_->port());
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(
      connection->Send(Get(std::string(kConfigMaps) + "?watch=1", "Accept-Encoding: gzip\r\n")));
  std::optional<RawResponse> head = connection->ReadHead(kDeadline);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->Header("content-encoding"), "");
  auto client = Client();
  ASSERT_EQ(client
                ->Post(kConfigMaps, ConfigMapJson("big", std::string(200 * 1024, 'q')),
                       "application/json")
                ->status,
            201);
  std::optional<std::string> chunk = connection->ReadChunk(kDeadline);
  ASSERT_TRUE(chunk.has_value());
  EXPECT_EQ(ParsedJson(*chunk)["object"]["metadata"]["name"], "big");
}

TEST_F(HttpServerTest, BearerTokenIsRequiredWhenSet) {  // R5.2
  HttpServerOptions options;
  options.bearer_token = "s3cret";
  StartHttp(options);
  auto client = Client();
  for (const httplib::Headers& headers :
       {httplib::Headers{}, httplib::Headers{{"Authorization", "Bearer wrong"}},
        httplib::Headers{{"Authorization", "Basic czNjcmV0"}}}) {
    httplib::Result result = client->Get(kConfigMaps, headers);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 401);
    EXPECT_EQ(ParsedJson(result->body), (nlohmann::json{{"kind", "Status"},
                                                  {"apiVersion", "v1"},
                                                  {"metadata", nlohmann::json::object()},
                                                  {"status", "Failure"},
                                                  {"message", "Unauthorized"},
                                                  {"reason", "Unauthorized"},
                                                  {"code", 401}}));
  }
  for (const char* value : {"Bearer s3cret", "bearer s3cret"}) {
    httplib::Result result = client->Get(kConfigMaps, {{"Authorization", value}});
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200) << value;
  }
}

// The subjectAltNames of a PEM certificate as "IP:..." and "DNS:..." strings.
std::vector<std::string> AltNames(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
  std::vector<std::string> names;
  if (!cert) return names;
  auto* sans = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; sans != nullptr && i < sk_GENERAL_NAME_num(sans); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(sans, i);
    if (name->type == GEN_DNS) {
      names.push_back("DNS:" + std::string(reinterpret_cast<const char*>(
                                   ASN1_STRING_get0_data(name->d.dNSName))));
    } else if (name->type == GEN_IPADD && ASN1_STRING_length(name->d.iPAddress) == 4) {
      const unsigned char* ip = ASN1_STRING_get0_data(name->d.iPAddress);
      names.push_back("IP:" + std::to_string(ip[0]) + "." + std::to_string(ip[1]) + "." +
                      std::to_string(ip[2]) + "." + std::to_string(ip[3]));
    }
  }
  GENERAL_NAMES_free(sans);
  return names;
}

X509_STORE* StoreWith(const std::string& ca_pem) {
  X509_STORE* store = X509_STORE_new();
  BIO* bio = BIO_new_mem_buf(ca_pem.data(), static_cast<int>(ca_pem.size()));
  X509* ca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  X509_STORE_add_cert(store, ca);
  X509_free(ca);
  BIO_free(bio);
  return store;
}

TEST_F(HttpServerTest, TlsRoundTripVerifiedAgainstTheGeneratedCa) {
  Result<ServingCertificates> certificates =
      GenerateServingCertificates({"127.0.0.1", "localhost"});
  ASSERT_TRUE(certificates.has_value()) << certificates.error().message();
  EXPECT_EQ(AltNames(certificates->certificate_pem),
            (std::vector<std::string>{"IP:127.0.0.1", "DNS:localhost"}));
  HttpServerOptions options;
  options.tls_certificate_pem = certificates->certificate_pem;
  options.tls_private_key_pem = certificates->private_key_pem;
  StartHttp(options);
  EXPECT_EQ(http_->url(), "https://127.0.0.1:" + std::to_string(http_->port()));
  for (const char* host : {"127.0.0.1", "localhost"}) {
    httplib::SSLClient client(host, http_->port());
    client.set_ca_cert_store(StoreWith(certificates->ca_certificate_pem));
    client.enable_server_certificate_verification(true);
    httplib::Result result = client.Get("/api/v1/namespaces/default");
    ASSERT_TRUE(result) << host << ": " << httplib::to_string(result.error());
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(ParsedJson(result->body)["metadata"]["name"], "default");
  }
  // Another CA does not verify it.
  Result<ServingCertificates> other = GenerateServingCertificates({"127.0.0.1"});
  ASSERT_TRUE(other.has_value());
  httplib::SSLClient stranger("127.0.0.1", http_->port());
  stranger.set_ca_cert_store(StoreWith(other->ca_certificate_pem));
  stranger.enable_server_certificate_verification(true);
  httplib::Result refused = stranger.Get("/api/v1/namespaces/default");
  EXPECT_FALSE(refused);
  EXPECT_EQ(refused.error(), httplib::Error::SSLServerVerification);
}

TEST_F(HttpServerTest, StopEndsOpenWatchesCleanlyAndFinishesAnInFlightCreate) {
  StartHttp();
  auto watch = OpenWatch();
  ASSERT_NE(watch, nullptr);
  ASSERT_TRUE(http_->WaitForOpenWatches(1, kDeadline));
  // A create whose body is only half sent: its handler is in flight when Stop begins.
  auto writer = RawHttpConnection::Connect(http_->port());
  ASSERT_NE(writer, nullptr);
  const std::string body = ConfigMapJson("inflight");
  const size_t half = body.size() / 2;
  ASSERT_TRUE(writer->Send("POST " + std::string(kConfigMaps) +
                           " HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                           "Content-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, half)));
  ASSERT_TRUE(http_->WaitForRequestsInFlight(1, kDeadline));
  std::jthread stopper([&] { http_->Stop(); });
  // The watch ends with the terminating chunk: a clean end, not a broken connection.
  std::optional<std::string> last = watch->ReadChunk(kDeadline);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(*last, "") << "expected the last chunk";
  watch.reset();
  ASSERT_TRUE(writer->Send(body.substr(half)));
  std::optional<RawResponse> created = writer->ReadResponse(kDeadline);
  ASSERT_TRUE(created.has_value());
  EXPECT_EQ(created->status, 201) << created->body;
  writer.reset();
  stopper.join();
  Request get;
  get.method = "GET";
  get.path = std::string(kConfigMaps) + "/inflight";
  EXPECT_EQ(server_->Handle(get).status, 200) << "the create was stored";
  EXPECT_EQ(http_->OpenWatches(), 0u);
}

// Stop closes an idle keep-alive connection at once, as net/http's Shutdown does. The idle
// timeout is an hour: a Stop that waited for it would not return before the deadline.
TEST_F(HttpServerTest, StopClosesAnIdleKeepAliveConnectionAtOnce) {
  std::unique_ptr<RawHttpConnection> idle = IdleConnection(std::chrono::hours(1));
  ASSERT_NE(idle, nullptr);
  std::future<void> stopped = std::async(std::launch::async, [&] { http_->Stop(); });
  EXPECT_TRUE(idle->WaitForClose(kDeadline)) << "the server kept the idle connection open";
  EXPECT_EQ(stopped.wait_for(kDeadline), std::future_status::ready);
}

TEST_F(HttpServerTest, TheIdleTimeoutIsKubeApiserversNinetySecondsUnlessSet) {
  EXPECT_EQ(HttpServerOptions{}.idle_timeout, seconds(90));
}

TEST_F(HttpServerTest, AKeepAliveConnectionIdleForTheIdleTimeoutIsClosed) {
  std::unique_ptr<RawHttpConnection> idle = IdleConnection(seconds(1));
  ASSERT_NE(idle, nullptr);
  EXPECT_TRUE(idle->WaitForClose(kDeadline)) << "the server kept the idle connection open";
}

TEST_F(HttpServerTest, IdleTimeoutUnderASecondIsRejected) {
  HttpServerOptions options;
  options.idle_timeout = seconds(0);
  HttpServer http(*server_, options);
  Result<void> started = http.Start();
  ASSERT_FALSE(started.has_value());
  EXPECT_EQ(started.error().code(), 400);
}

// Start ignores SIGPIPE only where it still has its default action (api::IgnoreSigpipe): a
// handler the program installed stays.
TEST_F(HttpServerTest, StartKeepsASigpipeHandlerTheProgramInstalled) {
  struct sigaction saved {};
  struct sigaction handler {};
  handler.sa_handler = [](int) {};
  sigemptyset(&handler.sa_mask);
  ASSERT_EQ(sigaction(SIGPIPE, &handler, &saved), 0);
  StartHttp();
  struct sigaction current {};
  sigaction(SIGPIPE, nullptr, &current);
  sigaction(SIGPIPE, &saved, nullptr);
  EXPECT_EQ(current.sa_handler, handler.sa_handler);
}

TEST_F(HttpServerTest, StartFailsWhenThePortIsTaken) {
  StartHttp();
  HttpServerOptions options;
  options.port = http_->port();
  HttpServer second(*server_, options);
  Result<void> started = second.Start();
  ASSERT_FALSE(started.has_value());
  EXPECT_EQ(started.error().code(), 503);
}

}  // namespace
}  // namespace kubefake::fakeserver
