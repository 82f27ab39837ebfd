// ClusterControllers: the parts of kube-controller-manager (garbage collector, namespace
// controller), of apiextensions-apiserver (the CRD finalizer) and of the kubelet (confirming
// pod deletion) that a test of API behaviour needs,
// run inside the engine and driven by one storage watch, as the real controllers are driven by
// informers. Thread-safe.
//
// When they run: Settle() runs them until nothing is left to do (work queued by storage
// events, pods whose grace period has ended). With `after_writes`, the engine also settles at
// the end of every write request (POST, PUT, PATCH, DELETE) before answering, and a Clock
// timer settles when a grace period ends; so a client over HTTP sees namespaces and dependents
// go without anyone calling Settle, and in-process tests stay deterministic: no thread of
// ours races the test. Controller writes go through the engine's Handle (see ControllerClient)
// on the settling thread; the requests they make do not settle again (re-entrancy is detected
// per thread). Settling is serialized: a write that finishes while another thread settles
// waits for it, then settles what is left.
//
// Fidelity:
//   Emulated:  of kube-controller-manager, the garbage collector and the namespace controller;
//              of apiextensions-apiserver, the CRD finalizer (its naming, establishing and
//              discovery controllers run synchronously after CRD writes, see
//              CustomResourceDefinitionController); of the kubelet, confirming pod deletion.
//              Details in GarbageCollector, NamespaceController, CrdFinalizer and
//              PodTermination.
//   Differs:   no other kube-controller-manager controller runs (deployment, replicaset,
//              statefulset, daemonset, job, cronjob, endpoints and endpointslice, serviceaccount
//              and token, node lifecycle, horizontal pod autoscaler, persistent volume, TTL,
//              ...): the objects they would create and the status they would write stay as
//              the test writes them. Work that fails (a conflicting write) is retried at the next
//              Settle, not with backoff.
#pragma once

#include <functional>
#include <memory>
#include <mutex>

#include "apiextensions/crd_finalizer.h"
#include "controller_client.h"
#include "garbage_collector.h"
#include "kubefake/fakeserver/storage.h"
#include "namespace_controller.h"
#include "pod_termination.h"
#include "server_state.h"

namespace kubefake::fakeserver {

struct ClusterControllersOptions {
  // Settle after every write request and when a grace period ends (see above).
  bool after_writes = true;
  // Confirm pod deletions when their grace period ends (PodTermination).
  bool kubelet = true;
};

class ClusterControllers {
 public:
  // `server` must outlive this; `handle` serves the controllers' requests.
  ClusterControllers(ServerState& server, ControllerClient::Handler handle,
                     ClusterControllersOptions options);
  ~ClusterControllers();
  ClusterControllers(const ClusterControllers&) = delete;
  ClusterControllers& operator=(const ClusterControllers&) = delete;

  // Runs the controllers until no work is left. A no-op when called from a controller's own
  // request.
  void Settle();
  // Called by the engine after serving `method`: settles after writes when configured to.
  void AfterRequest(std::string_view method);

 private:
  // Guards timer callbacks against running after destruction.
  struct Liveness {
    std::mutex mutex;
    bool alive = true;
  };

  // What PodTermination's timers call: Settle, unless this has been destroyed.
  std::function<void()> TimerWake();
  void SettleLocked();
  // Feeds queued storage events to the controllers; returns whether there were any.
  bool DrainLocked();
  // Lists everything and reopens the watch (at start, and when the watch was closed).
  void ResyncLocked();
  void Observe(const StorageEvent& event);

  ServerState& server_;
  const ClusterControllersOptions options_;
  std::shared_ptr<Liveness> liveness_;
  std::mutex mutex_;
  std::unique_ptr<StorageWatch> watch_;  // guarded by mutex_
  ControllerClient gc_client_;
  ControllerClient namespace_client_;
  ControllerClient kubelet_client_;
  ControllerClient apiextensions_client_;
  GarbageCollector garbage_collector_;         // guarded by mutex_
  NamespaceController namespace_controller_;   // guarded by mutex_
  apiextensions::CrdFinalizer crd_finalizer_;  // guarded by mutex_
  PodTermination pod_termination_;             // guarded by mutex_
};

}  // namespace kubefake::fakeserver
