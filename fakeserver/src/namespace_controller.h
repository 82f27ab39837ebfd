// NamespaceController: kube-controller-manager's namespace controller (pkg/controller/
// namespace/deletion) inside the engine: it empties a Terminating namespace and finalizes it.
// Fed by storage events. Thread-hostile: ClusterControllers calls it under its own lock.
//
// Fidelity:
//   Emulated:  for a namespace with deletionTimestamp and `kubernetes` in spec.finalizers:
//              every namespaced object in it is deleted with propagationPolicy Background
//              (honouring its finalizers and, for pods, grace periods); the five deletion
//              conditions (NamespaceDeletionDiscoveryFailure, ...GroupVersionParsingFailure,
//              ...ContentFailure, NamespaceContentRemaining, NamespaceFinalizersRemaining) are
//              written through /status with the real reasons and messages (`Some resources
//              are remaining: pods. has 1 resource instances`, `Some content in the namespace
//              has finalizers remaining: example.com/x in 1 resource instances`); lastTransition
//              Time moves only when a status flips; once nothing is left, `kubernetes` is
//              removed through PUT /finalize and the namespace goes with it (R4.9).
//   Differs:   discovery and deletion never fail here, so the first three conditions are
//              always False; a namespace whose spec.finalizers holds only other tokens waits
//              for whoever owns them, as in a cluster.
#pragma once

#include <set>
#include <string>

#include "controller_client.h"
#include "kubefake/fakeserver/storage.h"
#include "server_state.h"

namespace kubefake::fakeserver {

class NamespaceController {
 public:
  // `server` and `client` must outlive the controller.
  NamespaceController(ServerState& server, const ControllerClient& client);

  // Tracks terminating namespaces and queues one when anything in it changes.
  void Observe(const StorageEvent& event);
  void Reset();
  // Processes the queued namespaces. Returns false when nothing was queued.
  bool ProcessQueued();

 private:
  void Process(const std::string& name);

  ServerState& server_;
  const ControllerClient& client_;
  std::set<std::string> terminating_;
  std::set<std::string> queued_;
};

}  // namespace kubefake::fakeserver
