// StorageWatcher: one watch on an InMemoryStorage, a bounded queue of events between the writers
// that fan events out and the one consumer that reads them. The counterpart of the apiserver's
// cacheWatcher (k8s.io/apiserver pkg/storage/cacher/cache_watcher.go). Thread-safe.
//
// Fidelity:
//   Emulated:  R7.10: a watcher whose buffer is full is closed instead of blocking the writer or
//              other watchers; the consumer then resumes from its last revision. Events queued
//              before the close are still delivered, so what the consumer saw is a gap-free
//              prefix of the change sequence.
//   Differs:   the real cacher closes after the buffer stays full for a dispatch budget (~100 ms);
//              here the watcher closes as soon as a live event does not fit, which is
//              deterministic. History replayed when the watch opens does not count toward the
//              bound (the real cacher also processes its initial events outside the buffer).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kubefake/fakeserver/storage.h"

namespace kubefake::fakeserver {

using StorageEventPtr = std::shared_ptr<const StorageEvent>;

class StorageWatcher {
 public:
  enum class PushResult {
    kQueued,        // the event is queued in an empty queue: the consumer is to be notified
    kQueuedBehind,  // the event is queued behind others the consumer has not taken yet, so it
                    // has been notified already and will take this one with them
    kSkipped,       // the event is at or before the watch's start revision
    kOverflowed,    // the queue was full: the watcher is now closed as "too slow"
    kClosed,        // the watcher had already ended; the event was dropped
  };

  // A watch on keys under `prefix` for events with revision > `after_revision`, holding at most
  // `capacity` live events (at least 1).
  StorageWatcher(std::string prefix, int64_t after_revision, size_t capacity);
  StorageWatcher(const StorageWatcher&) = delete;
  StorageWatcher& operator=(const StorageWatcher&) = delete;

  const std::string& prefix() const { return prefix_; }

  // Queues a replayed history event; does not count toward the capacity. Called by the storage,
  // under its lock, before the watcher is registered for live events.
  void PushReplay(StorageEventPtr event);
  // Queues a live event, closing the watcher when it does not fit. Called by the storage under its
  // write lock, so events arrive in revision order.
  PushResult Push(const StorageEventPtr& event);
  // Ends the watch from the storage's side with `reason` ("too slow", "storage closed"); events
  // already queued are still delivered. Returns false if the watch had already ended.
  bool Close(std::string reason);
  // True once the watch has ended (Close or Stop).
  bool ended() const;
  // True when a notify callback is registered; lets writers skip watchers without one.
  bool has_notify() const { return has_notify_.load(std::memory_order_acquire); }
  // Calls the notify callback, if any. Must be called with no storage lock held.
  void Notify();

  // The StorageWatch operations, see storage.h.
  std::optional<StorageEvent> Next();
  std::optional<StorageEvent> TryNext();
  // Appends every queued event to `out` under one lock; returns false when the watch has ended,
  // so nothing will follow what was taken.
  bool TakeQueued(std::vector<StorageEventPtr>& out);
  void SetNotify(std::function<void()> notify);
  void Stop();
  std::string closed_reason() const;

 private:
  // Pops the front event; the queue must not be empty.
  StorageEvent PopLocked();

  const std::string prefix_;
  const int64_t after_revision_;
  const size_t capacity_;

  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::deque<StorageEventPtr> queue_;  // guarded by mu_
  // How many events at the front of queue_ are replayed history (not bounded).
  size_t replay_pending_ = 0;  // guarded by mu_
  bool ended_ = false;         // guarded by mu_
  bool stopped_ = false;       // guarded by mu_; Stop discards what is queued
  std::string closed_reason_;  // guarded by mu_

  // Held while the callback runs, so that after SetNotify or Stop returns the old callback is not
  // running and will not run again. Never held together with mu_.
  std::mutex notify_mu_;
  std::function<void()> notify_;          // guarded by notify_mu_
  std::atomic<bool> has_notify_ = false;  // notify_ != nullptr, readable without notify_mu_
};

// The handle Storage::Watch returns: destroying it stops the watch. Thread-safe.
class StorageWatchHandle final : public StorageWatch {
 public:
  explicit StorageWatchHandle(std::shared_ptr<StorageWatcher> watcher)
      : watcher_(std::move(watcher)) {}
  ~StorageWatchHandle() override { watcher_->Stop(); }

  std::optional<StorageEvent> Next() override { return watcher_->Next(); }
  std::optional<StorageEvent> TryNext() override { return watcher_->TryNext(); }
  void SetNotify(std::function<void()> notify) override { watcher_->SetNotify(std::move(notify)); }
  void Stop() override { watcher_->Stop(); }
  std::string closed_reason() const override { return watcher_->closed_reason(); }

  StorageWatcher& watcher() const { return *watcher_; }

 private:
  std::shared_ptr<StorageWatcher> watcher_;
};

// Appends every event queued on `watch` to `out` without waiting, under one lock for an
// InMemoryStorage watch (one TryNext at a time for another Storage's); returns false when the
// watch has ended, so nothing will follow what was taken.
bool TakeQueuedEvents(StorageWatch& watch, std::vector<StorageEventPtr>& out);

}  // namespace kubefake::fakeserver
