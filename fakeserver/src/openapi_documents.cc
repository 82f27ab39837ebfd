// Assembles OpenAPI documents from paths and definitions.
#include "openapi_documents.h"

#include <vector>

#include <nlohmann/json.hpp>

#include "kubefake/api/version.h"
#include "openapi_paths.h"
#include "openapi_schemas.h"

namespace kubefake::fakeserver {
namespace {

using nlohmann::json;

// The definition id apiextensions-apiserver gives a custom kind: the group reversed
// (example.com -> com.example), the version and the kind.
std::string CustomDefinitionId(const api::GroupVersionKind& gvk) {
  std::string reversed;
  std::string_view group = gvk.group;
  while (!group.empty()) {
    const size_t dot = group.rfind('.');
    const std::string_view label = dot == std::string_view::npos ? group : group.substr(dot + 1);
    if (!reversed.empty()) reversed += '.';
    reversed.append(label);
    group = dot == std::string_view::npos ? std::string_view() : group.substr(0, dot);
  }
  return reversed + "." + gvk.version + "." + gvk.kind;
}

json GroupVersionKindList(const api::GroupVersionKind& gvk) {
  return json::array({{{"group", gvk.group}, {"kind", gvk.kind}, {"version", gvk.version}}});
}

json MetaRef(std::string_view kind) {
  return {{"allOf",
           json::array({{{"$ref",
                          "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1." +
                              std::string(kind)}}})},
          {"default", json::object()}};
}

// Adds the kind and list definitions of custom resource `resource` with schema `schema`.
void AddCustomDefinitions(const api::ResourceInfo& resource, const json& schema, json& schemas,
                          std::vector<const api::TypeSchema*>& roots) {
  const api::GroupVersionKind gvk = resource.GetGroupVersionKind();
  const std::string id = CustomDefinitionId(gvk);
  json definition = schema.is_object() ? schema : json{{"type", "object"}};
  json& properties = definition["properties"];
  if (!properties.is_object()) properties = json::object();
  properties["apiVersion"] = {{"type", "string"}};
  properties["kind"] = {{"type", "string"}};
  properties["metadata"] = MetaRef("ObjectMeta");
  definition["x-kubernetes-group-version-kind"] = GroupVersionKindList(gvk);
  schemas[id] = std::move(definition);
  schemas[id + "List"] = {
      {"type", "object"},
      {"required", json::array({"items"})},
      {"properties",
       {{"apiVersion", {{"type", "string"}}},
        {"kind", {{"type", "string"}}},
        {"items", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/" + id}}}}},
        {"metadata", MetaRef("ListMeta")}}},
      {"x-kubernetes-group-version-kind",
       GroupVersionKindList({gvk.group, gvk.version, resource.list_kind})}};
  for (const char* meta : {"ObjectMeta", "ListMeta"}) {
    roots.push_back(api::FindTypeSchema(std::string("io.k8s.apimachinery.pkg.apis.meta.v1.") + meta));
  }
}

}  // namespace

std::string OpenApiV3Key(const api::GroupVersion& gv) {
  return gv.group.empty() ? "api/" + gv.version : "apis/" + gv.group + "/" + gv.version;
}

std::string RenderOpenApiV3(const api::ResourceCatalog& catalog, const api::GroupVersion& gv,
                            const CustomSchemas& custom) {
  nlohmann::json paths = nlohmann::json::object();
  std::vector<const api::TypeSchema*> roots;
  const std::vector<api::ResourceCatalog::Entry> resources = catalog.Resources(gv);
  AddResourcePaths(gv, resources, OpenApiVersion::kV3, paths, roots);
  nlohmann::json schemas = nlohmann::json::object();
  for (const api::ResourceCatalog::Entry& resource : resources) {
    if (auto it = custom.find(resource->GetGroupVersionResource()); it != custom.end()) {
      AddCustomDefinitions(*resource, it->second, schemas, roots);
    }
  }
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
