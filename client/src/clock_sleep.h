// SleepOn: blocks the calling thread until `delay` has passed on a Clock, so waits in library
// code (rate limiting, Retry-After, leader election retries) follow a test's fake clock.
// Thread-safe.
#pragma once

#include <chrono>
#include <stop_token>

#include "kubefake/api/clock.h"

namespace kubefake::client {

void SleepOn(api::Clock& clock, std::chrono::nanoseconds delay);

// Sleeps as above but wakes early when `stop` is requested. Returns false if it did (or the
// stop was requested already), true once the full delay has passed.
bool SleepOn(api::Clock& clock, std::chrono::nanoseconds delay, std::stop_token stop);

}  // namespace kubefake::client
