#include "resource_strategy.h"

#include <array>
#include <string_view>

#include "kubefake/api/name_validation.h"

namespace kubefake::fakeserver {
namespace {

using Strategy = ResourceStrategy;

struct Rule {
  std::string_view group;
  std::string_view resource;
  Strategy::NameRule name_rule = Strategy::NameRule::kDnsSubdomain;
  Strategy::Generation generation = Strategy::Generation::kNone;
  bool allow_create_on_update = false;
  bool return_deleted_object = false;
};

using N = Strategy::NameRule;
using G = Strategy::Generation;

// Resources whose strategy differs from the defaults. Sources: KK pkg/registry/<group>/<resource>/
// strategy.go and storage/storage.go of each (R2.4, R2.8, R3.2, R4.4).
constexpr std::array kRules = {
    Rule{"", "namespaces", N::kDnsLabel, G::kNone, false, true},
    Rule{"", "services", N::kDns1035Label},
    Rule{"", "pods", N::kDnsSubdomain, G::kSpec, false, true},
    Rule{"", "serviceaccounts", N::kDnsSubdomain, G::kNone, false, true},
    Rule{"", "persistentvolumes", N::kDnsSubdomain, G::kNone, false, true},
    Rule{"", "persistentvolumeclaims", N::kDnsSubdomain, G::kNone, false, true},
    Rule{"", "replicationcontrollers", N::kDnsSubdomain, G::kSpec},
    Rule{"", "endpoints", N::kDnsSubdomain, G::kNone, true},
    Rule{"", "events", N::kDnsSubdomain, G::kNone, true},
    Rule{"", "limitranges", N::kDnsSubdomain, G::kNone, true},
    Rule{"apps", "deployments", N::kDnsSubdomain, G::kSpecOrAnnotations},
    Rule{"apps", "replicasets", N::kDnsSubdomain, G::kSpec},
    Rule{"apps", "statefulsets", N::kDnsSubdomain, G::kSpec},
    Rule{"apps", "daemonsets", N::kDnsSubdomain, G::kSpec},
    Rule{"batch", "jobs", N::kDnsSubdomain, G::kSpec},
    Rule{"batch", "cronjobs", N::kDnsSubdomain, G::kSpec},
    Rule{"autoscaling", "horizontalpodautoscalers", N::kDnsSubdomain, G::kSpec},
    Rule{"policy", "poddisruptionbudgets", N::kDnsSubdomain, G::kSpec},
    Rule{"networking.k8s.io", "ingresses", N::kDnsSubdomain, G::kSpec},
    Rule{"networking.k8s.io", "networkpolicies", N::kDnsSubdomain, G::kSpec},
    Rule{"apiextensions.k8s.io", "customresourcedefinitions", N::kDnsSubdomain, G::kSpec},
    Rule{"admissionregistration.k8s.io", "validatingadmissionpolicies", N::kDnsSubdomain,
         G::kSpec},
    Rule{"admissionregistration.k8s.io", "validatingadmissionpolicybindings", N::kDnsSubdomain,
         G::kSpec},
    Rule{"admissionregistration.k8s.io", "mutatingadmissionpolicies", N::kDnsSubdomain, G::kSpec},
    Rule{"admissionregistration.k8s.io", "mutatingadmissionpolicybindings", N::kDnsSubdomain,
         G::kSpec},
    Rule{"events.k8s.io", "events", N::kDnsSubdomain, G::kNone, true},
    Rule{"coordination.k8s.io", "leases", N::kDnsSubdomain, G::kNone, true},
    Rule{"rbac.authorization.k8s.io", "roles", N::kPathSegment, G::kNone, true},
    Rule{"rbac.authorization.k8s.io", "rolebindings", N::kPathSegment, G::kNone, true},
    Rule{"rbac.authorization.k8s.io", "clusterroles", N::kPathSegment, G::kNone, true},
    Rule{"rbac.authorization.k8s.io", "clusterrolebindings", N::kPathSegment, G::kNone, true},
};

// Everything but metadata and, when `skip_status`, status.
bool NonMetadataDiffers(const api::Object& a, const api::Object& b, bool skip_status) {
  const nlohmann::json& x = a.json();
  const nlohmann::json& y = b.json();
  auto skipped = [&](const std::string& key) {
    return key == "metadata" || key == "apiVersion" || key == "kind" ||
           (skip_status && key == "status");
  };
  size_t compared = 0;
  for (const auto& [key, value] : x.items()) {
    if (skipped(key)) continue;
    ++compared;
    auto it = y.find(key);
    if (it == y.end() || *it != value) return true;
  }
  size_t other = 0;
  for (const auto& [key, value] : y.items()) {
    if (!skipped(key)) ++other;
  }
  return compared != other;
}

}  // namespace

std::vector<std::string> ResourceStrategy::ValidateName(std::string_view name, bool prefix) const {
  switch (name_rule) {
    case NameRule::kDnsSubdomain: return api::NameIsDNSSubdomain(name, prefix);
    case NameRule::kDnsLabel: return api::NameIsDNSLabel(name, prefix);
    case NameRule::kDns1035Label: return api::NameIsDNS1035Label(name, prefix);
    case NameRule::kPathSegment: return api::ValidatePathSegmentName(name, prefix);
  }
  return {};
}

bool ResourceStrategy::ChangesGeneration(const api::Object& old_object,
                                         const api::Object& new_object) const {
  switch (generation) {
    case Generation::kNone: return false;
    case Generation::kSpec: return NonMetadataDiffers(old_object, new_object, true);
    case Generation::kSpecOrAnnotations:
      return NonMetadataDiffers(old_object, new_object, true) ||
             old_object.GetAnnotations() != new_object.GetAnnotations();
    case Generation::kNonMetadata:
      return NonMetadataDiffers(old_object, new_object, has_status_subresource);
  }
  return false;
}

ResourceStrategy StrategyFor(const api::GroupResource& resource, bool custom,
                             bool has_status_subresource) {
  ResourceStrategy strategy;
  strategy.has_status_subresource = has_status_subresource;
  if (custom) {
    strategy.generation = G::kNonMetadata;
    strategy.allow_unconditional_update = false;
    strategy.kube_finalizer_names = false;
    return strategy;
  }
  for (const Rule& rule : kRules) {
    if (rule.group == resource.group && rule.resource == resource.resource) {
      strategy.name_rule = rule.name_rule;
      strategy.generation = rule.generation;
      strategy.allow_create_on_update = rule.allow_create_on_update;
      strategy.return_deleted_object = rule.return_deleted_object;
      break;
    }
  }
  strategy.graceful_delete = resource == api::GroupResource{"", "pods"};
  strategy.kube_finalizer_names = resource.group != "apiextensions.k8s.io";
  return strategy;
}

}  // namespace kubefake::fakeserver
