// Reflector: sync (WatchList or paged LIST), then watch-and-resume, with backoff on errors.
#include "kubefake/client/cache/reflector.h"

#include <map>
#include <utility>

#include "../clock_sleep.h"
#include "resource_version_of.h"

namespace kubefake::client::cache {
namespace {

constexpr char kInitialEventsEnd[] = "k8s.io/initial-events-end";

bool IsInitialEventsEnd(const nlohmann::json& bookmark) {
  const nlohmann::json* annotations = MetadataMember(bookmark, "annotations");
  if (annotations == nullptr || !annotations->is_object()) return false;
  auto value = annotations->find(kInitialEventsEnd);
  return value != annotations->end() && *value == "true";
}

ObjectPtr Share(nlohmann::json object) {
  return std::make_shared<const nlohmann::json>(std::move(object));
}

// Errors after which the same watch is simply opened again (client-go: too many requests).
bool IsRetriableWatchError(const api::Error& error) {
  return api::IsTooManyRequests(error) || api::IsServiceUnavailable(error) ||
         api::IsTooLargeResourceVersion(error);
}

}  // namespace

Reflector::Reflector(ListWatch list_watch, DeltaFifo& store, std::shared_ptr<api::Clock> clock,
                     ReflectorOptions options)
    : list_watch_(std::move(list_watch)),
      store_(store),
      clock_(std::move(clock)),
      options_(std::move(options)),
      use_watch_list_(options_.use_watch_list),
      random_(std::random_device{}()),
      backoff_(options_.initial_backoff) {}

// Calls DeltaFifo::Resync every period on the clock until stopped. The callback shares the
// state, so a callback that fires while Run ends finds `stopped` and leaves the store alone.
class Reflector::ResyncLoop {
 public:
  static std::shared_ptr<ResyncLoop> Start(api::Clock& clock, std::chrono::nanoseconds period,
                                           std::function<void()> resync) {
    auto loop = std::make_shared<ResyncLoop>();
    loop->clock_ = &clock;
    loop->period_ = period;
    loop->resync_ = std::move(resync);
    std::lock_guard lock(loop->mutex_);
    loop->ScheduleLocked(loop);
    return loop;
  }

  void Stop() {
    std::unique_ptr<api::Timer> timer;
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
      timer = std::move(timer_);
    }
    if (timer) timer->Stop();
  }

 private:
  void ScheduleLocked(const std::shared_ptr<ResyncLoop>& self) {
    timer_ = clock_->AfterFunc(period_, [weak = std::weak_ptr<ResyncLoop>(self)] {
      std::shared_ptr<ResyncLoop> loop = weak.lock();
      if (loop == nullptr) return;
      std::lock_guard lock(loop->mutex_);
      if (loop->stopped_) return;
      loop->resync_();
      loop->ScheduleLocked(loop);
    });
  }

  api::Clock* clock_ = nullptr;
  std::chrono::nanoseconds period_{};
  std::function<void()> resync_;
  std::mutex mutex_;
  bool stopped_ = false;                // guarded by mutex_
  std::unique_ptr<api::Timer> timer_;   // guarded by mutex_
};

void Reflector::Run(std::stop_token stop) {
  std::shared_ptr<ResyncLoop> resync;
  if (options_.resync_period > std::chrono::nanoseconds::zero()) {
    resync = ResyncLoop::Start(*clock_, options_.resync_period, [this] {
      if (!options_.should_resync || options_.should_resync()) store_.Resync();
    });
  }
  bool need_sync = true;
  std::unique_ptr<WatchStream> watch;
  while (!stop.stop_requested()) {
    if (need_sync) {
      Result<std::unique_ptr<WatchStream>> synced = Sync(stop);
      if (!synced) {
        if (!Backoff(stop)) break;
        continue;
      }
      watch = std::move(*synced);
      need_sync = false;
      resource_version_expired_ = false;
    }
    if (watch == nullptr) {
      Result<std::unique_ptr<WatchStream>> opened = list_watch_.watch(WatchOptions());
      if (!opened) {
        need_sync = !IsRetriableWatchError(opened.error());
        resource_version_expired_ = api::IsResourceExpired(opened.error()) ||
                                    api::IsGone(opened.error());
        if (!Backoff(stop)) break;
        continue;
      }
      watch = std::move(*opened);
    }
    WatchEnd end = HandleWatch(*watch, stop);
    watch.reset();
    if (end == WatchEnd::kStopped) break;
    if (end == WatchEnd::kClosed) continue;  // resume from the last resourceVersion
    need_sync = true;                         // 410 Expired or a broken stream: relist
    resource_version_expired_ = end == WatchEnd::kExpired;
    if (!Backoff(stop)) break;
  }
  if (resync) resync->Stop();
}

Result<std::unique_ptr<WatchStream>> Reflector::Sync(std::stop_token stop) {
  if (use_watch_list_) {
    Result<std::unique_ptr<WatchStream>> watch = SyncByWatchList(stop);
    if (watch) return watch;
    if (stop.stop_requested()) return Fail(watch.error());
    if (api::IsInvalid(watch.error())) use_watch_list_ = false;
  }
  Result<void> listed = SyncByList();
  if (!listed) return Fail(listed.error());
  return nullptr;
}

Result<std::unique_ptr<WatchStream>> Reflector::SyncByWatchList(std::stop_token stop) {
  ListOptions options = WatchOptions();
  options.send_initial_events = true;
  options.resource_version_match = "NotOlderThan";
  // After a 410 the last resourceVersion is gone: ask for the current state (client-go's
  // rewatchResourceVersion).
  options.resource_version = resource_version_expired_ ? "" : LastSyncResourceVersion();
  Result<std::unique_ptr<WatchStream>> opened = list_watch_.watch(options);
  if (!opened) return Fail(opened.error());
  std::unique_ptr<WatchStream> watch = std::move(*opened);
  std::stop_callback stop_watch(stop, [&watch] { watch->Stop(); });
  // By the store's key, in key order, as Replace files them: keyed once, here.
  std::map<std::string, ObjectPtr> initial;
  while (true) {
    Result<std::optional<SharedWatchEvent>> event = watch->NextShared();
    if (!event) return Fail(event.error());
    if (!*event) {
      return Fail(api::NewInternalError(
          "the watch ended before the initial-events-end bookmark"));
    }
    const nlohmann::json& object = *(*event)->object;
    if ((*event)->type == "BOOKMARK") {
      if (!IsInitialEventsEnd(object)) continue;
      std::vector<std::pair<std::string, ObjectPtr>> keyed;
      keyed.reserve(initial.size());
      while (!initial.empty()) {
        auto node = initial.extract(initial.begin());
        keyed.emplace_back(std::move(node.key()), std::move(node.mapped()));
      }
      {
        std::lock_guard lock(mutex_);
        ++watch_list_count_;
      }
      store_.ReplaceKeyed(std::move(keyed));
      SetResourceVersion(ResourceVersionOf(object));
      break;
    }
    Result<std::string> key = store_.KeyOf(object);
    if (!key) return Fail(key.error());
    if ((*event)->type == "DELETED") initial.erase(*key);
    else initial[*key] = std::move((*event)->object);
  }
  return watch;
}

Result<void> Reflector::SyncByList() {
  ListOptions options;
  options.limit = options_.page_size;
  std::vector<ObjectPtr> objects;
  std::string resource_version;
  while (true) {
    Result<nlohmann::json> page = list_watch_.list(options);
    if (!page && !options.continue_.empty() && api::IsResourceExpired(page.error())) {
      // The continue token expired: list everything at once (client-go's pager fallback).
      objects.clear();
      options = ListOptions{};
      continue;
    }
    if (!page) return Fail(page.error());
    nlohmann::json& items = (*page)["items"];
    if (items.is_array()) {
      for (nlohmann::json& item : items) objects.push_back(Share(std::move(item)));
    }
    resource_version = ResourceVersionOf(*page);
    const nlohmann::json& next = page->value("/metadata/continue"_json_pointer, nlohmann::json(""));
    if (!next.is_string() || next.get_ref<const std::string&>().empty()) break;
    options.continue_ = next.get<std::string>();
  }
  {
    std::lock_guard lock(mutex_);
    ++list_count_;
  }
  Result<void> replaced = store_.Replace(std::move(objects));
  if (!replaced) return Fail(replaced.error());
  SetResourceVersion(std::move(resource_version));
  return {};
}

Reflector::WatchEnd Reflector::HandleWatch(WatchStream& watch, std::stop_token stop) {
  std::stop_callback stop_watch(stop, [&watch] { watch.Stop(); });
  while (true) {
    Result<std::optional<SharedWatchEvent>> event = watch.NextShared();
    if (stop.stop_requested()) return WatchEnd::kStopped;
    if (!event) {
      return api::IsResourceExpired(event.error()) || api::IsGone(event.error())
                 ? WatchEnd::kExpired
                 : WatchEnd::kError;
    }
    if (!*event) return WatchEnd::kClosed;
    const std::string& type = (*event)->type;
    std::string resource_version = ResourceVersionOf(*(*event)->object);
    Result<void> stored;
    if (type == "ADDED") stored = store_.Add(std::move((*event)->object));
    else if (type == "MODIFIED") stored = store_.Update(std::move((*event)->object));
    else if (type == "DELETED") stored = store_.Delete(std::move((*event)->object));
    else if (type != "BOOKMARK") return WatchEnd::kError;
    if (!stored) return WatchEnd::kError;
    SetResourceVersion(std::move(resource_version));
  }
}

ListOptions Reflector::WatchOptions() {
  ListOptions options;
  options.resource_version = LastSyncResourceVersion();
  options.allow_watch_bookmarks = true;
  std::uniform_real_distribution<double> factor(1.0, 2.0);
  options.timeout_seconds =
      static_cast<int64_t>(static_cast<double>(options_.min_watch_timeout.count()) *
                           factor(random_));
  return options;
}

bool Reflector::Backoff(std::stop_token stop) {
  auto now = clock_->Now();
  if (now - last_backoff_ > options_.backoff_reset) backoff_ = options_.initial_backoff;
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  auto delay = backoff_ + std::chrono::duration_cast<std::chrono::nanoseconds>(
                              backoff_ * jitter(random_));
  backoff_ = std::min(backoff_ * 2, options_.max_backoff);
  last_backoff_ = now;
  return SleepOn(*clock_, delay, std::move(stop));
}

void Reflector::SetResourceVersion(std::string resource_version) {
  if (resource_version.empty()) return;
  std::lock_guard lock(mutex_);
  resource_version_ = std::move(resource_version);
}

std::string Reflector::LastSyncResourceVersion() const {
  std::lock_guard lock(mutex_);
  return resource_version_;
}

int Reflector::ListCount() const {
  std::lock_guard lock(mutex_);
  return list_count_;
}

int Reflector::WatchListCount() const {
  std::lock_guard lock(mutex_);
  return watch_list_count_;
}

}  // namespace kubefake::client::cache
