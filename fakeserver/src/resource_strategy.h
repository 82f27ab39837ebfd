// ResourceStrategy: the per-resource rules the apiserver's registry strategies encode (name
// validation, generation, create-on-update, unconditional update, what DELETE returns), as
// data. Kubernetes counterpart: each resource's rest.RESTCreateStrategy/RESTUpdateStrategy and
// its genericregistry.Store flags. Value type; thread-compatible.
//
// Fidelity:
//   Emulated:  name rules (R2.8), generation policies (R2.4), create-on-update and
//              unconditional update (R3.2), ReturnDeletedObject (R4.4), status reset on create
//              for resources with a status subresource (R2.10), graceful deletion (R4.7).
//   Differs:   type-specific validation beyond metadata (e.g. a Pod's containers) is not run;
//              a resource not listed here gets the common defaults (DNS-1123 subdomain names,
//              no generation, unconditional updates allowed, a Status from DELETE).
#pragma once

#include <string>
#include <vector>

#include "kubefake/api/group_version.h"
#include "kubefake/api/object.h"

namespace kubefake::fakeserver {

struct ResourceStrategy {
  enum class NameRule { kDnsSubdomain, kDnsLabel, kDns1035Label, kPathSegment };
  enum class Generation {
    kNone,              // generation stays absent
    kSpec,              // 1 on create, +1 when anything but metadata and status changes
    kSpecOrAnnotations, // as kSpec, and also when annotations change (Deployment)
    kNonMetadata,       // custom resources: +1 when anything but metadata changes (R2.4)
  };

  NameRule name_rule = NameRule::kDnsSubdomain;
  Generation generation = Generation::kNone;
  bool allow_create_on_update = false;
  bool allow_unconditional_update = true;
  bool return_deleted_object = false;
  // The main endpoint ignores status and create drops it (resources with a status subresource).
  bool has_status_subresource = false;
  // DELETE gives the object a grace period (RESTGracefulDeleteStrategy: pods only, R4.7).
  bool graceful_delete = false;
  // Finalizer names must be standard (`kubernetes`, `orphan`, `foregroundDeletion`) or fully
  // qualified, as core's ValidateObjectMeta adds; apiextensions validates CRDs and custom
  // objects with apimachinery's, which only asks for a qualified name.
  bool kube_finalizer_names = true;

  // Validates a name (or a generateName prefix when `prefix`) by the resource's rule; returns
  // the messages apimachinery gives, empty when valid.
  std::vector<std::string> ValidateName(std::string_view name, bool prefix) const;
  // Whether an update from `old_object` to `new_object` bumps metadata.generation.
  bool ChangesGeneration(const api::Object& old_object, const api::Object& new_object) const;
};

// The strategy of a built-in resource (`custom` false) or a custom resource.
// `has_status_subresource` comes from the catalog.
ResourceStrategy StrategyFor(const api::GroupResource& resource, bool custom,
                             bool has_status_subresource);

}  // namespace kubefake::fakeserver
