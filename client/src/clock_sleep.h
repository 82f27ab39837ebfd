// SleepOn: blocks the calling thread until `delay` has passed on a Clock, so waits in library
// code (rate limiting, Retry-After) follow a test's fake clock. Thread-safe.
#pragma once

#include <chrono>

#include "kubefake/api/clock.h"

namespace kubefake::client {

void SleepOn(api::Clock& clock, std::chrono::nanoseconds delay);

}  // namespace kubefake::client
