#include "storage_watcher.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace kubefake::fakeserver {

StorageWatcher::StorageWatcher(std::string prefix, int64_t after_revision, size_t capacity)
    : prefix_(std::move(prefix)),
      after_revision_(after_revision),
      capacity_(std::max<size_t>(capacity, 1)) {}

void StorageWatcher::PushReplay(StorageEventPtr event) {
  std::lock_guard lock(mu_);
  queue_.push_back(std::move(event));
  ++replay_pending_;
}

StorageWatcher::PushResult StorageWatcher::Push(const StorageEventPtr& event) {
  if (event->revision <= after_revision_) return PushResult::kSkipped;
  PushResult result = PushResult::kQueued;
  {
    std::lock_guard lock(mu_);
    if (ended_) return PushResult::kClosed;
    if (queue_.size() - replay_pending_ >= capacity_) {
      ended_ = true;
      closed_reason_ = "too slow";
      result = PushResult::kOverflowed;
    } else {
      // A consumer takes events until the queue is empty, so only the first one it has not
      // taken needs to wake it.
      if (!queue_.empty()) result = PushResult::kQueuedBehind;
      queue_.push_back(event);
    }
  }
  // After unlocking, so a woken consumer does not immediately block on mu_.
  if (result != PushResult::kQueuedBehind) changed_.notify_all();
  return result;
}

bool StorageWatcher::Close(std::string reason) {
  {
    std::lock_guard lock(mu_);
    if (ended_) return false;
    ended_ = true;
    closed_reason_ = std::move(reason);
  }
  changed_.notify_all();
  return true;
}

bool StorageWatcher::ended() const {
  std::lock_guard lock(mu_);
  return ended_;
}

void StorageWatcher::Notify() {
  if (!has_notify()) return;
  std::lock_guard lock(notify_mu_);
  if (notify_) notify_();
}

StorageEvent StorageWatcher::PopLocked() {
  StorageEventPtr event = std::move(queue_.front());
  queue_.pop_front();
  if (replay_pending_ > 0) --replay_pending_;
  return *event;
}

std::optional<StorageEvent> StorageWatcher::Next() {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [this] { return !queue_.empty() || ended_; });
  if (queue_.empty()) return std::nullopt;
  return PopLocked();
}

std::optional<StorageEvent> StorageWatcher::TryNext() {
  std::lock_guard lock(mu_);
  if (queue_.empty()) return std::nullopt;
  return PopLocked();
}

bool StorageWatcher::TakeQueued(std::vector<StorageEventPtr>& out) {
  std::lock_guard lock(mu_);
  std::move(queue_.begin(), queue_.end(), std::back_inserter(out));
  queue_.clear();
  replay_pending_ = 0;
  return !ended_;
}

void StorageWatcher::SetNotify(std::function<void()> notify) {
  std::function<void()> old;
  {
    std::lock_guard lock(notify_mu_);
    old = std::exchange(notify_, std::move(notify));
    has_notify_.store(notify_ != nullptr, std::memory_order_release);
  }
  // `old` is destroyed here, outside notify_mu_, in case its captures call back.
}

void StorageWatcher::Stop() {
  {
    std::lock_guard lock(mu_);
    if (!stopped_) {
      stopped_ = true;
      queue_.clear();
      replay_pending_ = 0;
      if (!ended_) {
        ended_ = true;
        closed_reason_.clear();
      }
    }
  }
  changed_.notify_all();
  SetNotify(nullptr);
}

std::string StorageWatcher::closed_reason() const {
  std::lock_guard lock(mu_);
  return closed_reason_;
}

bool TakeQueuedEvents(StorageWatch& watch, std::vector<StorageEventPtr>& out) {
  if (auto* handle = dynamic_cast<StorageWatchHandle*>(&watch)) {
    return handle->watcher().TakeQueued(out);
  }
  while (std::optional<StorageEvent> event = watch.TryNext()) {
    out.push_back(std::make_shared<const StorageEvent>(std::move(*event)));
  }
  // An event queued after the last TryNext but before the close is taken by the next call.
  return watch.closed_reason().empty() || !out.empty();
}

}  // namespace kubefake::fakeserver
