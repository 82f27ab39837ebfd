// Deleting one object as the generic registry does (R4.2-R4.5, R4.9): preconditions, the
// garbage-collection finalizers a propagation policy asks for, marking an object with
// finalizers as deleting instead of removing it, and what the response carries. Shared by
// DELETE and deletecollection. Thread-compatible.
//
// Fidelity:
//   Emulated:  uid and resourceVersion preconditions with the Kind-based Conflict (R4.2);
//              Orphan/Foreground/Background finalizer handling (R4.5); deletionTimestamp,
//              deletionGracePeriodSeconds 0 and the one-time generation bump when deletion
//              starts (R4.3); a repeated DELETE of a pending object changes nothing (R4.3.5);
//              ReturnDeletedObject resources answer the object, others a success Status
//              (R4.4); namespaces become Terminating and keep their `kubernetes` finalizer,
//              default/kube-system/kube-public cannot be deleted (R4.9).
//   Differs:   graceful deletion (pods with a grace period) completes at once, as if the
//              kubelet had confirmed it; garbage collection and the namespace controller are
//              not run, so objects keep orphan/foregroundDeletion finalizers and namespaces
//              stay Terminating until a test removes the finalizers.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "kubefake/api/object.h"
#include "kubefake/api/result.h"
#include "request_options.h"
#include "request_scope.h"

namespace kubefake::fakeserver {

struct DeletionOutcome {
  // The object after the call: the last state when it was removed, or its current state
  // (with deletionTimestamp) when deletion is pending.
  api::Object object;
  bool removed = false;
};

// Deletes (or starts deleting) the object at `key`. With options.dry_run nothing is written.
// Errors: NotFound; Conflict on a failed precondition or a namespace already terminating;
// Forbidden for the system namespaces.
Result<DeletionOutcome> DeleteObject(RequestScope& scope, const std::string& key,
                                     const DeleteOptions& options);

// The body a DELETE answers with for `outcome` (R4.4).
nlohmann::json DeleteResponseBody(const RequestScope& scope, const DeletionOutcome& outcome);

}  // namespace kubefake::fakeserver
