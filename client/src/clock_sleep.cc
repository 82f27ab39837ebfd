// SleepOn over Clock::AfterFunc.
#include "clock_sleep.h"

#include <future>

namespace kubefake::client {

void SleepOn(api::Clock& clock, std::chrono::nanoseconds delay) {
  if (delay <= std::chrono::nanoseconds::zero()) return;
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> fired = done->get_future();
  std::unique_ptr<api::Timer> timer = clock.AfterFunc(delay, [done] { done->set_value(); });
  fired.wait();
}

}  // namespace kubefake::client
