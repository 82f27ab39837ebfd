// InMemoryStorage: the embedded Storage, a multi-version map of keys with an event log and watch
// fan-out, playing etcd (plus the watch cache's fan-out) for the fake apiserver. Thread-safe:
// reads share a lock, writes and Watch take it exclusively; no user callback runs under it.
//
// Fidelity:
//   Emulated:  everything storage.h lists. History is a window: the last `history_revisions`
//              revisions (and, with a clock, only what is younger than `history_duration`) stay
//              readable and watchable; older ones answer 410 Expired, as etcd after compaction and
//              the watch cache after its buffer wraps (R6.6, R7.11). Each watcher has a bounded
//              queue and is closed as "too slow" when it overflows (R7.10).
//   Differs:   compaction is by revision count (and optionally age) applied on every write, not
//              etcd's periodic 5-minute compaction; an age window is enforced on reads at once and
//              physically applied at the next write. A too-slow watcher is closed as soon as its
//              queue overflows, not after the cacher's ~100 ms budget. Objects are kept as compact
//              JSON (StoredObject; a create's is written before the write lock and only its
//              resourceVersion under it) and their trees parsed back when read and no one holds
//              them (the event log holds those of its window, RecentTrees the last ones parsed):
//              such a tree has unsigned non-negative integers (stored_object.h). Reads fill
//              KeyValue::encoded.
//   Rejected:  as storage.h.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "kubefake/api/clock.h"
#include "kubefake/fakeserver/storage.h"

namespace kubefake::fakeserver {

class RecentTrees;
class StorageWatcher;
class StoredObject;

class InMemoryStorage final : public Storage {
 public:
  struct Options {
    // At least this many of the latest revisions stay readable and watchable (values below 1
    // count as 1). Bounds memory: the event log holds at most this many events, and key history
    // at most this many old versions. 10,000 keeps a resumable window far beyond what a test's
    // watchers fall behind by; full, it holds ~30 MB for small ConfigMaps (~3 KB a version).
    int64_t history_revisions = 10'000;
    // When both are set, history older than `history_duration` on `clock` is discarded too (the
    // real server keeps ~75 s in its watch cache and ~5 min in etcd). The clock is not owned and
    // must outlive the storage. Without a clock only the revision window applies.
    const api::Clock* clock = nullptr;
    std::chrono::nanoseconds history_duration{0};
    // Live events a watcher may have queued before it is closed as "too slow". 1,000 absorbs a
    // consumer descheduled through a burst of writes, stays well inside history_revisions so the
    // closed watcher can resume from its last revision instead of relisting, and costs 16 bytes
    // per queued event (events are shared between watchers).
    size_t watch_queue_capacity = 1'000;
  };

  InMemoryStorage() : InMemoryStorage(Options{}) {}
  explicit InMemoryStorage(Options options);
  // Ends every open watch with closed_reason "storage closed". Watch handles may outlive the
  // storage.
  ~InMemoryStorage() override;
  InMemoryStorage(const InMemoryStorage&) = delete;
  InMemoryStorage& operator=(const InMemoryStorage&) = delete;

  int64_t CurrentRevision() const override;
  int64_t CompactedRevision() const override;
  Result<KeyValue> Get(std::string_view key, int64_t revision = 0) const override;
  Result<ListResult> List(std::string_view prefix,
                          const StorageListOptions& options) const override;
  Result<KeyValue> Create(std::string_view key, api::Object object) override;
  Result<KeyValue> GuaranteedUpdate(std::string_view key, int64_t expected_mod_revision,
                                    const UpdateFunc& update) override;
  Result<KeyValue> Delete(std::string_view key, int64_t expected_mod_revision = 0) override;
  Result<std::unique_ptr<StorageWatch>> Watch(std::string_view prefix,
                                              int64_t after_revision) override;
  void Compact(int64_t revision) override;

  // What the storage retains, for tests and metrics. O(keys).
  struct Stats {
    size_t keys = 0;      // keys with a retained version (live, or deleted within the window)
    size_t versions = 0;  // retained versions of all keys, deletion tombstones included
    size_t events = 0;    // events in the log: revisions after the physical compaction point
    size_t watchers = 0;  // open watches
  };
  Stats GetStats() const;

 private:
  using Time = std::chrono::system_clock::time_point;

  // One version of a key; `stored` is null for the tombstone a delete leaves.
  struct Version {
    int64_t mod_revision = 0;
    int64_t create_revision = 0;
    std::shared_ptr<const StoredObject> stored;
  };
  // A key's versions in revision order. Versions before `first` are compacted away and are
  // erased in bulk once they make up half of the vector, so trimming is amortized O(1).
  struct KeyHistory {
    std::vector<Version> versions;
    size_t first = 0;
    // The live version at the end, or null when the key is deleted.
    const Version* Latest() const;
    // The version visible at `revision`, or null when the key did not exist then.
    const Version* At(int64_t revision) const;
  };
  struct LogEntry {
    std::shared_ptr<const StorageEvent> event;
    Time time;  // when written; non-decreasing along the log
  };
  using KeyMap = std::map<std::string, KeyHistory, std::less<>>;

  // The revision a read asks for (0 = current), or the error for a compacted or future one.
  Result<int64_t> ResolveReadRevisionLocked(int64_t revision, Time now) const;
  // The compaction point including the age window at `now`.
  int64_t EffectiveCompactedLocked(Time now) const;
  // Reads the clock if an age window is configured; the epoch otherwise.
  Time Now() const;

  // `version` of `key` as read; `tree` false leaves KeyValue::object null.
  KeyValue ReadVersion(const std::string& key, const Version& version, bool tree) const;
  // An object to write, encoded apart from its resourceVersion (a create's before the write
  // lock is taken; in_memory_storage.cc).
  struct PendingWrite;
  static PendingWrite PrepareWrite(api::Object object);
  // Stores the object of `write` under `it` at the next revision as `type` (kAdded or
  // kModified) after `prev_object` (null for kAdded), and returns it as written. Takes the tree
  // out of `write` and leaves its draft bytes to the caller.
  KeyValue WriteLocked(KeyMap::iterator it, WatchEventType type, PendingWrite& write,
                       ObjectPtr prev_object, int64_t create_revision, Time now,
                       std::vector<std::shared_ptr<StorageWatcher>>& to_notify);
  // Appends `stored` (null for a delete's tombstone) as the key's version at the next revision
  // and an event carrying `event_object` and `prev_object`, fans the event out, and applies the
  // history window. Watchers to notify once the lock is released are appended to `to_notify`.
  void CommitLocked(KeyMap::iterator it, WatchEventType type,
                    std::shared_ptr<const StoredObject> stored, ObjectPtr event_object,
                    ObjectPtr prev_object, int64_t create_revision, Time now,
                    std::vector<std::shared_ptr<StorageWatcher>>& to_notify);
  Result<KeyValue> DeleteLocked(KeyMap::iterator it, Time now,
                                std::vector<std::shared_ptr<StorageWatcher>>& to_notify);
  void FanOutLocked(const std::shared_ptr<const StorageEvent>& event,
                    std::vector<std::shared_ptr<StorageWatcher>>& to_notify);
  // Discards history at and below `revision` (clamped to the current revision), moving the
  // dropped events to retired_.
  void CompactLocked(int64_t revision);
  // Drops the versions of `it` that no read at or after `compacted_` can see.
  void TrimKeyLocked(KeyMap::iterator it);

  const Options options_;
  // Trees parsed back by reads, kept for the next ones (stored_object.h). Thread-safe.
  const std::unique_ptr<RecentTrees> parsed_trees_;

  mutable std::shared_mutex mu_;
  int64_t current_ = 0;       // guarded by mu_
  int64_t compacted_ = 0;     // guarded by mu_; the log starts at compacted_ + 1
  KeyMap keys_;               // guarded by mu_
  std::deque<LogEntry> log_;  // guarded by mu_; log_[i] has revision compacted_ + 1 + i
  // Events compaction dropped: the writer takes them and frees them (with the trees only they
  // held, often an object's whole tree) after unlocking.
  std::vector<std::shared_ptr<const StorageEvent>> retired_;  // guarded by mu_
  Time last_time_{};                                          // guarded by mu_
  std::vector<std::shared_ptr<StorageWatcher>> watchers_;     // guarded by mu_
  // watchers_.size() after Watch last swept out the ended ones.
  size_t watchers_after_sweep_ = 0;  // guarded by mu_
};

}  // namespace kubefake::fakeserver
