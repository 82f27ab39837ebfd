// CustomResourceDefinitionController: the apiextensions-apiserver controllers that turn stored
// CRDs into served resources, run synchronously after every CRD write instead of from
// informers: the naming controller (status.acceptedNames, NamesAccepted), the establishing
// controller (Established), the discovery controller and the handler's storage map (catalog
// entries with their serving data). The finalizer controller that empties a deleted CRD is
// CrdFinalizer, run with the cluster controllers. Thread-safe: Sync runs one at a time.
//
// Fidelity:
//   Emulated:  names are accepted first come, first served (by creationTimestamp) within a
//              group: a plural, singular or short name another CRD of the group accepted gives
//              NamesAccepted False with reason PluralConflict, SingularConflict or
//              ShortNamesConflict and `"<name>" is already in use`, a kind or list kind
//              KindConflict or ListKindConflict; otherwise NamesAccepted True (NoConflicts, `no
//              conflicts found`) and Established True (InitialNamesAccepted, `the initial names
//              have been accepted`), never set back to False. Every served version of a CRD
//              whose names are accepted is in the catalog, so discovery and OpenAPI follow at
//              once (R9.2, R9.5, R10.2); changing the CRD re-registers it. A terminating CRD
//              (Terminating True) stays served until it is gone, with discovery verbs
//              `delete, deletecollection, get, list, watch`; its endpoints go with it, and its
//              objects stay in storage if they outlive it (a finalizer removed by hand), to
//              reappear when the CRD is created again, as in etcd.
//   Differs:   establishment is immediate: there is no Installing phase and no 2 s create
//              delay. Names are not checked against built-in resources of the same group
//              (neither are they upstream); a version the catalog refuses is not served.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "apiextensions/custom_resource_version.h"
#include "server_state.h"

namespace kubefake::fakeserver::apiextensions {

class CustomResourceDefinitionController {
 public:
  // `state` must outlive the controller.
  explicit CustomResourceDefinitionController(ServerState& state) : state_(state) {}

  // Brings CRD status, the catalog and custom objects in line with the stored CRDs.
  void Sync();

 private:
  struct Registration {
    std::string resource_version;  // of the CRD the entries were built from
    std::vector<api::GroupVersionResource> served;
  };

  void Unregister(const Registration& registration);

  ServerState& state_;
  std::mutex mutex_;
  std::map<std::string, Registration> registered_;  // by CRD name; guarded by mutex_
};

}  // namespace kubefake::fakeserver::apiextensions
