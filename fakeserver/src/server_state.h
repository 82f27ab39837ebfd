// ServerState: what every handler of one ApiServer shares: the clock, the storage, the served
// catalog and the identity generator. Thread-safe: the catalog is read under a shared lock
// (CRDs change it at run time), everything else is thread-safe itself.
#pragma once

#include <memory>
#include <shared_mutex>

#include "identity_generator.h"
#include "kubefake/api/clock.h"
#include "kubefake/api/resource_catalog.h"
#include "kubefake/fakeserver/storage.h"

namespace kubefake::fakeserver {

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
  api::ResourceCatalog CatalogSnapshot() const {
    std::shared_lock lock(catalog_mutex_);
    return catalog_;
  }

  api::Clock& clock;
  Storage& storage;
  IdentityGenerator identity;

 private:
  mutable std::shared_mutex catalog_mutex_;
  api::ResourceCatalog catalog_;  // guarded by catalog_mutex_
};

}  // namespace kubefake::fakeserver
