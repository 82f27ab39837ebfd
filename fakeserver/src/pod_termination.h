// PodTermination: the kubelet's part in deleting a pod. A bound pod deleted with a grace
// period stays Terminating until a kubelet confirms with a DELETE of grace 0; this stands in
// for the kubelets by sending that DELETE (with the pod's uid as precondition) once the pod's
// deletionTimestamp has passed on the engine's Clock. Fed by storage events.
// Thread-hostile: ClusterControllers calls it under its own lock.
//
// Fidelity:
//   Emulated:  the pod disappears when its grace period ends (R4.7): watchers see MODIFIED
//              with deletionTimestamp and deletionGracePeriodSeconds, then MODIFIED with grace
//              0, then DELETED, as with a real kubelet.
//   Differs:   containers, status updates and preStop hooks are not modelled: the kubelet
//              deletes exactly at deletionTimestamp, never earlier.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "controller_client.h"
#include "kubefake/api/clock.h"
#include "kubefake/fakeserver/storage.h"
#include "server_state.h"

namespace kubefake::fakeserver {

class PodTermination {
 public:
  // `server` and `client` must outlive this. `wake`, when set, is called from a Clock timer
  // when a grace period ends (so that Settle runs without a request); it must not be called
  // after this object is destroyed: see ClusterControllers.
  PodTermination(ServerState& server, const ControllerClient& client, std::function<void()> wake);

  void Observe(const StorageEvent& event);
  void Reset();
  // Confirms the deletion of every pod whose grace period has ended. Returns false when there
  // was none.
  bool ProcessDue();

 private:
  struct Terminating {
    std::string ns, name, uid;
    std::chrono::system_clock::time_point deadline;
    std::unique_ptr<api::Timer> timer;
  };

  ServerState& server_;
  const ControllerClient& client_;
  std::function<void()> wake_;
  std::map<std::string, Terminating> pods_;  // by storage key
};

}  // namespace kubefake::fakeserver
