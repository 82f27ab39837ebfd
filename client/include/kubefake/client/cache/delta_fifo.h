// DeltaFifo: the queue between a Reflector and an informer, client-go's tools/cache DeltaFIFO.
// Each key waits once, with every change (delta) seen since it was queued, oldest first; Pop
// hands out one key's deltas. Replace (a relist) reports the objects the new list lacks as
// deletions whose final state is unknown, so no deletion is ever lost. Thread-safe.
#pragma once

#include <condition_variable>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <stop_token>
#include <string>
#include <vector>

#include "kubefake/api/result.h"
#include "kubefake/client/cache/indexer.h"

namespace kubefake::client::cache {

enum class DeltaType { kAdded, kUpdated, kDeleted, kReplaced, kSync };

// "Added", "Updated", "Deleted", "Replaced", "Sync".
const char* DeltaTypeName(DeltaType type);

struct Delta {
  DeltaType type;
  ObjectPtr object;
  // cache.DeletedFinalStateUnknown: a kDeleted delta for an object that vanished while the
  // watch was down (found missing by a relist). `object` is then the last state known.
  bool final_state_unknown = false;
};

using Deltas = std::vector<Delta>;

class DeltaFifo {
 public:
  // `known_objects` (the informer's indexer, or null) must outlive the queue: it tells Delete
  // and Replace which objects exist downstream, and Resync what to resync.
  explicit DeltaFifo(const Indexer* known_objects, KeyFunc key_func = MetaNamespaceKeyFunc);
  DeltaFifo(const DeltaFifo&) = delete;
  DeltaFifo& operator=(const DeltaFifo&) = delete;

  // Queue an Added / Updated delta. Errors: the key function's.
  Result<void> Add(ObjectPtr object);
  Result<void> Update(ObjectPtr object);
  // Queues a Deleted delta unless the object is neither queued nor known (nothing to delete).
  // Two deletions in a row collapse into one, keeping the one with the known final state.
  Result<void> Delete(ObjectPtr object);
  // A relist: a Replaced delta for every object of `objects`, then a final-state-unknown
  // deletion for every queued or known key the list lacks. The first Replace (or any call)
  // marks the queue populated; HasSynced waits for the first Replace's items to be popped.
  Result<void> Replace(std::vector<ObjectPtr> objects);
  // Replace for objects already keyed with KeyOf (a WatchList sync keys each object as it
  // arrives), without keying them again.
  void ReplaceKeyed(std::vector<std::pair<std::string, ObjectPtr>> keyed);
  // The key this queue files `object` under. Errors: the key function's.
  Result<std::string> KeyOf(const nlohmann::json& object) const { return key_func_(object); }
  // A Sync delta for every known object that has nothing queued.
  void Resync();

  // Blocks until a key is queued, removes it and calls `process(deltas, is_in_initial_list)`
  // with the queue locked (so HasSynced turns true only after the last initial item has been
  // processed). Returns false, without calling `process`, once the queue is closed.
  bool Pop(const std::function<void(const Deltas&, bool is_in_initial_list)>& process);
  // Wakes blocked Pops; every later Pop returns false.
  void Close();

  // True once the first Replace (or Add/Update/Delete) happened and the items the first
  // Replace inserted have all been popped.
  bool HasSynced() const;
  // Blocks until HasSynced, the queue closes, `stop` is requested or `deadline` (real time)
  // passes; returns HasSynced().
  bool WaitForSynced(std::stop_token stop, std::chrono::steady_clock::time_point deadline) const;
  // The queued deltas of `key` (empty when none are queued).
  Deltas Get(const std::string& key) const;
  std::vector<std::string> ListKeys() const;

 private:
  void QueueLocked(const std::string& key, Delta delta);
  bool HasSyncedLocked() const { return populated_ && initial_population_count_ == 0; }

  const Indexer* known_objects_;
  KeyFunc key_func_;
  mutable std::mutex mutex_;
  std::condition_variable queued_or_closed_;
  mutable std::condition_variable_any synced_or_closed_;
  std::map<std::string, Deltas> items_;  // guarded by mutex_
  std::deque<std::string> queue_;        // guarded by mutex_; each key of items_ once
  bool populated_ = false;               // guarded by mutex_
  int initial_population_count_ = 0;     // guarded by mutex_
  bool closed_ = false;                  // guarded by mutex_
};

}  // namespace kubefake::client::cache
