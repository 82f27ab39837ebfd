// RateLimitingQueue<T>: client-go's workqueue.TypedRateLimitingInterface, a DelayingQueue<T>
// whose retries wait as a RateLimiter<T> decides. The usual worker loop: Get; on success
// Forget(item), on failure AddRateLimited(item); then Done(item). Thread-safe.
#pragma once

#include <memory>
#include <utility>

#include "kubefake/api/clock.h"
#include "kubefake/client/workqueue/delaying_queue.h"
#include "kubefake/client/workqueue/rate_limiter.h"

namespace kubefake::client::workqueue {

template <typename T>
class RateLimitingQueue final : public DelayingQueue<T> {
 public:
  // `clock` must outlive the queue.
  RateLimitingQueue(std::unique_ptr<RateLimiter<T>> limiter, api::Clock& clock)
      : DelayingQueue<T>(clock), limiter_(std::move(limiter)) {}

  // Adds `item` after the wait the rate limiter gives it (which counts one more retry).
  void AddRateLimited(T item) {
    const auto delay = limiter_->When(item);
    this->AddAfter(std::move(item), delay);
  }

  // Tells the rate limiter to stop tracking `item`; it stays queued if it is.
  void Forget(const T& item) { limiter_->Forget(item); }

  int NumRequeues(const T& item) const { return limiter_->NumRequeues(item); }

 private:
  const std::unique_ptr<RateLimiter<T>> limiter_;
};

}  // namespace kubefake::client::workqueue
