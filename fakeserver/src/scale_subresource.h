// The scale subresource of built-in workloads (deployments, replicasets, statefulsets,
// replicationcontrollers) and of custom resources that declare it: GET and PUT of an
// autoscaling/v1 Scale that reads and writes the parent's replicas (R3.4, R10.5).
// Kubernetes: the ScaleREST of each workload's registry (pkg/registry/apps/deployment/storage/
// storage.go scaleFromDeployment, scaleUpdatedObjectInfo) and apiextensions' ScaleREST
// (pkg/registry/customresource/etcd.go). Thread-compatible.
//
// PATCH on /scale (patch_handler.cc) goes through UpdateScale with a ScaleMutation that applies
// the patch document to the current Scale inside the storage update (get Scale -> apply patch
// -> update Scale), as the apiserver's patcher does against the Scale the ScaleREST serves.
//
// Fidelity:
//   Emulated:  the Scale carries the parent's name, namespace, uid, resourceVersion and
//              creationTimestamp, spec.replicas (omitted when 0), status.replicas and
//              status.selector (LabelSelectorAsSelector of spec.selector; SelectorFromSet for
//              a ReplicationController's map). An update changes only spec.replicas through
//              the parent's strategy (generation bumps, status kept, managedFields entry with
//              subresource "scale"); a resourceVersion in the Scale is a precondition on the
//              parent (409 with the parent's resource), a uid must match (409 `Precondition
//              failed: UID in precondition: ...`), negative replicas answer 422 on kind Scale
//              (`spec.replicas: Invalid value: -1: must be greater than or equal to 0`); the
//              response is the new Scale; dry run writes nothing.
//              Custom resources: spec.replicas, status.replicas and status.selector come
//              from the CRD version's specReplicasPath, statusReplicasPath and
//              labelSelectorPath (status.replicas 0 and no selector when absent); GET of an
//              object without spec replicas answers 500 `the spec replicas field ".spec.replicas"
//              does not exist`, an update that leaves them unset 400 `... cannot be empty`; the
//              update writes the replicas at their path and validates the whole object as an
//              update of the custom resource would (schema, then `.spec.replicas: Invalid
//              value: -1: should be a non-negative integer`, 422 on the custom kind).
//   Differs:   a built-in parent stored without spec.replicas reads as 1 (the value defaulting
//              would have stored); a uid precondition on a custom resource's Scale answers the
//              built-ins' Conflict text.
//   Rejected:  Table and PartialObjectMetadata output for Scale (406).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "kubefake/api/object.h"
#include "kubefake/api/result.h"
#include "request_scope.h"

namespace kubefake::fakeserver {

// The Scale of `parent` (a stored object of scope's resource).
// Errors: InternalError when spec.selector is not a valid label selector.
Result<nlohmann::json> ScaleOf(const RequestScope& scope, const api::Object& parent);

// Turns the current Scale into the desired one. Runs under the storage's write lock: it must
// not call Storage. Errors are answered as they are.
using ScaleMutation = std::function<Result<nlohmann::json>(const nlohmann::json& current)>;

// Writes the Scale `mutate` makes from the current one to the parent named by the URL and
// answers the new Scale (200). `manager` is the field manager of the write.
// Errors: NotFound (the parent); Conflict; Invalid; whatever `mutate` returns.
Result<Response> UpdateScale(RequestScope& scope, const ScaleMutation& mutate, std::string manager,
                             bool dry_run);

// GET and PUT on /scale (PATCH is HandlePatch's).
Result<Response> HandleScaleGet(RequestScope& scope);
Result<Response> HandleScaleUpdate(RequestScope& scope);

}  // namespace kubefake::fakeserver
