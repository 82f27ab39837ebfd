// BucketRateLimiter<T>: client-go's overall (not per-item) limiter, a token bucket of `qps`
// tokens a second up to `burst` on the clock: each retry takes a token, and waits until it
// exists. Never counts requeues. Thread-safe.
#pragma once

#include <chrono>

#include "kubefake/api/clock.h"
#include "kubefake/client/token_bucket.h"
#include "kubefake/client/workqueue/rate_limiter.h"

namespace kubefake::client::workqueue {

template <typename T>
class BucketRateLimiter final : public RateLimiter<T> {
 public:
  // `clock` must outlive the limiter. The bucket starts full.
  BucketRateLimiter(double qps, int burst, api::Clock& clock) : bucket_(qps, burst, clock) {}

  std::chrono::nanoseconds When(const T&) override { return bucket_.Reserve(); }
  void Forget(const T&) override {}
  int NumRequeues(const T&) const override { return 0; }

 private:
  TokenBucket bucket_;
};

}  // namespace kubefake::client::workqueue
