// CrdFinalizer: apiextensions-apiserver's finalizer controller (pkg/controller/finalizer/
// crd_finalizer.go) inside the engine: it deletes the custom objects of a deleted CRD, then
// removes the customresourcecleanup finalizer so that the CRD and its endpoints go. Fed by
// storage events, run by ClusterControllers. Thread-hostile: ClusterControllers calls it under
// its own lock.
//
// Fidelity:
//   Emulated:  the CRD storage's first DELETE adds the finalizer, sets deletionTimestamp (no
//              grace period, no garbage-collection finalizers) and Terminating True
//              (InstanceDeletionPending, `CustomResourceDefinition marked for deletion;
//              CustomResource deletion will begin soon`) (R4.10); this controller then writes
//              through /status Terminating True (InstanceDeletionInProgress, `CustomResource
//              deletion is in progress`), deletes every custom object with default options
//              (honouring their finalizers: objects with finalizers stay Terminating and the
//              CRD waits for them), and once none is left writes Terminating False
//              (InstanceDeletionCompleted, `removed all instances`) and drops the finalizer; a
//              CRD never established gets Terminating False (NeverEstablished, `resource was
//              never established`) and goes at once. While Terminating is True a POST of a
//              custom object answers 405 `create not allowed while custom resource definition
//              is terminating` (Kubernetes 1.33: server-side apply may still create).
//   Differs:   deletion never fails here and the controller waits for finalizers without the
//              upstream one-minute poll, so InstanceDeletionFailed and InstanceDeletionCheck are
//              never reported; a CRD whose versions are all unserved has its objects removed
//              from storage directly, without their finalizers.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "controller_client.h"
#include "kubefake/fakeserver/storage.h"
#include "server_state.h"

namespace kubefake::fakeserver::apiextensions {

// apiextensions.CustomResourceCleanupFinalizer.
inline constexpr std::string_view kCustomResourceCleanupFinalizer =
    "customresourcecleanup.apiextensions.k8s.io";

class CrdFinalizer {
 public:
  // `server` and `client` must outlive the controller.
  CrdFinalizer(ServerState& server, const ControllerClient& client);

  // Tracks CRDs being deleted and queues one when it or one of its objects changes.
  void Observe(const StorageEvent& event);
  void Reset();
  // Processes the queued CRDs. Returns false when nothing was queued.
  bool ProcessQueued();

 private:
  void Process(const std::string& name);

  ServerState& server_;
  const ControllerClient& client_;
  std::map<std::string, api::GroupResource> terminating_;  // CRD name -> its resource
  std::set<std::string> queued_;
};

}  // namespace kubefake::fakeserver::apiextensions
