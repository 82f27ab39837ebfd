// DefaultControllerRateLimiter<T>: client-go's DefaultTypedControllerRateLimiter, the limiter
// most controllers use: the longer of a per-item exponential backoff (5 ms doubling up to
// 1000 s) and an overall token bucket (10 qps, burst 100), both on `clock`.
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include "kubefake/api/clock.h"
#include "kubefake/client/workqueue/bucket_rate_limiter.h"
#include "kubefake/client/workqueue/item_exponential_failure_rate_limiter.h"
#include "kubefake/client/workqueue/max_of_rate_limiter.h"

namespace kubefake::client::workqueue {

// `clock` must outlive the limiter.
template <typename T>
std::unique_ptr<RateLimiter<T>> DefaultControllerRateLimiter(api::Clock& clock) {
  std::vector<std::unique_ptr<RateLimiter<T>>> limiters;
  limiters.push_back(std::make_unique<ItemExponentialFailureRateLimiter<T>>(
      std::chrono::milliseconds(5), std::chrono::seconds(1000)));
  limiters.push_back(std::make_unique<BucketRateLimiter<T>>(10.0, 100, clock));
  return std::make_unique<MaxOfRateLimiter<T>>(std::move(limiters));
}

}  // namespace kubefake::client::workqueue
