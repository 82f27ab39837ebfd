// SleepOn over Clock::AfterFunc.
#include "clock_sleep.h"

#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>

namespace kubefake::client {

void SleepOn(api::Clock& clock, std::chrono::nanoseconds delay) {
  if (delay <= std::chrono::nanoseconds::zero()) return;
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> fired = done->get_future();
  std::unique_ptr<api::Timer> timer = clock.AfterFunc(delay, [done] { done->set_value(); });
  fired.wait();
}

bool SleepOn(api::Clock& clock, std::chrono::nanoseconds delay, std::stop_token stop) {
  if (stop.stop_requested()) return false;
  if (delay <= std::chrono::nanoseconds::zero()) return true;
  // Shared with the timer's callback, which may run after this call returned early.
  struct Alarm {
    std::mutex mutex;
    std::condition_variable_any rang_changed;
    bool rang = false;
  };
  auto alarm = std::make_shared<Alarm>();
  std::unique_ptr<api::Timer> timer = clock.AfterFunc(delay, [alarm] {
    std::lock_guard lock(alarm->mutex);
    alarm->rang = true;
    alarm->rang_changed.notify_all();
  });
  std::unique_lock lock(alarm->mutex);
  return alarm->rang_changed.wait(lock, stop, [&] { return alarm->rang; });
}

}  // namespace kubefake::client
