// RunLoad: a thread per connection, a shared start barrier and stop flag.
#include "load_driver.h"

#include <httplib.h>

#include <atomic>
#include <barrier>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace kubefake::bench {

LoadResult RunLoad(int port, int connections, std::chrono::milliseconds duration,
                   int expected_status, const LoadRequest& request) {
  std::atomic<uint64_t> sequence{0};
  std::atomic<uint64_t> requests{0};
  std::mutex failures_mutex;
  std::map<int, uint64_t> failures;
  std::atomic<bool> stop{false};
  std::barrier warmed(connections + 1);
  std::vector<std::jthread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_read_timeout(std::chrono::seconds(30));
      request(client, sequence++);  // connects
      warmed.arrive_and_wait();
      uint64_t mine = 0;
      std::map<int, uint64_t> failed;
      while (!stop.load(std::memory_order_relaxed)) {
        int status = request(client, sequence++);
        if (status != expected_status) ++failed[status];
        ++mine;
      }
      requests += mine;
      std::lock_guard lock(failures_mutex);
      for (auto [status, count] : failed) failures[status] += count;
    });
  }
  warmed.arrive_and_wait();
  auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(duration);
  stop = true;
  threads.clear();  // joins; the requests in flight at `stop` finish and are counted
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  LoadResult result{requests / seconds, requests.load(), 0, std::move(failures)};
  for (auto [status, count] : result.failure_statuses) result.failures += count;
  return result;
}

}  // namespace kubefake::bench
