// ItemExponentialFailureRateLimiter<T>: client-go's per-item exponential backoff; the n-th
// retry of an item (counting from 0) waits base * 2^n, capped at max. Thread-safe.
#pragma once

#include <chrono>
#include <cmath>

#include "kubefake/client/workqueue/item_failures.h"
#include "kubefake/client/workqueue/rate_limiter.h"

namespace kubefake::client::workqueue {

template <typename T>
class ItemExponentialFailureRateLimiter final : public RateLimiter<T> {
 public:
  ItemExponentialFailureRateLimiter(std::chrono::nanoseconds base, std::chrono::nanoseconds max)
      : base_(base), max_(max) {}

  std::chrono::nanoseconds When(const T& item) override {
    const int exponent = failures_.Record(item);
    // Computed in floating point so a large exponent caps at max instead of overflowing.
    const double backoff = static_cast<double>(base_.count()) * std::pow(2.0, exponent);
    if (backoff >= static_cast<double>(max_.count())) return max_;
    return std::chrono::nanoseconds(static_cast<std::chrono::nanoseconds::rep>(backoff));
  }
  void Forget(const T& item) override { failures_.Forget(item); }
  int NumRequeues(const T& item) const override { return failures_.Count(item); }

 private:
  const std::chrono::nanoseconds base_;
  const std::chrono::nanoseconds max_;
  ItemFailures<T> failures_;
};

}  // namespace kubefake::client::workqueue
