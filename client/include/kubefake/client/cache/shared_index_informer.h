// SharedIndexInformer: one Reflector, DeltaFifo and Indexer for a resource, shared by any number
// of event handlers, client-go's cache.SharedIndexInformer. Objects are unstructured JSON;
// Informer<T> (informer.h) is the typed view. Thread-safe; Run is called once.
//
// Usage:
//   cache::SharedIndexInformer informer(cache::NewDynamicListWatch(pods), clock);
//   auto registration = informer.AddEventHandler({.on_add = ..., .on_delete = ...});
//   std::jthread runner([&](std::stop_token stop) { informer.Run(stop); });
//   if (!cache::WaitForCacheSync(runner.get_stop_token(), deadline, {&informer})) { ... }
//   for (const cache::ObjectPtr& pod : informer.GetIndexer().List()) { ... }
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <vector>

#include "kubefake/api/clock.h"
#include "kubefake/api/result.h"
#include "kubefake/client/cache/delta_fifo.h"
#include "kubefake/client/cache/indexer.h"
#include "kubefake/client/cache/list_watch.h"
#include "kubefake/client/cache/reflector.h"
#include "kubefake/client/cache/resource_event_handler.h"

namespace kubefake::client::cache {

class ProcessorListener;

// Transforms each object before it is stored and handed out (client-go's TransformFunc), e.g.
// to drop managedFields. Not applied to the last known state of a final-state-unknown deletion.
using TransformFunc = std::function<Result<nlohmann::json>(nlohmann::json)>;

// The handle of one AddEventHandler. Destroying it removes the handler (after the call in
// progress, if any).
class HandlerRegistration {
 public:
  ~HandlerRegistration();
  HandlerRegistration(const HandlerRegistration&) = delete;
  HandlerRegistration& operator=(const HandlerRegistration&) = delete;

  // True once the informer has synced and this handler has handled every add of the initial
  // list (or of the state replayed to it when added late).
  bool HasSynced() const;
  // Blocks until HasSynced, `stop` is requested or `deadline` (real time) passes; returns
  // HasSynced().
  bool WaitForSync(std::stop_token stop, std::chrono::steady_clock::time_point deadline) const;

 private:
  friend class SharedIndexInformer;
  struct Shared;
  HandlerRegistration(std::shared_ptr<Shared> informer, std::shared_ptr<ProcessorListener> listener);
  std::shared_ptr<Shared> informer_;
  std::shared_ptr<ProcessorListener> listener_;
};

class SharedIndexInformer {
 public:
  // `default_resync`: the resync period of handlers added without one (0: no resync).
  // `options` tune the Reflector (its resync fields are set by the informer).
  SharedIndexInformer(ListWatch list_watch, std::shared_ptr<api::Clock> clock,
                      std::chrono::nanoseconds default_resync = {}, Indexers indexers = {},
                      ReflectorOptions options = {});
  ~SharedIndexInformer();
  SharedIndexInformer(const SharedIndexInformer&) = delete;
  SharedIndexInformer& operator=(const SharedIndexInformer&) = delete;

  // Adds a handler, at any time before the informer stops. A handler added after the informer
  // started first receives the current cache content as adds (is_in_initial_list true).
  // `resync_period` below the informer's check period is raised to it once running (client-go);
  // 0 means no resync for this handler.
  // Errors: BadRequest once the informer has stopped (the handler would never be called).
  Result<std::unique_ptr<HandlerRegistration>> AddEventHandler(
      ResourceEventHandler handler, std::chrono::nanoseconds resync_period);
  Result<std::unique_ptr<HandlerRegistration>> AddEventHandler(ResourceEventHandler handler);

  // Errors: BadRequest `informer has already started` (as client-go), or the Indexer's.
  Result<void> AddIndexers(Indexers indexers);
  // Errors: BadRequest `informer has already started`.
  Result<void> SetTransform(TransformFunc transform);

  // The cache. Objects in it are what handlers received.
  const Indexer& GetIndexer() const;

  // Runs the Reflector and delivers deltas to the handlers until `stop` is requested; returns
  // once every thread it started has ended and every handler has been stopped.
  void Run(std::stop_token stop);

  // True once the first sync has been fully delivered to the cache.
  bool HasSynced() const;
  // Blocks until HasSynced, `stop` is requested, the informer stops or `deadline` (real time)
  // passes; returns HasSynced().
  bool WaitForSync(std::stop_token stop, std::chrono::steady_clock::time_point deadline) const;
  bool IsStopped() const;
  // The Reflector's resourceVersion ("" before the first sync).
  std::string LastSyncResourceVersion() const;
  // How many times the Reflector synced (LIST, WatchList): lets tests tell a resume from a
  // relist.
  int ListCount() const;
  int WatchListCount() const;

 private:
  std::shared_ptr<HandlerRegistration::Shared> shared_;
};

// cache.WaitForCacheSync: true once every informer has synced; false when `stop` is requested
// or `deadline` (real time) passes first.
bool WaitForCacheSync(std::stop_token stop, std::chrono::steady_clock::time_point deadline,
                      const std::vector<const SharedIndexInformer*>& informers);

}  // namespace kubefake::client::cache
