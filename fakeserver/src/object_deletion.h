// Deleting one object as the generic registry does (R4.2-R4.5, R4.7, R4.9): preconditions,
// graceful deletion, the garbage-collection finalizers a propagation policy asks for, marking
// an object with finalizers as deleting instead of removing it, and what the response
// carries. Shared by DELETE, deletecollection, pods/eviction and the cluster controllers.
// Thread-compatible.
//
// Fidelity:
//   Emulated:  uid and resourceVersion preconditions with the Kind-based Conflict (R4.2);
//              Orphan/Foreground/Background finalizers from the options, else from the
//              object's own GC finalizers, else the resource's default policy (Orphan for v1
//              ReplicationControllers, batch/v1 Jobs and the deprecated workload versions,
//              Background for everything else) (R4.5); graceful deletion of pods with the
//              store's two steps for grace 0 (the deletion marks are written, then the pod is
//              removed: watchers see MODIFIED then DELETED) (R4.3, R4.7); deletionTimestamp,
//              deletionGracePeriodSeconds 0 and the one-time generation bump when deletion
//              waits for finalizers (R4.3); a repeated DELETE of a pending object changes
//              nothing but its GC finalizers (R4.3.5); ReturnDeletedObject resources answer
//              the object, others a success Status (R4.4); namespaces: the first DELETE sets
//              deletionTimestamp (no grace period) and phase Terminating, later ones answer
//              Conflict while spec.finalizers is not empty, a uid precondition that does not
//              match answers the namespace storage's own Conflict text;
//              default/kube-system/kube-public cannot be deleted (R4.9); a CRD's first DELETE
//              starts its termination as apiextensions-apiserver's storage does (see
//              CrdFinalizer; a uid precondition that does not match answers the same text as
//              for namespaces) (R4.10).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "kubefake/api/object.h"
#include "kubefake/api/result.h"
#include "request_options.h"
#include "request_scope.h"

namespace kubefake::fakeserver {

// The garbage collector's finalizers (metav1.FinalizerOrphanDependents, FinalizerDeleteDependents).
inline constexpr std::string_view kOrphanFinalizer = "orphan";
inline constexpr std::string_view kForegroundFinalizer = "foregroundDeletion";

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
