// MaxOfRateLimiter<T>: client-go's combination of rate limiters: every one records each retry,
// and the longest wait (and the highest requeue count) wins. Thread-safe.
#pragma once

#include <algorithm>
#include <chrono>
#include <memory>
#include <utility>
#include <vector>

#include "kubefake/client/workqueue/rate_limiter.h"

namespace kubefake::client::workqueue {

template <typename T>
class MaxOfRateLimiter final : public RateLimiter<T> {
 public:
  explicit MaxOfRateLimiter(std::vector<std::unique_ptr<RateLimiter<T>>> limiters)
      : limiters_(std::move(limiters)) {}

  std::chrono::nanoseconds When(const T& item) override {
    std::chrono::nanoseconds longest{0};
    for (const auto& limiter : limiters_) longest = std::max(longest, limiter->When(item));
    return longest;
  }
  void Forget(const T& item) override {
    for (const auto& limiter : limiters_) limiter->Forget(item);
  }
  int NumRequeues(const T& item) const override {
    int most = 0;
    for (const auto& limiter : limiters_) most = std::max(most, limiter->NumRequeues(item));
    return most;
  }

 private:
  const std::vector<std::unique_ptr<RateLimiter<T>>> limiters_;
};

}  // namespace kubefake::client::workqueue
