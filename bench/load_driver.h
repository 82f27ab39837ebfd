// LoadDriver: closed-loop HTTP load over keep-alive connections, one thread per connection,
// each sending its next request as soon as the previous answer has arrived (as wrk does).
// Used for the HTTP rows, against kubefake and the bare baseline server alike.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace httplib {
class Client;
}

namespace kubefake::bench {

struct LoadResult {
  double requests_per_second = 0;
  uint64_t requests = 0;
  uint64_t failures = 0;                     // answers with an unexpected status, or no answer
  std::map<int, uint64_t> failure_statuses;  // status (0: no answer) -> count
};

// Sends one request on `client` (the connection's own); `sequence` is unique across all
// connections of the run. Returns the answer's status, 0 when there was none.
using LoadRequest = std::function<int(httplib::Client& client, uint64_t sequence)>;

// Opens `connections` keep-alive connections to 127.0.0.1:`port`, warms each with one request,
// then sends requests on all of them for `duration` and counts the answers; an answer other
// than `expected_status` is a failure.
LoadResult RunLoad(int port, int connections, std::chrono::milliseconds duration,
                   int expected_status, const LoadRequest& request);

}  // namespace kubefake::bench
