// The pod subresources that act on the pod: pods/binding (what the scheduler posts) and
// pods/eviction (what `kubectl drain` posts). Kubernetes: pkg/registry/core/pod/storage
// (BindingREST, EvictionREST). Thread-compatible.
//
// Fidelity:
//   Emulated:  binding: 400 `name in URL does not match name in Binding object`; target.kind
//              other than Node and an empty target.name fail with the aggregate text as a 500
//              (ValidatePodBinding's errs.ToAggregate()); a pod being deleted answers 500 `pod
//              <name> is being deleted, cannot be assigned to a host`, one already bound 409
//              `pod <name> is already assigned to node "<node>"` on pods/binding, schedulingGates
//              409 `pod <name> has non-empty .spec.schedulingGates`; metadata.uid and
//              resourceVersion are preconditions; success sets spec.nodeName, merges the
//              Binding's annotations, sets condition PodScheduled=True and answers a success
//              Status with code 201. eviction: 400 on a name mismatch, the Eviction's
//              deleteOptions validated as DeleteOptions; a pod that is Pending, Succeeded,
//              Failed or already being deleted, or that no PodDisruptionBudget in its namespace
//              selects, gets condition DisruptionTarget=True (reason EvictionByEvictionAPI,
//              message `Eviction API: evicting`) and is deleted with the deleteOptions (grace
//              periods apply); success Status with code 201. Both are creates for the
//              NamespaceLifecycle admission (403 in a Terminating namespace) and honour dryRun.
//   Differs:   the status writes record no managedFields entry.
//   Rejected:  evicting a running pod that a PodDisruptionBudget selects (405: budgets are not
//              emulated); an Eviction in policy/v1beta1 (400, as any other apiVersion).
#pragma once

#include "kubefake/api/result.h"
#include "kubefake/fakeserver/request.h"
#include "request_scope.h"

namespace kubefake::fakeserver {

// POST on pods/binding and pods/eviction.
Result<Response> HandleBinding(RequestScope& scope);
Result<Response> HandleEviction(RequestScope& scope);

}  // namespace kubefake::fakeserver
