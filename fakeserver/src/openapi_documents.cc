// Assembles OpenAPI documents from paths and definitions.
#include "openapi_documents.h"

#include <vector>

#include <nlohmann/json.hpp>

#include "kubefake/api/version.h"
#include "openapi_paths.h"
#include "openapi_schemas.h"

namespace kubefake::fakeserver {

std::string OpenApiV3Key(const api::GroupVersion& gv) {
  return gv.group.empty() ? "api/" + gv.version : "apis/" + gv.group + "/" + gv.version;
}

std::string RenderOpenApiV3(const api::ResourceCatalog& catalog, const api::GroupVersion& gv) {
  nlohmann::json paths = nlohmann::json::object();
  std::vector<const api::TypeSchema*> roots;
  AddResourcePaths(gv, catalog.Resources(gv), OpenApiVersion::kV3, paths, roots);
  nlohmann::json schemas = nlohmann::json::object();
  AddDefinitions(roots, OpenApiVersion::kV3, schemas);
  const nlohmann::json document = {
      {"openapi", "3.0.0"},
      {"info", {{"title", "Kubernetes"}, {"version", api::kKubernetesVersion}}},
      {"paths", std::move(paths)},
      {"components", {{"schemas", std::move(schemas)}}}};
  return document.dump();
}

std::string RenderOpenApiV2(const api::ResourceCatalog& catalog) {
  nlohmann::json paths = nlohmann::json::object();
  std::vector<const api::TypeSchema*> roots;
  for (const api::GroupVersion& gv : catalog.GroupVersions()) {
    AddResourcePaths(gv, catalog.Resources(gv), OpenApiVersion::kV2, paths, roots);
  }
  nlohmann::json definitions = nlohmann::json::object();
  AddDefinitions(roots, OpenApiVersion::kV2, definitions);
  const nlohmann::json document = {
      {"swagger", "2.0"},
      {"info", {{"title", "Kubernetes"}, {"version", api::kKubernetesVersion}}},
      {"paths", std::move(paths)},
      {"definitions", std::move(definitions)}};
  return document.dump();
}

}  // namespace kubefake::fakeserver
