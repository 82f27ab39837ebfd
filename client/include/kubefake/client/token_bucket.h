// TokenBucket: client-go's flowcontrol token-bucket rate limiter (golang.org/x/time/rate's
// Limiter as client-go uses it). `qps` tokens are added a second up to `burst`; a caller takes
// one now and waits until its token exists. Waiters are served in arrival order by reserving
// tokens ahead. Used by RESTClient and workqueue::BucketRateLimiter. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>

#include "kubefake/api/clock.h"

namespace kubefake::client {

class TokenBucket {
 public:
  // `clock` must outlive the bucket. The bucket starts full.
  TokenBucket(double qps, int burst, api::Clock& clock);

  // Takes a token and returns how long from now until it is available: zero while the bucket
  // holds tokens, later reservations further out (rate.Limiter's Reserve().Delay()).
  std::chrono::nanoseconds Reserve();

  // Blocks on the clock until a token is available and takes it.
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
