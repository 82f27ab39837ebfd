#include "kubefake/fakeserver/in_memory_storage.h"

#include <algorithm>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "encoded_item.h"
#include "kubefake/api/error.h"
#include "recent_trees.h"
#include "storage_watcher.h"
#include "stored_object.h"

namespace kubefake::fakeserver {
namespace {

// Storage errors name the key, not a resource: callers rewrite NotFound, AlreadyExists and
// Conflict for their resource, as the registry's storeerr.Interpret*Error does.
const api::GroupResource kKeyResource{"", "key"};

constexpr std::string_view kOptimisticLockMessage =
    "the object has been modified; please apply your changes to the latest version and try "
    "again";
// etcd3/errors.go: a range read at a compacted revision.
constexpr std::string_view kListTooOld = "The resourceVersion for the provided list is too old.";

// How many trees parsed back from bytes stay held after their read (RecentTrees).
constexpr size_t kParsedTreesHeld = 64;

api::Error InvalidRevision(int64_t revision) {
  return api::NewBadRequest("invalid resource version: " + std::to_string(revision));
}

}  // namespace

const InMemoryStorage::Version* InMemoryStorage::KeyHistory::Latest() const {
  if (first == versions.size() || !versions.back().stored) return nullptr;
  return &versions.back();
}

const InMemoryStorage::Version* InMemoryStorage::KeyHistory::At(int64_t revision) const {
  if (first == versions.size()) return nullptr;
  const Version* found = &versions.back();
  if (found->mod_revision > revision) {
    const auto begin = versions.begin() + static_cast<std::ptrdiff_t>(first);
    auto it = std::upper_bound(begin, versions.end(), revision,
                               [](int64_t r, const Version& v) { return r < v.mod_revision; });
    if (it == begin) return nullptr;
    found = &*std::prev(it);
  }
  return found->stored ? found : nullptr;
}

InMemoryStorage::InMemoryStorage(Options options)
    : options_(std::move(options)),
      parsed_trees_(std::make_unique<RecentTrees>(kParsedTreesHeld)) {}

InMemoryStorage::~InMemoryStorage() {
  std::vector<std::shared_ptr<StorageWatcher>> watchers;
  {
    std::unique_lock lock(mu_);
    watchers.swap(watchers_);
  }
  for (const std::shared_ptr<StorageWatcher>& watcher : watchers) {
    if (watcher->Close("storage closed")) watcher->Notify();
  }
}

InMemoryStorage::Time InMemoryStorage::Now() const {
  if (options_.clock == nullptr || options_.history_duration <= std::chrono::nanoseconds::zero()) {
    return Time{};
  }
  return options_.clock->Now();
}

int64_t InMemoryStorage::EffectiveCompactedLocked(Time now) const {
  if (options_.clock == nullptr || options_.history_duration <= std::chrono::nanoseconds::zero()) {
    return compacted_;
  }
  const Time cutoff = now - std::chrono::duration_cast<Time::duration>(options_.history_duration);
  auto it = std::partition_point(log_.begin(), log_.end(),
                                 [&](const LogEntry& entry) { return entry.time < cutoff; });
  if (it == log_.begin()) return compacted_;
  return std::max(compacted_, std::prev(it)->event->revision);
}

Result<int64_t> InMemoryStorage::ResolveReadRevisionLocked(int64_t revision, Time now) const {
  if (revision < 0) return Fail(InvalidRevision(revision));
  const int64_t resolved = revision == 0 ? current_ : revision;
  if (resolved > current_) {
    return Fail(api::NewTooLargeResourceVersion(static_cast<uint64_t>(resolved),
                                                static_cast<uint64_t>(current_), 1));
  }
  if (resolved < EffectiveCompactedLocked(now)) {
    return Fail(api::NewResourceExpired(std::string(kListTooOld)));
  }
  return resolved;
}

int64_t InMemoryStorage::CurrentRevision() const {
  std::shared_lock lock(mu_);
  return current_;
}

int64_t InMemoryStorage::CompactedRevision() const {
  const Time now = Now();
  std::shared_lock lock(mu_);
  return EffectiveCompactedLocked(now);
}

InMemoryStorage::Stats InMemoryStorage::GetStats() const {
  std::shared_lock lock(mu_);
  Stats stats;
  stats.keys = keys_.size();
  for (const auto& [key, history] : keys_) {
    stats.versions += history.versions.size() - history.first;
  }
  stats.events = log_.size();
  stats.watchers = static_cast<size_t>(std::count_if(
      watchers_.begin(), watchers_.end(),
      [](const std::shared_ptr<StorageWatcher>& watcher) { return !watcher->ended(); }));
  return stats;
}

Result<KeyValue> InMemoryStorage::Get(std::string_view key, int64_t revision) const {
  const Time now = Now();
  std::shared_lock lock(mu_);
  Result<int64_t> resolved = ResolveReadRevisionLocked(revision, now);
  if (!resolved) return Fail(resolved.error());
  auto it = keys_.find(key);
  const Version* version = it == keys_.end() ? nullptr : it->second.At(*resolved);
  if (version == nullptr) return Fail(api::NewNotFound(kKeyResource, key));
  KeyValue result = ReadVersion(it->first, *version, /*tree=*/false);
  const StoredObject* stored = version->stored.get();  // kept alive by result.encoded
  lock.unlock();
  // A tree nobody holds is parsed back without blocking writers.
  result.object = stored->Tree(*parsed_trees_);
  return result;
}

KeyValue InMemoryStorage::ReadVersion(const std::string& key, const Version& version,
                                      bool tree) const {
  return KeyValue{key, tree ? version.stored->Tree(*parsed_trees_) : nullptr,
                  StoredObject::Encoded(version.stored), version.create_revision,
                  version.mod_revision};
}

Result<ListResult> InMemoryStorage::List(std::string_view prefix,
                                         const StorageListOptions& options) const {
  const Time now = Now();
  std::shared_lock lock(mu_);
  Result<int64_t> resolved = ResolveReadRevisionLocked(options.revision, now);
  if (!resolved) return Fail(resolved.error());

  ListResult result;
  result.revision = *resolved;
  const std::string_view start = std::max(prefix, std::string_view(options.start_key));
  bool page_full = false;
  for (auto it = keys_.lower_bound(start); it != keys_.end() && it->first.starts_with(prefix);
       ++it) {
    const Version* version = it->second.At(*resolved);
    if (version == nullptr) continue;
    if (page_full) {
      // etcd's count: every key after the page, matching the predicate or not.
      if (!result.next_key) result.next_key = it->first;
      ++result.remaining;
      continue;
    }
    KeyValue item = ReadVersion(it->first, *version, options.trees || options.predicate);
    if (options.predicate && !options.predicate(*item.object)) continue;
    if (!options.trees) item.object.reset();
    result.items.push_back(std::move(item));
    page_full = options.limit > 0 && static_cast<int64_t>(result.items.size()) >= options.limit;
  }
  return result;
}

// The tree with an empty resourceVersion and its bytes drafted around it: the revision goes into
// both under the lock (FinishItem copies the bytes with it spliced in, one allocation and copy as
// EncodeItem's own final copy).
struct InMemoryStorage::PendingWrite {
  std::shared_ptr<api::Object> object;
  ItemDraft draft;
};

InMemoryStorage::PendingWrite InMemoryStorage::PrepareWrite(api::Object object) {
  object.SetResourceVersion("");
  PendingWrite write{std::make_shared<api::Object>(std::move(object)), {}};
  write.draft = DraftItem(write.object->json());
  return write;
}

Result<KeyValue> InMemoryStorage::Create(std::string_view key, api::Object object) {
  const Time now = Now();
  PendingWrite write = PrepareWrite(std::move(object));
  std::vector<std::shared_ptr<StorageWatcher>> to_notify;
  std::vector<std::shared_ptr<const StorageEvent>> retired;  // freed once unlocked
  KeyValue result;
  {
    std::unique_lock lock(mu_);
    // One search finds the key or where it goes (the map's nodes are cold past a few thousand).
    auto it = keys_.lower_bound(key);
    if (it == keys_.end() || it->first != key) {
      it = keys_.emplace_hint(it, std::string(key), KeyHistory{});
    } else if (it->second.Latest() != nullptr) {
      return Fail(api::NewAlreadyExists(kKeyResource, key));
    }
    result = WriteLocked(it, WatchEventType::kAdded, write, nullptr, current_ + 1, now, to_notify);
    retired.swap(retired_);
  }
  for (const std::shared_ptr<StorageWatcher>& watcher : to_notify) watcher->Notify();
  return result;
}

Result<KeyValue> InMemoryStorage::GuaranteedUpdate(std::string_view key,
                                                   int64_t expected_mod_revision,
                                                   const UpdateFunc& update) {
  const Time now = Now();
  std::vector<std::shared_ptr<StorageWatcher>> to_notify;
  std::vector<std::shared_ptr<const StorageEvent>> retired;  // freed once unlocked
  Result<KeyValue> result;
  {
    std::unique_lock lock(mu_);
    auto it = keys_.lower_bound(key);
    const bool known = it != keys_.end() && it->first == key;
    const Version* current = known ? it->second.Latest() : nullptr;
    if (expected_mod_revision != 0) {
      if (current == nullptr) return Fail(api::NewNotFound(kKeyResource, key));
      if (current->mod_revision != expected_mod_revision) {
        return Fail(api::NewConflict(kKeyResource, key, kOptimisticLockMessage));
      }
    }
    std::optional<KeyValue> current_kv;
    if (current != nullptr) {
      current_kv = ReadVersion(it->first, *current, /*tree=*/true);
    }
    Result<UpdateDecision> decision = update(current_kv ? &*current_kv : nullptr);
    if (!decision) return Fail(decision.error());
    switch (decision->action) {
      case UpdateDecision::Action::kNoop:
        if (!current_kv) return Fail(api::NewNotFound(kKeyResource, key));
        return std::move(*current_kv);
      case UpdateDecision::Action::kDelete:
        if (!current_kv) return Fail(api::NewNotFound(kKeyResource, key));
        result = DeleteLocked(it, now, to_notify);
        break;
      case UpdateDecision::Action::kWrite: {
        if (!known) it = keys_.emplace_hint(it, std::string(key), KeyHistory{});
        PendingWrite write = PrepareWrite(std::move(decision->object));
        result =
            WriteLocked(it, current_kv ? WatchEventType::kModified : WatchEventType::kAdded, write,
                        current_kv ? current_kv->object : nullptr,
                        current_kv ? current_kv->create_revision : current_ + 1, now, to_notify);
        break;
      }
    }
    retired.swap(retired_);
  }
  for (const std::shared_ptr<StorageWatcher>& watcher : to_notify) watcher->Notify();
  return result;
}

Result<KeyValue> InMemoryStorage::Delete(std::string_view key, int64_t expected_mod_revision) {
  const Time now = Now();
  std::vector<std::shared_ptr<StorageWatcher>> to_notify;
  std::vector<std::shared_ptr<const StorageEvent>> retired;  // freed once unlocked
  Result<KeyValue> result;
  {
    std::unique_lock lock(mu_);
    auto it = keys_.find(key);
    const Version* current = it == keys_.end() ? nullptr : it->second.Latest();
    if (current == nullptr) return Fail(api::NewNotFound(kKeyResource, key));
    if (expected_mod_revision != 0 && current->mod_revision != expected_mod_revision) {
      return Fail(api::NewConflict(kKeyResource, key, kOptimisticLockMessage));
    }
    result = DeleteLocked(it, now, to_notify);
    retired.swap(retired_);
  }
  for (const std::shared_ptr<StorageWatcher>& watcher : to_notify) watcher->Notify();
  return result;
}

Result<KeyValue> InMemoryStorage::DeleteLocked(
    KeyMap::iterator it, Time now, std::vector<std::shared_ptr<StorageWatcher>>& to_notify) {
  const Version& current = *it->second.Latest();
  const ObjectPtr last = current.stored->Tree(*parsed_trees_);
  const int64_t create_revision = current.create_revision;
  const int64_t revision = current_ + 1;
  // R7.3: the DELETED event carries the last state at the deletion's resourceVersion.
  auto deleted = std::make_shared<api::Object>(*last);
  deleted->SetResourceVersion(std::to_string(revision));
  KeyValue result{it->first, last, StoredObject::Encoded(current.stored), create_revision,
                  revision};
  CommitLocked(it, WatchEventType::kDeleted, nullptr, std::move(deleted), last, create_revision,
               now, to_notify);
  return result;
}

KeyValue InMemoryStorage::WriteLocked(KeyMap::iterator it, WatchEventType type, PendingWrite& write,
                                      ObjectPtr prev_object, int64_t create_revision, Time now,
                                      std::vector<std::shared_ptr<StorageWatcher>>& to_notify) {
  const int64_t revision = current_ + 1;
  const std::string resource_version = std::to_string(revision);
  write.object->SetResourceVersion(resource_version);
  ObjectPtr published = std::move(write.object);
  auto stored =
      std::make_shared<const StoredObject>(published, FinishItem(write.draft, resource_version));
  KeyValue result{it->first, published, StoredObject::Encoded(stored), create_revision, revision};
  CommitLocked(it, type, std::move(stored), std::move(published), std::move(prev_object),
               create_revision, now, to_notify);
  return result;
}

void InMemoryStorage::CommitLocked(KeyMap::iterator it, WatchEventType type,
                                   std::shared_ptr<const StoredObject> stored,
                                   ObjectPtr event_object, ObjectPtr prev_object,
                                   int64_t create_revision, Time now,
                                   std::vector<std::shared_ptr<StorageWatcher>>& to_notify) {
  const int64_t revision = current_ + 1;
  it->second.versions.push_back(Version{revision, stored ? create_revision : 0, std::move(stored)});
  auto event = std::make_shared<const StorageEvent>(
      StorageEvent{type, it->first, std::move(event_object), std::move(prev_object), revision});
  current_ = revision;
  last_time_ = std::max(last_time_, now);
  log_.push_back(LogEntry{event, last_time_});
  FanOutLocked(event, to_notify);

  const int64_t by_count = current_ - std::max<int64_t>(options_.history_revisions, 1);
  const int64_t target = std::max(by_count, EffectiveCompactedLocked(last_time_));
  if (target > compacted_) CompactLocked(target);
}

void InMemoryStorage::FanOutLocked(const std::shared_ptr<const StorageEvent>& event,
                                   std::vector<std::shared_ptr<StorageWatcher>>& to_notify) {
  for (size_t i = 0; i < watchers_.size();) {
    StorageWatcher& watcher = *watchers_[i];
    if (!event->key.starts_with(watcher.prefix())) {
      ++i;
      continue;
    }
    switch (watcher.Push(event)) {
      case StorageWatcher::PushResult::kQueued:
        if (watcher.has_notify()) to_notify.push_back(watchers_[i]);
        [[fallthrough]];
      case StorageWatcher::PushResult::kQueuedBehind:
      case StorageWatcher::PushResult::kSkipped:
        ++i;
        continue;
      case StorageWatcher::PushResult::kOverflowed:
        if (watcher.has_notify()) to_notify.push_back(watchers_[i]);
        break;
      case StorageWatcher::PushResult::kClosed:
        break;
    }
    // Ended: unregister (order among watchers does not matter).
    watchers_[i] = std::move(watchers_.back());
    watchers_.pop_back();
  }
}

void InMemoryStorage::CompactLocked(int64_t revision) {
  revision = std::min(revision, current_);
  if (revision <= compacted_) return;
  compacted_ = revision;
  while (!log_.empty() && log_.front().event->revision <= compacted_) {
    auto it = keys_.find(log_.front().event->key);
    retired_.push_back(std::move(log_.front().event));
    log_.pop_front();
    if (it != keys_.end()) TrimKeyLocked(it);
  }
}

void InMemoryStorage::TrimKeyLocked(KeyMap::iterator it) {
  KeyHistory& history = it->second;
  std::vector<Version>& versions = history.versions;
  if (history.first == versions.size() || versions[history.first].mod_revision > compacted_) {
    return;
  }
  // The state at compacted_ is the last version at or below it; older ones are unreachable.
  size_t last_visible = history.first;
  while (last_visible + 1 < versions.size() &&
         versions[last_visible + 1].mod_revision <= compacted_) {
    ++last_visible;
  }
  // A tombstone at or below compacted_ means the key did not exist then: drop it too.
  const size_t new_first = versions[last_visible].stored ? last_visible : last_visible + 1;
  for (size_t i = history.first; i < new_first; ++i) versions[i].stored.reset();
  history.first = new_first;
  if (history.first == versions.size()) {
    keys_.erase(it);
    return;
  }
  if (history.first * 2 >= versions.size()) {
    versions.erase(versions.begin(), versions.begin() + static_cast<std::ptrdiff_t>(history.first));
    history.first = 0;
    if (versions.capacity() > 4 * versions.size() + 4) versions.shrink_to_fit();
  }
}

void InMemoryStorage::Compact(int64_t revision) {
  std::vector<std::shared_ptr<const StorageEvent>> retired;  // freed once unlocked
  std::unique_lock lock(mu_);
  CompactLocked(revision);
  retired.swap(retired_);
}

Result<std::unique_ptr<StorageWatch>> InMemoryStorage::Watch(std::string_view prefix,
                                                             int64_t after_revision) {
  if (after_revision < 0) return Fail(InvalidRevision(after_revision));
  const Time now = Now();
  std::shared_ptr<StorageWatcher> watcher;
  {
    std::unique_lock lock(mu_);
    // Ended watchers that no write has reached yet are swept here, so opening and closing
    // watches without writes stays bounded: whenever the list has doubled since the last sweep
    // (sweeping on every open would make opening N watches O(N^2)).
    constexpr size_t kMinSweepSize = 64;
    if (watchers_.size() >= 2 * std::max(watchers_after_sweep_, kMinSweepSize / 2)) {
      std::erase_if(watchers_, [](const std::shared_ptr<StorageWatcher>& w) { return w->ended(); });
      watchers_after_sweep_ = watchers_.size();
    }
    const int64_t start = after_revision == 0 ? current_ : after_revision;
    const int64_t compacted = EffectiveCompactedLocked(now);
    if (start < compacted) {
      // The watch cache's text (R7.4): the requested revision and the oldest one still
      // watchable from ("oldest available - 1").
      return Fail(api::NewResourceExpired("too old resource version: " + std::to_string(start) +
                                          " (" + std::to_string(compacted) + ")"));
    }
    watcher =
        std::make_shared<StorageWatcher>(std::string(prefix), start, options_.watch_queue_capacity);
    for (int64_t revision = start + 1; revision <= current_; ++revision) {
      const std::shared_ptr<const StorageEvent>& event =
          log_[static_cast<size_t>(revision - compacted_ - 1)].event;
      if (event->key.starts_with(prefix)) watcher->PushReplay(event);
    }
    watchers_.push_back(watcher);
  }
  return std::make_unique<StorageWatchHandle>(std::move(watcher));
}

}  // namespace kubefake::fakeserver
