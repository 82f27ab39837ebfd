// Storage: the fake apiserver's revisioned key-value store with watch. It plays the part etcd
// plays for a real apiserver (k8s.io/apiserver storage.Interface over etcd3): it knows keys,
// objects and revisions, not kinds. The Kubernetes logic lives above it. Thread-safe.
//
// Fidelity:
//   Emulated:  one global revision counter (the resourceVersion), bumped once per write;
//              compare-and-swap on a key's modification revision; consistent reads of a key
//              range at a past revision (MVCC) within the history window; watch from a revision
//              with every later change in revision order; compaction, after which reads and
//              watches from older revisions answer 410 Expired.
//   Differs:   values are api::Object (JSON) trees, not bytes (a storage may also keep and hand
//              out their compact JSON, KeyValue::encoded); a write whose value equals the stored
//              one is still a write (no-op detection is the caller's job, as in the apiserver).
//   Rejected:  reads and watches from a compacted revision (Expired), never silently served
//              from a later state; reads from a revision beyond the current one (Timeout with the
//              ResourceVersionTooLarge cause).
//
// Errors name the key, not a resource (`key "/registry/pods/ns/web" not found`): callers rewrite
// NotFound, AlreadyExists and Conflict for their resource, as the registry's
// storeerr.Interpret*Error does. Expired texts are etcd's and the watch cache's: reads answer
// `The resourceVersion for the provided list is too old.` (a continued list replaces it with
// R6.7's text), watches `too old resource version: <requested> (<CompactedRevision()>)` (R7.4).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kubefake/api/object.h"
#include "kubefake/api/result.h"

namespace kubefake::fakeserver {

using ObjectPtr = std::shared_ptr<const api::Object>;

// A stored object's compact JSON as the fake apiserver writes it (defined in fakeserver's
// sources; opaque here).
struct EncodedItem;
using EncodedItemPtr = std::shared_ptr<const EncodedItem>;

// One stored version of a key. At least one of `object` and `encoded` is set: `object` is null
// only for List with `trees` false, and `encoded` is null when the storage keeps no bytes.
struct KeyValue {
  std::string key;
  ObjectPtr object;
  EncodedItemPtr encoded;
  int64_t create_revision = 0;
  int64_t mod_revision = 0;
};

enum class WatchEventType { kAdded, kModified, kDeleted };

// One change in revision order. For kModified and kDeleted, `prev_object` is the state before the
// change, as stored (used for selector transitions, R7.9). For kDeleted, `object` is a copy of
// that last state whose metadata.resourceVersion is the deletion's revision (R7.3).
struct StorageEvent {
  WatchEventType type = WatchEventType::kAdded;
  std::string key;
  ObjectPtr object;
  ObjectPtr prev_object;
  int64_t revision = 0;
};

// A watch opened by Storage::Watch. Thread-safe. Destroying it unsubscribes.
class StorageWatch {
 public:
  virtual ~StorageWatch() = default;

  // Blocks until the next event, or returns nullopt once the watch has ended (Stop, storage
  // shutdown, or the watcher fell behind its queue bound: see closed_reason()). When the storage
  // ends the watch, the events queued before that are still returned first, so what a consumer
  // sees is always a gap-free prefix of the changes; after Stop nothing more is returned.
  virtual std::optional<StorageEvent> Next() = 0;
  // Returns the next event if one is queued, without blocking.
  virtual std::optional<StorageEvent> TryNext() = 0;
  // Registers `notify`, called (from a writer's thread, without storage locks held) when an event
  // is queued while none waited (so take events until TryNext finds none) or the storage ends the
  // watch; not for events queued before the call (drain with TryNext afterwards) nor on Stop.
  // Replaces any earlier callback: once SetNotify, Stop or the destructor returns, the old one is
  // not running and will not run. It must not call Storage, SetNotify, Stop, or destroy the watch.
  virtual void SetNotify(std::function<void()> notify) = 0;
  // Ends the watch and drops queued events; a blocked Next() returns nullopt.
  virtual void Stop() = 0;
  // Why the watch ended: "" while open or after Stop; "too slow" when it overflowed its queue;
  // "storage closed" when the storage was destroyed.
  virtual std::string closed_reason() const = 0;
};

struct StorageListOptions {
  // Revision to read at; 0 = the current revision.
  int64_t revision = 0;
  // Only keys >= start_key (normally a next_key from an earlier page); "" = from the beginning.
  std::string start_key;
  // Maximum number of items; 0 or less = no limit.
  int64_t limit = 0;
  // Items failing the predicate are skipped and do not count toward `limit`.
  std::function<bool(const api::Object&)> predicate;
  // false: items carry no `object` where the storage has their `encoded` bytes (a caller that
  // only writes the bytes spares the storage rebuilding trees).
  bool trees = true;
};

struct ListResult {
  std::vector<KeyValue> items;  // in key order
  int64_t revision = 0;         // the revision the list was read at
  // When the page holds `limit` items and more keys exist under the prefix after it: the first
  // of them, and how many there are. Both ignore the predicate, as etcd's "more" and count do,
  // so a page read from next_key may hold no matching item (R6.5).
  std::optional<std::string> next_key;
  int64_t remaining = 0;
};

// The decision of an UpdateFunc.
struct UpdateDecision {
  enum class Action { kWrite, kNoop, kDelete };
  Action action = Action::kWrite;
  api::Object object;  // the new value for kWrite
};

// Computes the new state of a key from the current one (nullptr when the key is absent).
// Runs under the storage's write lock: it must be quick and must not call Storage.
using UpdateFunc = std::function<Result<UpdateDecision>(const KeyValue* current)>;

class Storage {
 public:
  virtual ~Storage() = default;

  // The revision of the last write (0 before any write).
  virtual int64_t CurrentRevision() const = 0;
  // The oldest revision reads and watches may still start from: reads at it and watches after it
  // are served, anything older is compacted (0 before any compaction).
  virtual int64_t CompactedRevision() const = 0;

  // Reads `key` at `revision` (0 = current).
  // Errors: NotFound; Expired when `revision` is compacted; Timeout (ResourceVersionTooLarge)
  // when `revision` is in the future.
  virtual Result<KeyValue> Get(std::string_view key, int64_t revision = 0) const = 0;

  // Reads the keys under `prefix` (a string prefix, normally ending in '/').
  // Errors: Expired; Timeout (ResourceVersionTooLarge), as Get.
  virtual Result<ListResult> List(std::string_view prefix, const StorageListOptions& options) const = 0;

  // Stores `object` under `key` if absent; the object's metadata.resourceVersion is set to the
  // new revision in the stored copy and the result. Errors: AlreadyExists.
  virtual Result<KeyValue> Create(std::string_view key, api::Object object) = 0;

  // Atomically reads `key`, calls `update` with it (nullptr when absent), and applies the
  // decision: kWrite stores the object (creating the key if absent), kDelete removes the key
  // (the result is as Delete's), kNoop writes nothing and returns the current value.
  // If `expected_mod_revision` is non-zero and differs from the key's, answers Conflict
  // without calling `update` (NotFound when the key is absent).
  // Errors: whatever `update` returns; NotFound for kDelete or kNoop on an absent key;
  // Conflict.
  virtual Result<KeyValue> GuaranteedUpdate(std::string_view key, int64_t expected_mod_revision,
                                            const UpdateFunc& update) = 0;

  // Deletes `key`, returning its last value as stored (with its own resourceVersion) and
  // mod_revision set to the deletion's revision.
  // Errors: NotFound; Conflict when `expected_mod_revision` is non-zero and differs.
  virtual Result<KeyValue> Delete(std::string_view key, int64_t expected_mod_revision = 0) = 0;

  // Opens a watch on keys under `prefix` for every change with revision > `after_revision`
  // (0 = changes from now on; a future revision waits for changes after it), in revision order,
  // each once. Errors: Expired when `after_revision` is older than CompactedRevision().
  virtual Result<std::unique_ptr<StorageWatch>> Watch(std::string_view prefix,
                                                      int64_t after_revision) = 0;

  // Discards history below `revision` (clamped to the current one), as etcd's compaction does:
  // the state at `revision` stays readable, older reads and watches answer Expired. A revision
  // at or below CompactedRevision() changes nothing.
  virtual void Compact(int64_t revision) = 0;
};

}  // namespace kubefake::fakeserver
