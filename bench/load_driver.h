// LoadDriver: closed-loop HTTP load over keep-alive connections, one thread per connection,
// each sending its next request as soon as the previous answer has arrived (as wrk does).
// Used for the HTTP rows, against kubefake and the bare baseline server alike.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace httplib {
class Client;
}

namespace kubefake::bench {

struct LoadResult {
  double requests_per_second = 0;
  uint64_t requests = 0;
  uint64_t failures = 0;  // answers with an unexpected status, or no answer
};

// Sends one request on `client` (the connection's own); `sequence` is unique across all
// connections of the run. Returns whether the answer was the expected one.
using LoadRequest = std::function<bool(httplib::Client& client, uint64_t sequence)>;

// Opens `connections` keep-alive connections to 127.0.0.1:`port`, warms each with one request,
// then sends requests on all of them for `duration` and counts the answers.
LoadResult RunLoad(int port, int connections, std::chrono::milliseconds duration,
                   const LoadRequest& request);

}  // namespace kubefake::bench
