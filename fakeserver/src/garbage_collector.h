// GarbageCollector: kube-controller-manager's garbage collector (pkg/controller/
// garbagecollector) inside the engine. It keeps an index of ownerReferences (owner uid ->
// dependents) fed by storage events, and acts on the objects those events make interesting.
// Thread-hostile: ClusterControllers calls it under its own lock.
//
// Fidelity:
//   Emulated:  attemptToDeleteItem: a dependent whose owners are all gone (absent, or present
//              with another uid) or waiting for dependents is deleted with a uid precondition,
//              Foreground when it has dependents of its own and an owner waits for it,
//              otherwise by its own GC finalizers, else Background; a dependent with a live
//              owner only loses its references to gone or waiting owners. Foreground: an owner
//              with deletionTimestamp and `foregroundDeletion` gets its dependents deleted and
//              loses the finalizer once no dependent with blockOwnerDeletion is left.
//              Orphan: an owner with deletionTimestamp and `orphan` has its references removed
//              from every dependent, then loses the finalizer. Owners are looked up by
//              apiVersion, kind, name (in the dependent's namespace when namespaced) and uid, so
//              a cluster-scoped dependent of a namespaced owner is collected as the real one is.
//   Differs:   writes are PUTs with the object's resourceVersion instead of (merge or
//              strategic merge) patches, with the same effect; an owner reference whose kind
//              is not served is kept (the real collector retries it with backoff and logs);
//              the owner-reference cycle unblocking of attemptToDeleteItem is not emulated; a
//              write that fails is retried at the next Settle, not with backoff.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "controller_client.h"
#include "kubefake/api/object.h"
#include "kubefake/fakeserver/storage.h"
#include "server_state.h"

namespace kubefake::fakeserver {

class GarbageCollector {
 public:
  // `server` and `client` must outlive the collector.
  GarbageCollector(ServerState& server, const ControllerClient& client);

  // Updates the ownership index with one change and queues what it makes interesting.
  void Observe(const StorageEvent& event);
  // Forgets everything (before a full resync replays the state as kAdded events).
  void Reset();
  // Queues again the work that failed at the last ProcessQueued.
  void Retry();
  // Processes what is queued. Returns false when nothing was queued.
  bool ProcessQueued();

 private:
  enum class OwnerState { kSolid, kDangling, kWaitingForDependents };

  void Index(const std::string& key, const api::Object& object);
  void Unindex(const std::string& key);
  void Process(const std::string& key);
  void ProcessDependent(const std::string& key, const api::Object& object);
  void ProcessDeletingDependents(const std::string& key, const api::Object& owner);
  void ProcessOrphaning(const std::string& key, const api::Object& owner);
  // The key of the owner `ref` of `dependent`, or nullopt when its kind is not served.
  std::optional<std::string> OwnerKey(const api::Object& dependent,
                                      const nlohmann::json& ref) const;
  OwnerState Classify(const api::Object& dependent, const nlohmann::json& ref) const;
  // The stored dependents that still reference `uid`.
  std::vector<KeyValue> DependentsOf(const std::string& uid) const;
  // The served resource of the object's apiVersion and kind, or nullptr.
  api::ResourceCatalog::Entry ResourceOf(const api::Object& object) const;
  bool Delete(const api::Object& object, std::string_view policy);
  bool Update(const api::Object& object);

  ServerState& server_;
  const ControllerClient& client_;
  std::map<std::string, std::set<std::string>> dependents_;  // owner uid -> dependent keys
  std::map<std::string, std::vector<std::string>> owners_;   // dependent key -> owner uids
  std::set<std::string> queued_;
  std::set<std::string> failed_;
};

}  // namespace kubefake::fakeserver
