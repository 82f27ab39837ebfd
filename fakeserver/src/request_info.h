// RequestInfo: what a request addresses (verb, group, version, resource, namespace, name,
// subresource), parsed from method, path and query as the apiserver's RequestInfoFactory does
// (k8s.io/apiserver pkg/endpoints/request/requestinfo.go). Pure functions; thread-safe.
//
// Fidelity:
//   Emulated:  R1.1-R1.5: /api and /apis prefixes (a resource request needs three segments
//              after /api, four after /apis), namespaced and cluster paths, the namespaces
//              special case (only `status` and `finalize` are namespace subresources), watch
//              via ?watch= (anything but `false`/`0`, case-insensitive, on a collection GET) and
//              via the legacy /watch/ prefix, list and deletecollection for collection paths,
//              HEAD as get, unknown methods as verb "". ValidateRequestPath and
//              ValidateRequestKey give the registry's 400s for empty and unsafe names (R1.5).
//   Differs:   the real parser sets Namespace "foo" for `/api/v1/namespaces/foo[/status]` (an
//              authorization attribute: the namespace object names itself); here namespace_
//              stays "" there, so that a non-empty namespace_ always means a namespaced path.
//              `/api/v1/watch` (a verb prefix with nothing after it) makes the real filter
//              answer a plain-text 500; here it parses as a watch without a resource, which
//              the router answers with 404. The real parser also copies a
//              `fieldSelector=metadata.name=x` into Name for authorization; that is left to the
//              authorizer (Name here is only what the path says). Scope and route validity are
//              checked later against the catalog (ApiServer), not here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kubefake/api/result.h"
#include "kubefake/fakeserver/request.h"

namespace kubefake::fakeserver {

struct RequestInfo {
  bool is_resource_request = false;
  std::string path;
  // get, list, watch, create, update, patch, delete, deletecollection, proxy; "" for an
  // unknown method; for non-resource requests the lower-cased method.
  std::string verb;
  std::string api_prefix;  // "api" or "apis"
  std::string api_group;   // "" for core
  std::string api_version;
  // The {ns} of a namespaces/{ns}/{resource} path; "" for cluster-scoped and all-namespaces
  // requests and for the namespace object itself (/namespaces/{name}[/status|/finalize]).
  std::string namespace_;
  // True when the resource came after namespaces/{ns}/ (even an empty {ns}, R1.5); false for
  // cluster paths, all-namespaces paths and the namespace object paths.
  bool namespaced_path = false;
  std::string resource;
  std::string subresource;
  std::string name;
  // True when the verb came from the legacy /watch/ path prefix (a /proxy/ prefix shows as
  // verb "proxy").
  bool watch_via_path_prefix = false;
  // The path segments from {resource} on: resource, name, subresource, anything after.
  std::vector<std::string> parts;
  // The number of path segments after {resource}/{name}/{subresource} (after {name} for
  // proxy) that nothing understands; > 0 answers 404.
  int extra_segments = 0;
};

// Parses `request` (method, path, query). Never fails: a path that is not an API resource path
// gives is_resource_request = false.
RequestInfo ParseRequestInfo(const Request& request);

// R1.5 for the names in a resource path, as the registry's key functions check them when a
// request reaches the storage: a namespaced path with an empty {ns} that names an object (or
// creates one), and a {name} that is `.`, `..` or holds `/` or `%`. Collection requests under
// an empty {ns} pass, as the registry lists them without a key.
// Errors: BadRequest `Namespace parameter required.`; `Name parameter invalid: "..": may not
// be '..'`.
Result<void> ValidateRequestPath(const RequestInfo& info);

// The registry's checks of the object key a request names (NamespaceKeyFunc and
// NoNamespaceKeyFunc in k8s.io/apiserver pkg/registry/generic/registry/store.go), in their
// order. `namespaced` is the resource's scope.
// Errors: BadRequest `Namespace parameter required.` for a namespaced resource without a
// namespace; `Name parameter required.` for an empty name; `Name parameter invalid: "<name>":
// <problems joined by ";">` for `.`, `..` or a name containing `/` or `%` (R1.5).
Result<void> ValidateRequestKey(bool namespaced, std::string_view namespace_,
                                std::string_view name);

}  // namespace kubefake::fakeserver
