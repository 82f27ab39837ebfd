// Aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList) for /api and /apis, and
// the Accept negotiation that chooses it over the legacy documents, as k8s.io/apiserver
// pkg/endpoints/discovery/aggregated serves them (R9.2, R11.3). Pure; thread-safe.
//
// Fidelity:
//   Emulated:  a JSON Accept clause with g=apidiscovery.k8s.io, v=v2 and
//              as=APIGroupDiscoveryList (any order, any profile) selects the aggregated
//              document, answered with that Content-Type; clauses are tried in order, so
//              client-go's and kubectl's `<aggregated v2>,application/json` gets it and plain
//              JSON, YAML, */* or no Accept get the legacy document. v2beta1 clauses are
//              skipped: 1.33 turns AggregatedDiscoveryRemoveBetaType on by default, so a
//              v2beta1-only client falls back to legacy discovery as against a real 1.33.
//              Resources carry responseKind with group and version filled in, scope,
//              singularResource, verbs, shortNames, categories, subresources; every version is
//              freshness Current.
//   Rejected:  aggregated discovery in YAML or protobuf: such clauses are skipped (406 when
//              nothing else is acceptable).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "kubefake/api/resource_catalog.h"
#include "kubefake/api/result.h"
#include "kubefake/fakeserver/request.h"
#include "negotiation.h"

namespace kubefake::fakeserver {

// The aggregated Content-Type client-go's ContentTypeIsGVK checks.
inline constexpr char kAggregatedDiscoveryContentType[] =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

struct DiscoveryFormat {
  bool aggregated = false;
  OutputFormat output;  // the legacy document's media type and prettiness
};

// Chooses between the aggregated and the legacy document for /api and /apis.
// Errors: NotAcceptable (406) when no clause can be served.
Result<DiscoveryFormat> NegotiateDiscovery(const Request& request);

// The APIGroupDiscoveryList of the core group (`core` true, for /api) or of every named group
// (for /apis).
nlohmann::ordered_json AggregatedDiscoveryDocument(const api::ResourceCatalog& catalog, bool core);

}  // namespace kubefake::fakeserver
