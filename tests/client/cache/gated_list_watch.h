// GatedListWatch: wraps a ListWatch for tests. It counts list and watch calls, can hold the
// next watch call until the test releases it (to change the server while the informer's watch
// is down), can run a test's hook before each list call (to change the server between the
// pages of a paged LIST), and can answer WatchList requests with the 422 of a server without
// the feature.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

#include "kubefake/api/field_error.h"
#include "kubefake/client/cache/list_watch.h"

namespace kubefake::client::cache {

class GatedListWatch {
 public:
  explicit GatedListWatch(ListWatch inner) : inner_(std::move(inner)) {}

  ListWatch Get() {
    return {
        .list =
            [this](const ListOptions& options) {
              Count(lists_);
              std::function<void(const ListOptions&)> hook;
              {
                std::lock_guard lock(mutex_);
                hook = before_list_;
              }
              if (hook) hook(options);
              return inner_.list(options);
            },
        .watch = [this](const ListOptions& options) -> Result<std::unique_ptr<WatchStream>> {
          {
            std::unique_lock lock(mutex_);
            if (options.send_initial_events) {
              ++watch_lists_;
              last_watch_list_resource_version_ = options.resource_version;
            }
            changed_.notify_all();
            if (hold_next_watch_) {
              held_ = true;
              changed_.notify_all();
              changed_.wait(lock, [this] { return !hold_next_watch_; });
              held_ = false;
            }
            if (refuse_watch_list_ && options.send_initial_events) {
              return Fail(api::NewInvalid(
                  {"meta.k8s.io", "ListOptions"}, "",
                  {api::ForbiddenError(
                      "sendInitialEvents",
                      "sendInitialEvents is forbidden for watch unless the WatchList feature "
                      "gate is enabled")}));
            }
          }
          Result<std::unique_ptr<WatchStream>> stream = inner_.watch(options);
          if (!stream) return stream;
          Count(open_);
          return std::make_unique<CountedStream>(std::move(*stream), *this);
        },
    };
  }

  // Waits until a watch is open (returned and not yet closed by the informer); false after
  // 30 s of real time.
  bool WaitForOpenWatch() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(30), [this] { return open_ > 0; });
  }

  // Waits until `count` list calls were made; false after 30 s of real time.
  bool WaitForLists(int count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(30), [&] { return lists_ >= count; });
  }

  // Runs `hook` with the options of every later list call, on the informer's thread, before
  // the call is sent.
  void BeforeEachList(std::function<void(const ListOptions&)> hook) {
    std::lock_guard lock(mutex_);
    before_list_ = std::move(hook);
  }

  void HoldNextWatch() {
    std::lock_guard lock(mutex_);
    hold_next_watch_ = true;
  }
  // Waits until a watch call is being held; false after 30 s of real time.
  bool WaitUntilHeld() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(30), [this] { return held_; });
  }
  void Release() {
    std::lock_guard lock(mutex_);
    hold_next_watch_ = false;
    changed_.notify_all();
  }
  void RefuseWatchList() {
    std::lock_guard lock(mutex_);
    refuse_watch_list_ = true;
  }
  int lists() {
    std::lock_guard lock(mutex_);
    return lists_;
  }
  std::string last_watch_list_resource_version() {
    std::lock_guard lock(mutex_);
    return last_watch_list_resource_version_;
  }
  int watch_lists() {
    std::lock_guard lock(mutex_);
    return watch_lists_;
  }

 private:
  class CountedStream final : public WatchStream {
   public:
    CountedStream(std::unique_ptr<WatchStream> inner, GatedListWatch& gate)
        : inner_(std::move(inner)), gate_(gate) {}
    ~CountedStream() override {
      std::lock_guard lock(gate_.mutex_);
      --gate_.open_;
    }
    Result<std::optional<WatchEvent>> Next() override { return inner_->Next(); }
    void Stop() override { inner_->Stop(); }

   private:
    std::unique_ptr<WatchStream> inner_;
    GatedListWatch& gate_;
  };

  void Count(int& counter) {
    std::lock_guard lock(mutex_);
    ++counter;
    changed_.notify_all();
  }

  ListWatch inner_;
  std::mutex mutex_;
  std::condition_variable changed_;
  int lists_ = 0;
  int open_ = 0;
  int watch_lists_ = 0;
  std::string last_watch_list_resource_version_;
  bool hold_next_watch_ = false;
  bool held_ = false;
  bool refuse_watch_list_ = false;
  std::function<void(const ListOptions&)> before_list_;
};

}  // namespace kubefake::client::cache
