// TokenBucket: client-go's flowcontrol token-bucket rate limiter. `qps` tokens are added a
// second up to `burst`; Accept takes one, waiting on the clock when none is left. Waiters are
// served in arrival order by reserving tokens ahead. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>

#include "kubefake/api/clock.h"

namespace kubefake::client {

class TokenBucket {
 public:
  // `clock` must outlive the bucket. The bucket starts full.
  TokenBucket(double qps, int burst, api::Clock& clock);

  // Blocks until a token is available and takes it.
  void Accept();

 private:
  const double qps_;
  const double burst_;
  api::Clock& clock_;
  std::mutex mutex_;
  double tokens_;
  std::chrono::system_clock::time_point last_;
};

}  // namespace kubefake::client
