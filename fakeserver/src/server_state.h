// ServerState: what every handler of one ApiServer shares: the clock, the storage, the served
// catalog (with the serving data of its custom resources) and the identity generator.
// Thread-safe: the catalog is read under a shared lock (CRDs change it at run time),
// everything else is thread-safe itself.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>

#include "identity_generator.h"
#include "kubefake/api/clock.h"
#include "kubefake/api/resource_catalog.h"
#include "kubefake/api/result.h"
#include "kubefake/fakeserver/storage.h"
#include "watch_frame_cache.h"

namespace kubefake::fakeserver {

namespace apiextensions {
struct CustomResourceVersion;
}

struct ServerState {
  ServerState(api::Clock& server_clock, Storage& server_storage, api::ResourceCatalog catalog,
              uint64_t seed)
      : clock(server_clock),
        storage(server_storage),
        identity(seed),
        catalog_(std::move(catalog)) {}

  api::ResourceCatalog::Entry FindResource(const api::GroupVersionResource& gvr) const {
    std::shared_lock lock(catalog_mutex_);
    return catalog_.Find(gvr);
  }
  // The served resource of kind `gvk`, or nullptr.
  api::ResourceCatalog::Entry FindResourceByKind(const api::GroupVersionKind& gvk) const {
    std::shared_lock lock(catalog_mutex_);
    return catalog_.FindByKind(gvk);
  }
  using CustomResourceMap = std::map<api::GroupVersionResource,
                                     std::shared_ptr<const apiextensions::CustomResourceVersion>>;

  // A copy of the served catalog; `generation`, when given, receives its CatalogGeneration and
  // `custom` the serving data of its custom resources.
  api::ResourceCatalog CatalogSnapshot(uint64_t* generation = nullptr,
                                       CustomResourceMap* custom = nullptr) const {
    std::shared_lock lock(catalog_mutex_);
    if (generation != nullptr) *generation = catalog_generation_;
    if (custom != nullptr) *custom = custom_;
    return catalog_;
  }
  // Bumped by every change of the served catalog, so that what is rendered from it (discovery
  // and OpenAPI documents) can be cached per generation.
  uint64_t CatalogGeneration() const {
    std::shared_lock lock(catalog_mutex_);
    return catalog_generation_;
  }
  // The serving data of custom resource `gvr`; nullptr for built-ins and unknown resources.
  std::shared_ptr<const apiextensions::CustomResourceVersion> FindCustomResource(
      const api::GroupVersionResource& gvr) const {
    std::shared_lock lock(catalog_mutex_);
    auto it = custom_.find(gvr);
    return it == custom_.end() ? nullptr : it->second;
  }
  // Serves a new resource (a CRD version, with its serving data `custom`).
  // Errors: as ResourceCatalog::Add.
  Result<void> AddResource(api::ResourceInfo resource,
                           std::shared_ptr<const apiextensions::CustomResourceVersion> custom = {}) {
    std::unique_lock lock(catalog_mutex_);
    const api::GroupVersionResource gvr = resource.GetGroupVersionResource();
    Result<void> added = catalog_.Add(std::move(resource));
    if (!added) return added;
    ++catalog_generation_;
    if (custom) custom_[gvr] = std::move(custom);
    return added;
  }
  // Stops serving `gvr`. Errors: NotFound.
  Result<void> RemoveResource(const api::GroupVersionResource& gvr) {
    std::unique_lock lock(catalog_mutex_);
    Result<void> removed = catalog_.Remove(gvr);
    if (removed) ++catalog_generation_;
    custom_.erase(gvr);
    return removed;
  }

  api::Clock& clock;
  Storage& storage;
  IdentityGenerator identity;
  WatchFrameCache watch_frames;  // shared by the watch streams of this server

 private:
  mutable std::shared_mutex catalog_mutex_;
  api::ResourceCatalog catalog_;     // guarded by catalog_mutex_
  uint64_t catalog_generation_ = 1;  // guarded by catalog_mutex_
  CustomResourceMap custom_;  // guarded by catalog_mutex_
};

}  // namespace kubefake::fakeserver
