// ProcessorListener: a deque and a thread per registration.
#include "processor_listener.h"

#include <utility>

namespace kubefake::client::cache {

ProcessorListener::ProcessorListener(ResourceEventHandler handler,
                                     std::chrono::nanoseconds resync_period)
    : handler_(std::move(handler)),
      resync_period_(resync_period),
      thread_([this](std::stop_token stop) { Loop(std::move(stop)); }) {}

ProcessorListener::~ProcessorListener() { Stop(); }

void ProcessorListener::Add(Notification notification) {
  std::lock_guard lock(mutex_);
  if (notification.kind == Notification::Kind::kAdd && notification.flag) ++initial_pending_;
  pending_.push_back(std::move(notification));
  queued_.notify_one();
}

void ProcessorListener::Stop() {
  thread_.request_stop();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

bool ProcessorListener::InitialListHandled() const {
  std::lock_guard lock(mutex_);
  return initial_pending_ == 0;
}

bool ProcessorListener::WaitForInitialListHandled(
    std::stop_token stop, std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  return initial_handled_.wait_until(lock, stop, deadline, [this] { return initial_pending_ == 0; });
}

bool ProcessorListener::ResyncDue(std::chrono::system_clock::time_point now) const {
  return resync_period_ > std::chrono::nanoseconds::zero() && now >= next_resync_;
}

void ProcessorListener::ScheduleNextResync(std::chrono::system_clock::time_point now) {
  next_resync_ = now + resync_period_;
}

void ProcessorListener::Loop(std::stop_token stop) {
  while (true) {
    Notification notification;
    {
      std::unique_lock lock(mutex_);
      if (!queued_.wait(lock, stop, [this] { return !pending_.empty(); })) return;
      notification = std::move(pending_.front());
      pending_.pop_front();
    }
    switch (notification.kind) {
      case Notification::Kind::kAdd:
        if (handler_.on_add) handler_.on_add(notification.object, notification.flag);
        break;
      case Notification::Kind::kUpdate:
        if (handler_.on_update) handler_.on_update(notification.old_object, notification.object);
        break;
      case Notification::Kind::kDelete:
        if (handler_.on_delete) handler_.on_delete(notification.object, notification.flag);
        break;
    }
    if (notification.kind == Notification::Kind::kAdd && notification.flag) {
      std::lock_guard lock(mutex_);
      if (--initial_pending_ == 0) initial_handled_.notify_all();
    }
  }
}

}  // namespace kubefake::client::cache
