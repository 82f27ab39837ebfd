// RateLimiter<T>: client-go's workqueue.TypedRateLimiter, which decides how long an item waits
// before it is retried. Implementations are thread-safe.
#pragma once

#include <chrono>

namespace kubefake::client::workqueue {

template <typename T>
class RateLimiter {
 public:
  virtual ~RateLimiter() = default;

  // Records one more retry of `item` and returns how long it should wait first.
  virtual std::chrono::nanoseconds When(const T& item) = 0;
  // Stops tracking `item` (it succeeded, or the caller gave up on it).
  virtual void Forget(const T& item) = 0;
  // How many retries of `item` have been recorded since it was last forgotten.
  virtual int NumRequeues(const T& item) const = 0;
};

}  // namespace kubefake::client::workqueue
