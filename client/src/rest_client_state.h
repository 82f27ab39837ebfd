// RestClientState: what every request of one RESTClient shares: the config, the transport, the
// clock, the rate limiter and the path prefix. Immutable after construction apart from the
// rate limiter, which is thread-safe; so the state is thread-safe.
#pragma once

#include <memory>
#include <string>

#include "kubefake/client/config.h"
#include "kubefake/client/token_bucket.h"
#include "kubefake/client/transport.h"

namespace kubefake::client {

struct RestClientState {
  Config config;
  std::shared_ptr<Transport> transport;
  std::shared_ptr<api::Clock> clock;
  // nullptr when rate limiting is off (qps < 0).
  std::unique_ptr<TokenBucket> limiter;
  // "/api/v1", "/apis/apps/v1", or "" for an unversioned client.
  std::string versioned_path;
};

}  // namespace kubefake::client
