// ApiServer: the fake kube-apiserver engine. It takes a Request value and returns a Response
// value (or an open watch stream): no sockets. The HTTP front end and the in-process transport
// both call Handle, so both doors share this one implementation of API semantics.
// Thread-safe: Handle may be called from any number of threads.
//
// Fidelity: see the Fidelity notes of the components in fakeserver/src/ (request parsing,
// negotiation, body decoding, resource strategies, handlers, the cluster controllers of
// cluster_controllers.h) and of Storage.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "kubefake/api/clock.h"
#include "kubefake/api/group_version.h"
#include "kubefake/api/resource_catalog.h"
#include "kubefake/fakeserver/request.h"
#include "kubefake/fakeserver/storage.h"

namespace kubefake::fakeserver {

class ActionRecorder;  // kubefake/fakeserver/action_recorder.h
class FaultInjector;   // kubefake/fakeserver/faults.h

struct ApiServerOptions {
  // The clock for timestamps, bookmarks and timeouts. Not owned; must outlive the server.
  // nullptr: a RealClock owned by the server.
  api::Clock* clock = nullptr;
  // nullptr: an InMemoryStorage with its default options.
  std::unique_ptr<Storage> storage;
  // Which built-in group-versions to serve. By default those a 1.33 cluster serves without
  // feature gates: every GA (v1, v2) group-version (IsServedByDefault). `enabled` adds alpha
  // or beta ones ({"resource.k8s.io", "v1beta1"}); `serve_all` serves every group-version in
  // the catalog; `disabled` then removes some (also GA ones). ParseRuntimeConfig fills them
  // from kube-apiserver's --runtime-config syntax.
  std::vector<api::GroupVersion> enabled;
  std::vector<api::GroupVersion> disabled;
  bool serve_all = false;
  // Seed for uids and generateName suffixes; 0 picks a random seed.
  uint64_t random_seed = 0;
  // The emulated cluster controllers (garbage collector, namespace controller, kubelets
  // confirming pod deletion) settle at the end of every write request and when a pod's grace
  // period ends on the clock, as a cluster would act on its own. false: they run only in
  // Settle(), so a test can look at every intermediate state.
  bool settle_after_writes = true;
  // Stand in for kubelets: a bound pod deleted with a grace period is removed once the period
  // has passed on the clock. false: pods stay Terminating until deleted with
  // gracePeriodSeconds=0, as in a cluster whose nodes are gone.
  bool kubelet = true;
  // Record every request as an Action (actions()); off by default, as it copies each
  // request's body. The system namespaces' creation at start is never recorded.
  bool record_actions = false;
};

class ApiServer {
 public:
  // Builds the engine with the built-in catalog and the system namespaces (default,
  // kube-system, kube-public, kube-node-lease) already created.
  explicit ApiServer(ApiServerOptions options = {});
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Serves one request. Never throws; every failure is a Status response. A watch answers
  // with Response::stream, which uses the server's clock and storage: destroy it before the
  // server.
  Response Handle(const Request& request);

  // Runs garbage collection, namespace cleanup and the confirmation of pod deletions whose
  // grace period has ended on the clock, until nothing is left to do. Settling is serialized
  // (with the settling after writes too), so when Settle returns, what the writes before it
  // set in motion has finished. Thread-safe.
  void Settle();

  // The resources served now (built-ins and, later, CRDs); a snapshot.
  api::ResourceCatalog Catalog() const;
  Storage& storage();
  api::Clock& clock();

  // Fault injection for the requests of both doors (include kubefake/fakeserver/faults.h).
  FaultInjector& faults();
  // The recorded requests (include kubefake/fakeserver/action_recorder.h); empty unless
  // recording is on.
  ActionRecorder& actions();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kubefake::fakeserver
