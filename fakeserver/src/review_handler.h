// The create-only review resources of authorization.k8s.io/v1 and authentication.k8s.io/v1:
// SelfSubjectAccessReview (`kubectl auth can-i`), SubjectAccessReview, LocalSubjectAccessReview,
// SelfSubjectRulesReview (`kubectl auth can-i --list`) and SelfSubjectReview (`kubectl auth
// whoami`). Kubernetes counterpart: pkg/registry/authorization/* and
// pkg/registry/authentication/selfsubjectreview REST storages. Nothing is stored. Thread-safe.
//
// Fidelity:
//   Emulated:  kubefake has no authorization policy engine: it allows everything, as
//              kube-apiserver with --authorization-mode=AlwaysAllow (or a system:masters user)
//              answers: access reviews get status {allowed: true} and no reason; rules reviews
//              get AlwaysAllow's rules ({verbs, apiGroups, resources: ["*"]} and {verbs,
//              nonResourceURLs: ["*"]}, incomplete false). The spec checks of
//              ValidateSubjectAccessReviewSpec as of 1.33 (422: exactly one of
//              resourceAttributes and nonResourceAttributes, a user or group for
//              SubjectAccessReview; for LocalSubjectAccessReview, resourceAttributes.namespace
//              must match metadata.namespace and nonResourceAttributes is disallowed); the
//              rules review's `no namespace on request` (400). Reviews answer 201 with the
//              request's spec, `metadata.creationTimestamp: null` and the status;
//              SelfSubjectReview names the authenticated user (`kubernetes-admin` in
//              system:masters and system:authenticated over HTTP) with a creationTimestamp of now.
//   Differs:   no authorization policy (RBAC objects are stored but never consulted); the
//              review's "metadata must be empty" check and the field/label selector checks of
//              resourceAttributes are not run; the Invalid value of `cannot be specified in
//              combination with resourceAttributes` is shown as JSON, not as Go's %#v.
//   Rejected:  TokenReview (405: the engine does not know the serving token).
#pragma once

#include "kubefake/api/resource_catalog.h"
#include "request_scope.h"

namespace kubefake::fakeserver {

// Whether `resource` is one of the review resources this handler answers.
bool IsReviewResource(const api::ResourceInfo& resource);

// POST on a review resource: validates the review and answers it (201).
// Errors: Invalid (422) for a spec the apiserver rejects; BadRequest for a rules review without
// a namespace or a request without a user; the body decoder's errors.
Result<Response> HandleReviewCreate(RequestScope& scope);

}  // namespace kubefake::fakeserver
