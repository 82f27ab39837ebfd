// ItemFastSlowRateLimiter<T>: client-go's per-item limiter that retries an item quickly for
// its first `max_fast_attempts` retries and slowly after that. Thread-safe.
#pragma once

#include <chrono>

#include "kubefake/client/workqueue/item_failures.h"
#include "kubefake/client/workqueue/rate_limiter.h"

namespace kubefake::client::workqueue {

template <typename T>
class ItemFastSlowRateLimiter final : public RateLimiter<T> {
 public:
  ItemFastSlowRateLimiter(std::chrono::nanoseconds fast_delay, std::chrono::nanoseconds slow_delay,
                          int max_fast_attempts)
      : fast_delay_(fast_delay), slow_delay_(slow_delay), max_fast_attempts_(max_fast_attempts) {}

  std::chrono::nanoseconds When(const T& item) override {
    const int attempt = failures_.Record(item) + 1;
    return attempt <= max_fast_attempts_ ? fast_delay_ : slow_delay_;
  }
  void Forget(const T& item) override { failures_.Forget(item); }
  int NumRequeues(const T& item) const override { return failures_.Count(item); }

 private:
  const std::chrono::nanoseconds fast_delay_;
  const std::chrono::nanoseconds slow_delay_;
  const int max_fast_attempts_;
  ItemFailures<T> failures_;
};

}  // namespace kubefake::client::workqueue
