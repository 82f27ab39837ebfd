// RESTMapper: resources to kinds and back, apimachinery's meta.RESTMapper, and the mapper
// client-go's restmapper.NewDiscoveryRESTMapper builds from discovery (one mapper per
// group-version, the core group first, then groups in the server's order with each group's
// preferred version first). A built mapper is immutable and thread-safe.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kubefake/api/error.h"
#include "kubefake/api/group_version.h"
#include "kubefake/api/result.h"
#include "kubefake/api/types/meta/v1.h"

namespace kubefake::client {

class DiscoveryInterface;

// meta.RESTScopeName: where objects of a kind live.
enum class RESTScopeName { kNamespace, kRoot };

// meta.RESTMapping: the resource that serves a kind, and its scope.
struct RESTMapping {
  api::GroupVersionResource resource;
  api::GroupVersionKind group_version_kind;
  RESTScopeName scope = RESTScopeName::kNamespace;

  bool operator==(const RESTMapping&) const = default;
};

// meta.RESTMapper. A partial resource may leave out group and version; resource names are
// matched lower-cased, as plural or singular. Errors are client-side (code 0) and name the
// apimachinery error in their single cause's type (see IsNoMatchError, IsAmbiguousError):
//   NoResourceMatch  `no matches for /, Resource=nothing`
//   NoKindMatch      `no matches for kind "Nothing" in group "apps"` (or `in version "apps/v9"`)
//   AmbiguousResource / AmbiguousKind  `<partial> matches multiple resources [...]`.
class RESTMapper {
 public:
  virtual ~RESTMapper() = default;

  // The single kind for a partial resource, by priority (core v1, then each group's preferred
  // version, then its other versions, then any version of the groups in order).
  // Errors: NoResourceMatch; AmbiguousResource when the priorities do not single one out.
  virtual Result<api::GroupVersionKind> KindFor(const api::GroupVersionResource& resource) = 0;
  // Every kind the partial resource names, in discovery order. Errors: NoResourceMatch.
  virtual Result<std::vector<api::GroupVersionKind>> KindsFor(
      const api::GroupVersionResource& resource) = 0;
  // As KindFor, for the fully qualified plural resource.
  virtual Result<api::GroupVersionResource> ResourceFor(
      const api::GroupVersionResource& resource) = 0;
  virtual Result<std::vector<api::GroupVersionResource>> ResourcesFor(
      const api::GroupVersionResource& resource) = 0;
  // The mapping for a kind: from the first of `versions` that serves it, else by the kind
  // priorities. Errors: NoKindMatch.
  virtual Result<client::RESTMapping> RESTMapping(
      const api::GroupKind& kind, const std::vector<std::string>& versions = {}) = 0;
  // One mapping per group-version that serves the kind (or the first of `versions` that does),
  // in discovery order. Errors: NoKindMatch.
  virtual Result<std::vector<client::RESTMapping>> RESTMappings(
      const api::GroupKind& kind, const std::vector<std::string>& versions = {}) = 0;
  // "pods" -> "pod". Errors: NoResourceMatch; the first group-version's error when several
  // singulars are possible in each.
  virtual Result<std::string> ResourceSingularizer(const std::string& resource) = 0;
  // meta.ResettableRESTMapper: forget cached discovery (a no-op for a built mapper).
  virtual void Reset() {}
};

// restmapper.APIGroupResources: a group and the resources of each version it serves.
struct APIGroupResources {
  api::meta::v1::APIGroup group;
  std::map<std::string, std::vector<api::meta::v1::APIResource>> versioned_resources;
};

// restmapper.GetAPIGroupResources: every group with its resources, from one
// ServerGroupsAndResources call. Errors: discovery's.
Result<std::vector<APIGroupResources>> GetAPIGroupResources(DiscoveryInterface& discovery);

// restmapper.NewDiscoveryRESTMapper. Subresources are skipped; a resource without a
// singularName gets the guessed one; each kind is also mapped lower-cased, and <Kind>List and
// List are mapped to guessed resources as client-go does.
std::unique_ptr<RESTMapper> NewDiscoveryRESTMapper(const std::vector<APIGroupResources>& groups);

// meta.IsNoMatchError: NoResourceMatch or NoKindMatch.
bool IsNoMatchError(const api::Error& error);
// meta.IsAmbiguousError: AmbiguousResource or AmbiguousKind.
bool IsAmbiguousError(const api::Error& error);

}  // namespace kubefake::client
