// The aggregated discovery document and its Accept negotiation.
#include "aggregated_discovery.h"

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubefake::fakeserver {
namespace {

using nlohmann::ordered_json;

bool AsksForAggregatedV2(const MediaRange& range) {
  const std::string* g = range.Param("g");
  const std::string* v = range.Param("v");
  const std::string* as = range.Param("as");
  return range.type == "application/json" && g != nullptr && *g == "apidiscovery.k8s.io" &&
         v != nullptr && *v == "v2" && as != nullptr && *as == "APIGroupDiscoveryList";
}

ordered_json ResponseKind(const api::GroupVersionKind& kind) {
  return {{"group", kind.group}, {"version", kind.version}, {"kind", kind.kind}};
}

ordered_json ResourceDiscovery(const api::ResourceInfo& resource) {
  ordered_json entry = {{"resource", resource.name},
                        {"responseKind", ResponseKind(resource.GetGroupVersionKind())},
                        {"scope", resource.namespaced ? "Namespaced" : "Cluster"},
                        {"singularResource", resource.singular_name},
                        {"verbs", resource.verbs}};
  if (!resource.short_names.empty()) entry["shortNames"] = resource.short_names;
  if (!resource.categories.empty()) entry["categories"] = resource.categories;
  if (!resource.subresources.empty()) {
    ordered_json subresources = ordered_json::array();
    for (const api::SubresourceInfo& subresource : resource.subresources) {
      subresources.push_back({{"subresource", subresource.name},
                              {"responseKind", ResponseKind(subresource.kind)},
                              {"verbs", subresource.verbs}});
    }
    entry["subresources"] = std::move(subresources);
  }
  return entry;
}

ordered_json GroupDiscovery(const api::ResourceCatalog& catalog, const std::string& group) {
  ordered_json versions = ordered_json::array();
  for (const std::string& version : catalog.Versions(group)) {
    ordered_json resources = ordered_json::array();
    for (const api::ResourceCatalog::Entry& resource : catalog.Resources({group, version})) {
      resources.push_back(ResourceDiscovery(*resource));
    }
    versions.push_back(
        {{"version", version}, {"resources", std::move(resources)}, {"freshness", "Current"}});
  }
  ordered_json metadata = ordered_json::object();
  if (!group.empty()) metadata["name"] = group;
  return {{"metadata", std::move(metadata)}, {"versions", std::move(versions)}};
}

}  // namespace

Result<DiscoveryFormat> NegotiateDiscovery(const Request& request) {
  const std::string_view accept = request.headers.Get("Accept").value_or("");
  for (const MediaRange& range : ParseAccept(accept)) {
    if (range.Refused()) continue;
    if (AsksForAggregatedV2(range)) {
      // Only prettiness is left to decide: negotiate as if nothing else were asked for.
      Request without_accept = request;
      without_accept.headers.Set("Accept", "");
      return DiscoveryFormat{true, NegotiateOutput(without_accept, false).value_or(OutputFormat{})};
    }
    if (range.Param("as") != nullptr) continue;
    if (range.type == "application/json" || range.type == "application/yaml" ||
        range.type == "application/*" || range.type == "*/*") {
      break;  // a legacy clause comes first; NegotiateOutput picks it
    }
  }
  Result<OutputFormat> output = NegotiateOutput(request, false);
  if (!output) return Fail(output.error());
  return DiscoveryFormat{false, *output};
}

ordered_json AggregatedDiscoveryDocument(const api::ResourceCatalog& catalog, bool core) {
  ordered_json items = ordered_json::array();
  for (const std::string& group : catalog.Groups()) {
    if (group.empty() == core) items.push_back(GroupDiscovery(catalog, group));
  }
  return {{"kind", "APIGroupDiscoveryList"},
          {"apiVersion", "apidiscovery.k8s.io/v2"},
          {"metadata", ordered_json::object()},
          {"items", std::move(items)}};
}

}  // namespace kubefake::fakeserver
