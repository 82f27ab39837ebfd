// SharedIndexInformer: the Reflector fills the DeltaFifo; the Run thread pops deltas into the
// Indexer and fans notifications out to the handlers' listeners (client-go's
// sharedIndexInformer.HandleDeltas and sharedProcessor).
#include "kubefake/client/cache/shared_index_informer.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "processor_listener.h"
#include "resource_version_of.h"

namespace kubefake::client::cache {

using Notification = ProcessorListener::Notification;

struct HandlerRegistration::Shared {
  Shared(ListWatch source, std::shared_ptr<api::Clock> time, std::chrono::nanoseconds resync,
         Indexers indexers, ReflectorOptions options)
      : clock(std::move(time)),
        default_resync(resync),
        indexer(MetaNamespaceKeyFunc, std::move(indexers)),
        fifo(&indexer),
        list_watch(std::move(source)),
        reflector_options(std::move(options)) {}

  Result<ObjectPtr> Transform(const ObjectPtr& object) const {
    if (!transform) return object;
    Result<nlohmann::json> transformed = transform(*object);
    if (!transformed) return Fail(transformed.error());
    return std::make_shared<const nlohmann::json>(std::move(*transformed));
  }

  // Called under the DeltaFifo's lock, so listeners and the indexer change in step with it.
  void HandleDeltas(const Deltas& deltas, bool is_in_initial_list) {
    std::lock_guard lock(mutex);
    for (const Delta& delta : deltas) {
      if (delta.type == DeltaType::kDeleted) {
        Result<std::string> key = MetaNamespaceKeyFunc(*delta.object);
        if (!key) continue;
        ObjectPtr object = delta.object;
        if (!delta.final_state_unknown) {
          Result<ObjectPtr> transformed = Transform(object);
          if (!transformed) continue;
          object = *transformed;
        }
        indexer.DeleteByKey(*key);
        DistributeLocked({Notification::Kind::kDelete, nullptr, object, delta.final_state_unknown},
                         false);
        continue;
      }
      ObjectPtr object = delta.object;
      if (delta.type != DeltaType::kSync) {
        Result<ObjectPtr> transformed = Transform(object);
        if (!transformed) continue;
        object = *transformed;
      }
      Result<ObjectPtr> old = indexer.AddShared(object);
      if (!old) continue;
      if (*old != nullptr) {
        bool is_sync = delta.type == DeltaType::kSync ||
                       (delta.type == DeltaType::kReplaced &&
                        ResourceVersionOf(**old) == ResourceVersionOf(*object));
        DistributeLocked({Notification::Kind::kUpdate, *old, object, false}, is_sync);
      } else {
        DistributeLocked({Notification::Kind::kAdd, nullptr, object, is_in_initial_list}, false);
      }
    }
  }

  // A sync notification goes only to the listeners whose resync is due.
  void DistributeLocked(const Notification& notification, bool is_sync) {
    for (const std::shared_ptr<ProcessorListener>& listener : is_sync ? syncing : listeners) {
      listener->Add(notification);
    }
  }

  // The Reflector's should_resync: picks the listeners whose resync is due.
  bool ShouldResync() {
    std::lock_guard lock(mutex);
    auto now = clock->Now();
    syncing.clear();
    for (const std::shared_ptr<ProcessorListener>& listener : listeners) {
      if (!listener->ResyncDue(now)) continue;
      syncing.push_back(listener);
      listener->ScheduleNextResync(now);
    }
    return !syncing.empty();
  }

  std::chrono::nanoseconds ResyncCheckPeriodLocked() const {
    std::chrono::nanoseconds period{};
    for (const std::shared_ptr<ProcessorListener>& listener : listeners) {
      auto p = listener->resync_period();
      if (p > std::chrono::nanoseconds::zero() && (period.count() == 0 || p < period)) period = p;
    }
    return period;
  }

  std::shared_ptr<api::Clock> clock;
  std::chrono::nanoseconds default_resync;
  Indexer indexer;
  DeltaFifo fifo;
  ListWatch list_watch;
  ReflectorOptions reflector_options;
  TransformFunc transform;  // set before Run
  std::unique_ptr<Reflector> reflector;  // set by Run before `started`

  mutable std::mutex mutex;
  bool started = false;                                       // guarded by mutex
  bool stopped = false;                                       // guarded by mutex
  std::vector<std::shared_ptr<ProcessorListener>> listeners;  // guarded by mutex
  std::vector<std::shared_ptr<ProcessorListener>> syncing;    // guarded by mutex
};

HandlerRegistration::HandlerRegistration(std::shared_ptr<Shared> informer,
                                         std::shared_ptr<ProcessorListener> listener)
    : informer_(std::move(informer)), listener_(std::move(listener)) {}

HandlerRegistration::~HandlerRegistration() {
  {
    std::lock_guard lock(informer_->mutex);
    std::erase(informer_->listeners, listener_);
    std::erase(informer_->syncing, listener_);
  }
  listener_->Stop();
}

bool HandlerRegistration::HasSynced() const {
  return informer_->fifo.HasSynced() && listener_->InitialListHandled();
}

bool HandlerRegistration::WaitForSync(std::stop_token stop,
                                      std::chrono::steady_clock::time_point deadline) const {
  return informer_->fifo.WaitForSynced(stop, deadline) &&
         listener_->WaitForInitialListHandled(stop, deadline);
}

SharedIndexInformer::SharedIndexInformer(ListWatch list_watch, std::shared_ptr<api::Clock> clock,
                                         std::chrono::nanoseconds default_resync,
                                         Indexers indexers, ReflectorOptions options)
    : shared_(std::make_shared<HandlerRegistration::Shared>(std::move(list_watch),
                                                            std::move(clock), default_resync,
                                                            std::move(indexers),
                                                            std::move(options))) {}

SharedIndexInformer::~SharedIndexInformer() = default;

Result<std::unique_ptr<HandlerRegistration>> SharedIndexInformer::AddEventHandler(
    ResourceEventHandler handler) {
  return AddEventHandler(std::move(handler), shared_->default_resync);
}

Result<std::unique_ptr<HandlerRegistration>> SharedIndexInformer::AddEventHandler(
    ResourceEventHandler handler, std::chrono::nanoseconds resync_period) {
  std::lock_guard lock(shared_->mutex);
  if (shared_->stopped) {
    return Fail(api::NewBadRequest(
        "handler was not added to shared informer because it has stopped already"));
  }
  if (shared_->started && resync_period > std::chrono::nanoseconds::zero()) {
    resync_period = std::max(resync_period, shared_->reflector_options.resync_period);
  }
  auto listener = std::make_shared<ProcessorListener>(std::move(handler), resync_period);
  listener->ScheduleNextResync(shared_->clock->Now());
  shared_->listeners.push_back(listener);
  if (shared_->started) {
    for (const ObjectPtr& object : shared_->indexer.List()) {
      listener->Add({Notification::Kind::kAdd, nullptr, object, true});
    }
  }
  return std::unique_ptr<HandlerRegistration>(new HandlerRegistration(shared_, listener));
}

Result<void> SharedIndexInformer::AddIndexers(Indexers indexers) {
  std::lock_guard lock(shared_->mutex);
  if (shared_->started) return Fail(api::NewBadRequest("informer has already started"));
  return shared_->indexer.AddIndexers(std::move(indexers));
}

Result<void> SharedIndexInformer::SetTransform(TransformFunc transform) {
  std::lock_guard lock(shared_->mutex);
  if (shared_->started) return Fail(api::NewBadRequest("informer has already started"));
  shared_->transform = std::move(transform);
  return {};
}

const Indexer& SharedIndexInformer::GetIndexer() const { return shared_->indexer; }

void SharedIndexInformer::Run(std::stop_token stop) {
  HandlerRegistration::Shared& shared = *shared_;
  {
    std::lock_guard lock(shared.mutex);
    if (shared.started || shared.stopped) return;
    ReflectorOptions options = shared.reflector_options;
    options.resync_period = shared.ResyncCheckPeriodLocked();
    options.should_resync = [&shared] { return shared.ShouldResync(); };
    shared.reflector_options.resync_period = options.resync_period;
    shared.reflector =
        std::make_unique<Reflector>(shared.list_watch, shared.fifo, shared.clock, std::move(options));
    shared.started = true;
  }
  std::jthread reflector([&shared](std::stop_token reflector_stop) {
    shared.reflector->Run(std::move(reflector_stop));
  });
  std::stop_callback close_fifo(stop, [&shared] { shared.fifo.Close(); });
  std::stop_callback stop_reflector(stop, [&reflector] { reflector.request_stop(); });
  auto process = [&shared](const Deltas& deltas, bool is_in_initial_list) {
    shared.HandleDeltas(deltas, is_in_initial_list);
  };
  while (shared.fifo.Pop(process)) {
  }
  reflector.request_stop();
  reflector.join();
  std::vector<std::shared_ptr<ProcessorListener>> listeners;
  {
    std::lock_guard lock(shared.mutex);
    shared.stopped = true;
    listeners = shared.listeners;
  }
  for (const std::shared_ptr<ProcessorListener>& listener : listeners) listener->Stop();
}

bool SharedIndexInformer::HasSynced() const { return shared_->fifo.HasSynced(); }

bool SharedIndexInformer::WaitForSync(std::stop_token stop,
                                      std::chrono::steady_clock::time_point deadline) const {
  return shared_->fifo.WaitForSynced(std::move(stop), deadline);
}

bool SharedIndexInformer::IsStopped() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->stopped;
}

std::string SharedIndexInformer::LastSyncResourceVersion() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->reflector ? shared_->reflector->LastSyncResourceVersion() : std::string();
}

int SharedIndexInformer::ListCount() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->reflector ? shared_->reflector->ListCount() : 0;
}

int SharedIndexInformer::WatchListCount() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->reflector ? shared_->reflector->WatchListCount() : 0;
}

bool WaitForCacheSync(std::stop_token stop, std::chrono::steady_clock::time_point deadline,
                      const std::vector<const SharedIndexInformer*>& informers) {
  return std::all_of(informers.begin(), informers.end(), [&](const SharedIndexInformer* informer) {
    return informer->WaitForSync(stop, deadline);
  });
}

}  // namespace kubefake::client::cache
