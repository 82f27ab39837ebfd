// The resources `kubefake record` watches, found through discovery: every listable and
// watchable resource of each group's preferred version by default, or the ones named on the
// command line as kubectl names them. Stateless functions; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kubefake/api/group_version.h"
#include "kubefake/api/result.h"
#include "kubefake/client/discovery_client.h"

namespace kubefake::testkit {

struct RecordedResource {
  api::GroupVersionResource gvr;
  std::string kind;
  bool namespaced = false;
  bool has_status = false;  // the resource has a status subresource

  // As kubectl names it: "pods", "deployments.apps", "widgets.example.com".
  std::string Name() const;
  // "v1", "apps/v1".
  std::string ApiVersion() const;
};

// Not recorded unless named: each change is a heartbeat or a report, not state a scenario
// replays (core and events.k8s.io Events, coordination.k8s.io Leases).
inline constexpr const char* kNoisyResources[] = {"events", "events.events.k8s.io",
                                                  "leases.coordination.k8s.io"};

// Every resource (no subresources) with the list and watch verbs, from each group's preferred
// version, minus kNoisyResources; with `namespaced_only`, cluster-scoped ones except
// namespaces are left out. In discovery order. Errors: discovery's.
Result<std::vector<RecordedResource>> DefaultRecordedResources(
    client::DiscoveryInterface& discovery, bool namespaced_only);

// The resources `names` name (`pods`, `deploy`, `deployments.apps`, `widgets.example.com`),
// resolved as kubectl resolves them, each once. Errors: NotFound `the server doesn't have a
// resource type "<name>"`; BadRequest when one cannot be both listed and watched.
Result<std::vector<RecordedResource>> NamedRecordedResources(client::DiscoveryInterface& discovery,
                                                             const std::vector<std::string>& names);

// The resource an established CustomResourceDefinition serves, from its spec: the storage
// version (when served, else the first served one), plural, kind, scope and status
// subresource. nullopt while the CRD is not Established or serves no version.
std::optional<RecordedResource> CustomResourceOf(const nlohmann::json& crd);

}  // namespace kubefake::testkit
