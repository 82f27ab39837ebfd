// Queue<T>: client-go's workqueue.Typed, the work queue every controller's workers drain.
// Fair (first added, first out), stingy (an item waiting is queued once however often it is
// added, and is never handed to two workers at once) and re-entrant (an item added while it is
// processed is queued again when Done). Items need std::hash<T> and operator==. Thread-safe.
//
// Differs from client-go: no metrics; Done for an item that is not being processed is ignored
// (client-go would queue a second copy of it if it is waiting).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <unordered_set>
#include <utility>

namespace kubefake::client::workqueue {

template <typename T>
class Queue {
 public:
  Queue() = default;
  virtual ~Queue() = default;
  Queue(const Queue&) = delete;
  Queue& operator=(const Queue&) = delete;

  // Marks `item` as needing processing. Ignored once shutting down, and while the item already
  // waits; an item being processed waits in the dirty set and is queued again by Done.
  void Add(T item) {
    std::lock_guard lock(mutex_);
    if (shutting_down_ || dirty_.contains(item)) return;
    dirty_.insert(item);
    if (processing_.contains(item)) return;
    queue_.push_back(std::move(item));
    item_or_shutdown_.notify_one();
  }

  // How many items wait to be handed out (not counting those being processed).
  size_t Len() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
  }

  // Blocks until an item waits and hands it out; the caller must call Done(item) when it has
  // finished with it. Items still queued at shutdown are handed out; once none are left
  // after ShutDown, returns nullopt and the worker should exit.
  std::optional<T> Get() {
    std::unique_lock lock(mutex_);
    item_or_shutdown_.wait(lock, [this] { return !queue_.empty() || shutting_down_; });
    if (queue_.empty()) return std::nullopt;
    T item = std::move(queue_.front());
    queue_.pop_front();
    processing_.insert(item);
    dirty_.erase(item);
    return item;
  }

  // Marks `item` as processed. If it was added again meanwhile it is queued again.
  void Done(const T& item) {
    std::lock_guard lock(mutex_);
    if (processing_.erase(item) == 0) return;
    if (dirty_.contains(item)) {
      queue_.push_back(item);
      item_or_shutdown_.notify_one();
    } else if (processing_.empty()) {
      drained_.notify_all();
    }
  }

  // Makes the queue ignore new items and Get return nullopt once the queued ones are handed
  // out. Ends a ShutDownWithDrain that is waiting.
  virtual void ShutDown() {
    std::lock_guard lock(mutex_);
    drain_ = false;
    shutting_down_ = true;
    item_or_shutdown_.notify_all();
    drained_.notify_all();
  }

  // Shuts down as ShutDown does, then blocks until every item being processed is Done (or
  // ShutDown is called). Workers must keep calling Done, or this never returns.
  virtual void ShutDownWithDrain() {
    std::unique_lock lock(mutex_);
    drain_ = true;
    shutting_down_ = true;
    item_or_shutdown_.notify_all();
    drained_.wait(lock, [this] { return processing_.empty() || !drain_; });
  }

  bool ShuttingDown() const {
    std::lock_guard lock(mutex_);
    return shutting_down_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable item_or_shutdown_;
  std::condition_variable drained_;
  // Guarded by mutex_. Every queued item is dirty and not processing; a dirty item being
  // processed is queued by Done.
  std::deque<T> queue_;
  std::unordered_set<T> dirty_;
  std::unordered_set<T> processing_;
  bool shutting_down_ = false;
  bool drain_ = false;
};

}  // namespace kubefake::client::workqueue
