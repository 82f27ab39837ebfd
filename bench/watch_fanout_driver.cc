// watch_fanout: 1,000 HTTP watchers (one connection each, all read by two epoll threads), then
// 10,000 in-process watchers, on one collection while a writer creates ConfigMaps. Each ConfigMap
// carries the steady-clock time of its write; every watcher checks that it gets every event in
// resourceVersion order and records each event's delivery latency. Prints the rows as JSON
// (value: p99 latency in ms, details: the writes a second offered and achieved); exits 2 when a
// watcher missed an event or got one out of order.
// Flags: --http-watchers=1000 --http-writes=10000 --http-write-rate=2000 --inproc-watchers=10000
// --inproc-writes=200 --inproc-write-rate=10.
// Why 2,000 writes/s (2 M deliveries/s) over HTTP: on this machine's 2 cores every watcher gets
// every event at up to 4,000 writes/s when it is quiet (at 5,000 watchers fall behind), and at
// 2,000 while two busy threads compete for the cores (p99 46-64 ms; 3,000 loses watchers then).
// A watcher whose write loop stalls for longer than its 1,000 queued events last (0.5 s here) is
// closed as too slow (R7.10), so under heavier load (other test suites running) runs at any
// rate from 1,000 up lost watchers now and then. The thread-per-watch server reached 469-626
// writes/s; the write loop as first merged kept up with 1,500 when quiet (2,000 lost watchers).
#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "engine_call.h"
#include "http_watch_readers.h"
#include "kubefake/fakeserver/http_server.h"
#include "result_row.h"

namespace kubefake::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::string_view kCollection = "/api/v1/namespaces/default/configmaps";

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

// Finds one key in a frame, skipping ahead by up to the key's length at each miss
// (Boyer-Moore-Horspool), from whichever end of the frame the key is near: a reader parses
// a million frames a second, and memmem from the start, which this replaces, was its main cost.
class KeyFinder {
 public:
  enum class Near { kStart, kEnd };

  KeyFinder(std::string_view key, Near near)
      : key_(key),
        reversed_(key.rbegin(), key.rend()),
        near_(near),
        forward_(key_.begin(), key_.end()),
        backward_(reversed_.begin(), reversed_.end()) {}

  // The integer in the JSON string value following the key in `frame` ("resourceVersion":"42"),
  // or -1.
  int64_t IntIn(std::string_view frame) const {
    std::size_t at = 0;
    if (near_ == Near::kStart) {
      const auto found = std::search(frame.begin(), frame.end(), forward_);
      if (found == frame.end()) return -1;
      at = static_cast<std::size_t>(found - frame.begin());
    } else {
      const auto found = std::search(frame.rbegin(), frame.rend(), backward_);
      if (found == frame.rend()) return -1;
      at = static_cast<std::size_t>(frame.rend() - found) - key_.size();
    }
    int64_t value = -1;
    std::from_chars(frame.data() + at + key_.size(), frame.data() + frame.size(), value);
    return value;
  }

 private:
  using Searcher = std::boyer_moore_horspool_searcher<std::string::const_iterator>;
  const std::string key_;
  const std::string reversed_;
  const Near near_;
  const Searcher forward_;
  const Searcher backward_;
};

// Where the keys are in a ConfigMap's event: its members come in key order, so data (holding
// "written") comes early and metadata's resourceVersion comes after managedFields, near the end.
const KeyFinder kResourceVersion(R"("resourceVersion":")", KeyFinder::Near::kEnd);
const KeyFinder kWritten(R"("written":")", KeyFinder::Near::kStart);

// What one watcher saw.
struct Deliveries {
  int64_t last_revision = 0;
  int64_t events = 0;
  bool in_order = true;
  std::vector<float> latency_ms;

  void Record(std::string_view frame) {
    int64_t now = NowNanos();
    int64_t revision = kResourceVersion.IntIn(frame);
    int64_t written = kWritten.IntIn(frame);
    if (revision <= last_revision || written < 0) in_order = false;
    last_revision = revision;
    ++events;
    latency_ms.push_back(static_cast<float>(now - written) / 1e6f);
  }
};

std::string CollectionRevision(fakeserver::ApiServer& server) {
  return nlohmann::json::parse(
      CallEngine(server, "GET", std::string(kCollection)).body)["metadata"]["resourceVersion"];
}

// Creates `writes` ConfigMaps at `rate` a second, each stamped with its write time.
void Write(fakeserver::ApiServer& server, int writes, int rate, std::string_view prefix) {
  Clock::time_point start = Clock::now();
  for (int i = 0; i < writes; ++i) {
    std::this_thread::sleep_until(start +
                                  std::chrono::nanoseconds(int64_t{1'000'000'000} * i / rate));
    nlohmann::json object = {{"metadata", {{"name", std::string(prefix) + std::to_string(i)}}},
                             {"data", {{"written", std::to_string(NowNanos())}}}};
    if (CallEngine(server, "POST", std::string(kCollection), object.dump()).status != 201)
      std::abort();
  }
}

// `write_seconds`: how long the writes took; `seconds`: until the last watcher had all events.
ResultRow Summarize(std::string name, const std::vector<Deliveries>& watchers, int writes, int rate,
                    double write_seconds, double seconds) {
  std::vector<float> all;
  int64_t events = 0;
  int complete = 0;
  for (const Deliveries& d : watchers) {
    all.insert(all.end(), d.latency_ms.begin(), d.latency_ms.end());
    events += d.events;
    if (d.in_order && d.events == writes) ++complete;
  }
  double p50 = 0, p99 = 0, max = 0;
  if (!all.empty()) {
    auto at = [&](double q) {
      auto nth = all.begin() + static_cast<std::ptrdiff_t>(q * static_cast<double>(all.size() - 1));
      std::nth_element(all.begin(), nth, all.end());
      return static_cast<double>(*nth);
    };
    p50 = at(0.50);
    p99 = at(0.99);
    max = *std::max_element(all.begin(), all.end());
  }
  ResultRow row(std::move(name), "ms p99", "all events in order; p99 <= 100 ms");
  row.value = p99;
  row.meets = complete == static_cast<int>(watchers.size()) && p99 <= 100;
  row.details = {{"watchers", watchers.size()},
                 {"writes", writes},
                 {"write_rate_per_s", rate},
                 {"writes_per_s", writes / write_seconds},
                 {"watchers_complete_in_order", complete},
                 {"events_delivered", events},
                 {"write_seconds", write_seconds},
                 {"seconds_until_all_delivered", seconds},
                 {"deliveries_per_s", static_cast<double>(events) / seconds},
                 {"p50_ms", p50},
                 {"max_ms", max}};
  return row;
}

ResultRow HttpFanout(int watcher_count, int writes, int rate) {
  fakeserver::ApiServer server;
  fakeserver::HttpServer http(server, {});
  if (!http.Start()) std::abort();
  const std::string path =
      std::string(kCollection) + "?watch=true&resourceVersion=" + CollectionRevision(server);
  std::vector<Deliveries> watchers(watcher_count);
  for (Deliveries& d : watchers) d.latency_ms.reserve(writes);
  // Two reading threads, as the server has a write loop per core.
  HttpWatchReaders readers(http.port(), path, watchers.size(), 2,
                           [&](std::size_t watch, std::string_view line) {
                             watchers[watch].Record(line);
                             return watchers[watch].events < writes;
                           });
  if (!http.WaitForOpenWatches(watcher_count, std::chrono::seconds(60))) std::abort();
  Clock::time_point start = Clock::now();
  Write(server, writes, rate, "h");
  double write_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  readers.Join();  // each watch ends after its last event, or when the server closes it
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return Summarize("watch_fanout", watchers, writes, rate, write_seconds, seconds);
}

ResultRow InProcessFanout(int watcher_count, int writes, int rate) {
  fakeserver::ApiServer server;
  fakeserver::Request watch;
  watch.method = "GET";
  watch.path = std::string(kCollection);
  watch.query = {{"watch", "true"}, {"resourceVersion", CollectionRevision(server)}};
  std::vector<std::unique_ptr<fakeserver::ResponseStream>> streams;
  for (int i = 0; i < watcher_count; ++i) {
    fakeserver::Response response = server.Handle(watch);
    if (!response.stream) std::abort();
    streams.push_back(std::move(response.stream));
  }
  std::vector<Deliveries> watchers(watcher_count);
  for (Deliveries& d : watchers) d.latency_ms.reserve(writes);
  // Readers share the streams round-robin, draining each one's ready frames in turn.
  const int readers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::jthread> threads;
  for (int r = 0; r < readers; ++r) {
    threads.emplace_back([&, r] {
      std::vector<int> open;
      for (int i = r; i < watcher_count; i += readers) open.push_back(i);
      while (!open.empty()) {
        bool idle = true;
        std::erase_if(open, [&](int i) {
          for (;;) {
            fakeserver::StreamRead read = streams[i]->NextWithin(std::chrono::milliseconds(0));
            if (read.state == fakeserver::StreamRead::State::kNothingYet) return false;
            if (read.state == fakeserver::StreamRead::State::kEnded) return true;
            idle = false;
            watchers[i].Record(read.frame);
            if (watchers[i].events == writes) return true;
          }
        });
        if (idle) std::this_thread::yield();
      }
    });
  }
  Clock::time_point start = Clock::now();
  Write(server, writes, rate, "p");
  double write_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  threads.clear();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  streams.clear();
  return Summarize("watch_fanout_inproc", watchers, writes, rate, write_seconds, seconds);
}

}  // namespace
}  // namespace kubefake::bench

int main(int argc, char** argv) {
  using namespace kubefake::bench;
  auto flag = [&](std::string_view name, int fallback) {
    return static_cast<int>(IntFlag(argc, argv, name, fallback));
  };
  std::vector<ResultRow> rows;
  rows.push_back(HttpFanout(flag("http-watchers", 1000), flag("http-writes", 10'000),
                            flag("http-write-rate", 2000)));
  rows.push_back(InProcessFanout(flag("inproc-watchers", 10'000), flag("inproc-writes", 200),
                                 flag("inproc-write-rate", 10)));
  PrintRows(rows);
  // A watcher that missed an event, or got one out of order, fails the run (the smoke test's
  // check); a slow p99 alone does not.
  for (const ResultRow& row : rows) {
    if (row.details["watchers_complete_in_order"] != row.details["watchers"]) return 2;
  }
  return 0;
}
