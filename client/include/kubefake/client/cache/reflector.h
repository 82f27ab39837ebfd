// Reflector: keeps a DeltaFifo in step with one resource on the server, client-go's
// tools/cache Reflector. It syncs with the WatchList protocol (a watch with sendInitialEvents
// that ends its initial state with the k8s.io/initial-events-end bookmark) or, when the server
// refuses that, a paged LIST; then watches from the synced resourceVersion, resumes from the
// last one seen (events and bookmarks) when a watch ends, and relists on 410 Expired or any
// other watch error after a jittered exponential backoff on the Clock. Run is called once, on
// one thread; the accessors are thread-safe.
//
// Differs from client-go: a server that answers the WatchList request with 422 Invalid (the
// feature is off, R7.5) is not asked again for this Reflector's life; any other WatchList
// failure falls back to LIST for that sync only, as client-go does.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <stop_token>
#include <string>

#include "kubefake/api/clock.h"
#include "kubefake/client/cache/delta_fifo.h"
#include "kubefake/client/cache/list_watch.h"

namespace kubefake::client::cache {

struct ReflectorOptions {
  int64_t page_size = 500;  // the LIST limit (client-go's defaultPageSize)
  bool use_watch_list = true;
  // Each watch asks for timeoutSeconds in [min_watch_timeout, 2 * min_watch_timeout).
  std::chrono::seconds min_watch_timeout{300};
  // Backoff before a relist after an error: [d, 2d) with d doubling from initial_backoff up
  // to max_backoff, back to initial_backoff after backoff_reset without errors.
  std::chrono::nanoseconds initial_backoff = std::chrono::milliseconds(800);
  std::chrono::nanoseconds max_backoff = std::chrono::seconds(30);
  std::chrono::nanoseconds backoff_reset = std::chrono::minutes(2);
  // How often the store is resynced (DeltaFifo::Resync) when should_resync says so; 0: never.
  std::chrono::nanoseconds resync_period{0};
  std::function<bool()> should_resync{};
};

class Reflector {
 public:
  // `store` must outlive the Reflector.
  Reflector(ListWatch list_watch, DeltaFifo& store, std::shared_ptr<api::Clock> clock,
            ReflectorOptions options = {});
  Reflector(const Reflector&) = delete;
  Reflector& operator=(const Reflector&) = delete;

  // Lists and watches until `stop` is requested; returns after closing its watch.
  void Run(std::stop_token stop);

  // The resourceVersion of the last sync, event or bookmark ("" before the first sync).
  std::string LastSyncResourceVersion() const;
  // How many times the Reflector synced by LIST / by WatchList (counted before the store is
  // replaced, so a test that sees the sync sees the count).
  int ListCount() const;
  int WatchListCount() const;

 private:
  enum class WatchEnd { kClosed, kStopped, kExpired, kError };
  class ResyncLoop;

  // Syncs the store; returns the watch to continue with (WatchList) or null (LIST).
  Result<std::unique_ptr<WatchStream>> Sync(std::stop_token stop);
  Result<std::unique_ptr<WatchStream>> SyncByWatchList(std::stop_token stop);
  Result<void> SyncByList();
  WatchEnd HandleWatch(WatchStream& watch, std::stop_token stop);
  ListOptions WatchOptions();
  // Sleeps the backoff on the clock; false when stopped meanwhile.
  bool Backoff(std::stop_token stop);
  void SetResourceVersion(std::string resource_version);

  ListWatch list_watch_;
  DeltaFifo& store_;
  std::shared_ptr<api::Clock> clock_;
  ReflectorOptions options_;
  bool use_watch_list_;
  bool resource_version_expired_ = false;  // the last watch ended with 410 Expired
  std::mt19937_64 random_;
  std::chrono::nanoseconds backoff_;
  std::chrono::system_clock::time_point last_backoff_;
  mutable std::mutex mutex_;
  std::string resource_version_;  // guarded by mutex_
  int list_count_ = 0;            // guarded by mutex_
  int watch_list_count_ = 0;      // guarded by mutex_
};

}  // namespace kubefake::client::cache
