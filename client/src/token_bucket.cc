// TokenBucket: refill on each reservation from the time elapsed on the clock.
#include "kubefake/client/token_bucket.h"

#include <algorithm>

#include "clock_sleep.h"

namespace kubefake::client {

TokenBucket::TokenBucket(double qps, int burst, api::Clock& clock)
    : qps_(qps), burst_(std::max(burst, 1)), clock_(clock), tokens_(burst_), last_(clock.Now()) {}

std::chrono::nanoseconds TokenBucket::Reserve() {
  std::lock_guard lock(mutex_);
  const auto now = clock_.Now();
  if (now > last_) {
    const std::chrono::duration<double> elapsed = now - last_;
    tokens_ = std::min(burst_, tokens_ + elapsed.count() * qps_);
    last_ = now;
  }
  tokens_ -= 1;  // a negative balance reserves a future token for this caller
  if (tokens_ >= 0) return std::chrono::nanoseconds::zero();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::duration<double>(-tokens_ / qps_));
}

void TokenBucket::Accept() { SleepOn(clock_, Reserve()); }

}  // namespace kubefake::client
