// Paths and operations from the catalog's resources, verbs and subresources.
#include "openapi_paths.h"

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kubefake::fakeserver {
namespace {

using nlohmann::json;

struct QueryParameter {
  std::string_view name;
  std::string_view type;
};

constexpr QueryParameter kListParameters[] = {
    {"allowWatchBookmarks", "boolean"}, {"continue", "string"},
    {"fieldSelector", "string"},        {"labelSelector", "string"},
    {"limit", "integer"},               {"resourceVersion", "string"},
    {"resourceVersionMatch", "string"}, {"sendInitialEvents", "boolean"},
    {"timeoutSeconds", "integer"},      {"watch", "boolean"},
};
constexpr QueryParameter kWriteParameters[] = {
    {"dryRun", "string"}, {"fieldManager", "string"}, {"fieldValidation", "string"}};
constexpr QueryParameter kPatchParameters[] = {{"dryRun", "string"},
                                               {"fieldManager", "string"},
                                               {"fieldValidation", "string"},
                                               {"force", "boolean"}};
constexpr QueryParameter kDeleteParameters[] = {
    {"dryRun", "string"},
    {"gracePeriodSeconds", "integer"},
    {"ignoreStoreReadErrorWithClusterBreakingPotential", "boolean"},
    {"orphanDependents", "boolean"},
    {"propagationPolicy", "string"},
};

constexpr std::string_view kObjectTypes[] = {"application/json", "application/yaml"};
constexpr std::string_view kListTypes[] = {"application/json", "application/yaml",
                                           "application/json;stream=watch"};
constexpr std::string_view kWatchTypes[] = {"application/json;stream=watch"};
constexpr std::string_view kBodyTypes[] = {"*/*"};
constexpr std::string_view kPatchTypes[] = {
    "application/apply-patch+yaml", "application/json-patch+json",
    "application/merge-patch+json", "application/strategic-merge-patch+json"};

const api::TypeSchema& MetaSchema(std::string_view kind) {
  const api::TypeSchema* schema =
      api::FindTypeSchema("io.k8s.apimachinery.pkg.apis.meta.v1." + std::string(kind));
  return *schema;  // generated data: always present
}

json Parameter(std::string_view name, std::string_view in, std::string_view type, bool required,
               OpenApiVersion version) {
  json parameter = {{"name", name}, {"in", in}};
  if (version == OpenApiVersion::kV3) {
    parameter["schema"] = {{"type", type}, {"uniqueItems", true}};
  } else {
    parameter["type"] = type;
    parameter["uniqueItems"] = true;
  }
  if (required) parameter["required"] = true;
  return parameter;
}

// Builds one operation.
class Operation {
 public:
  Operation(std::string_view action, const api::GroupVersionKind& gvk, OpenApiVersion version,
            std::vector<const api::TypeSchema*>& roots)
      : version_(version), roots_(roots) {
    operation_ = {{"x-kubernetes-action", action},
                  {"x-kubernetes-group-version-kind",
                   {{"group", gvk.group}, {"version", gvk.version}, {"kind", gvk.kind}}},
                  {"parameters", json::array()},
                  {"responses", {{"401", {{"description", "Unauthorized"}}}}}};
  }

  Operation& Query(std::span<const QueryParameter> parameters) {
    for (const QueryParameter& p : parameters) {
      operation_["parameters"].push_back(Parameter(p.name, "query", p.type, false, version_));
    }
    return *this;
  }

  Operation& Body(const api::TypeSchema* schema, std::span<const std::string_view> types) {
    if (schema == nullptr) return *this;
    roots_.push_back(schema);
    if (version_ == OpenApiVersion::kV3) {
      json content = json::object();
      for (std::string_view type : types) {
        content[std::string(type)] = {{"schema", SchemaRef(*schema, version_)}};
      }
      operation_["requestBody"] = {{"content", std::move(content)}, {"required", true}};
    } else {
      operation_["parameters"].push_back({{"name", "body"},
                                          {"in", "body"},
                                          {"required", true},
                                          {"schema", SchemaRef(*schema, version_)}});
      operation_["consumes"] = std::vector<std::string_view>(types.begin(), types.end());
    }
    return *this;
  }

  Operation& Returns(std::string_view code, const api::TypeSchema* schema,
                     std::span<const std::string_view> types) {
    std::string_view description = code == "201" ? "Created" : code == "202" ? "Accepted" : "OK";
    json response = {{"description", description}};
    if (schema != nullptr) {
      roots_.push_back(schema);
      if (version_ == OpenApiVersion::kV3) {
        json content = json::object();
        for (std::string_view type : types) {
          content[std::string(type)] = {{"schema", SchemaRef(*schema, version_)}};
        }
        response["content"] = std::move(content);
      } else {
        response["schema"] = SchemaRef(*schema, version_);
        operation_["produces"] = std::vector<std::string_view>(types.begin(), types.end());
      }
    }
    operation_["responses"][std::string(code)] = std::move(response);
    return *this;
  }

  json Take() { return std::move(operation_); }

 private:
  OpenApiVersion version_;
  std::vector<const api::TypeSchema*>& roots_;
  json operation_;
};

// Adds path `path` with its path parameters (`name`, `namespace` as the path has them) and
// `pretty`, unless it exists already; returns it.
json& PathItem(json& paths, const std::string& path, OpenApiVersion version) {
  json& item = paths[path];
  if (item.contains("parameters")) return item;
  json parameters = json::array();
  if (path.find("{name}") != std::string::npos) {
    parameters.push_back(Parameter("name", "path", "string", true, version));
  }
  if (path.find("{namespace}") != std::string::npos) {
    parameters.push_back(Parameter("namespace", "path", "string", true, version));
  }
  parameters.push_back(Parameter("pretty", "query", "string", false, version));
  item["parameters"] = std::move(parameters);
  return item;
}

class ResourcePaths {
 public:
  ResourcePaths(std::string prefix, OpenApiVersion version, json& paths,
                std::vector<const api::TypeSchema*>& roots)
      : prefix_(std::move(prefix)), version_(version), paths_(paths), roots_(roots) {}

  void Add(const api::ResourceInfo& resource) {
    const api::GroupVersionKind gvk = resource.GetGroupVersionKind();
    const api::TypeSchema* kind = api::FindTypeSchema(gvk);
    const api::TypeSchema* list =
        resource.list_kind.empty()
            ? nullptr
            : api::FindTypeSchema(api::GroupVersionKind{gvk.group, gvk.version, resource.list_kind});
    const std::string scope = resource.namespaced ? "/namespaces/{namespace}/" : "/";
    const std::string collection = prefix_ + scope + resource.name;
    const std::string object = collection + "/{name}";

    if (resource.HasVerb("list")) {
      Set(collection, "get", Op("list", gvk).Query(kListParameters).Returns("200", list, kListTypes));
      if (resource.namespaced) {
        Set(prefix_ + "/" + resource.name, "get",
            Op("list", gvk).Query(kListParameters).Returns("200", list, kListTypes));
      }
    }
    if (resource.HasVerb("create")) {
      Set(collection, "post",
          Op("post", gvk).Query(kWriteParameters).Body(kind, kBodyTypes)
              .Returns("200", kind, kObjectTypes).Returns("201", kind, kObjectTypes)
              .Returns("202", kind, kObjectTypes));
    }
    if (resource.HasVerb("deletecollection")) {
      Set(collection, "delete",
          Op("deletecollection", gvk).Query(kDeleteParameters).Query(kListParameters)
              .Body(&MetaSchema("DeleteOptions"), kBodyTypes)
              .Returns("200", &MetaSchema("Status"), kObjectTypes));
    }
    if (resource.HasVerb("get")) {
      Set(object, "get", Op("get", gvk).Returns("200", kind, kObjectTypes));
    }
    if (resource.HasVerb("update")) {
      Set(object, "put",
          Op("put", gvk).Query(kWriteParameters).Body(kind, kBodyTypes)
              .Returns("200", kind, kObjectTypes).Returns("201", kind, kObjectTypes));
    }
    if (resource.HasVerb("patch")) {
      Set(object, "patch",
          Op("patch", gvk).Query(kPatchParameters).Body(&MetaSchema("Patch"), kPatchTypes)
              .Returns("200", kind, kObjectTypes).Returns("201", kind, kObjectTypes));
    }
    if (resource.HasVerb("delete")) {
      Set(object, "delete",
          Op("delete", gvk).Query(kDeleteParameters).Body(&MetaSchema("DeleteOptions"), kBodyTypes)
              .Returns("200", &MetaSchema("Status"), kObjectTypes)
              .Returns("202", &MetaSchema("Status"), kObjectTypes));
    }
    if (resource.HasVerb("watch")) {
      const api::TypeSchema* event = &MetaSchema("WatchEvent");
      const std::string watch = prefix_ + "/watch" + scope + resource.name;
      Set(watch, "get", Op("watchlist", gvk).Query(kListParameters).Returns("200", event, kWatchTypes));
      Set(watch + "/{name}", "get",
          Op("watch", gvk).Query(kListParameters).Returns("200", event, kWatchTypes));
      if (resource.namespaced) {
        Set(prefix_ + "/watch/" + resource.name, "get",
            Op("watchlist", gvk).Query(kListParameters).Returns("200", event, kWatchTypes));
      }
    }
    for (const api::SubresourceInfo& subresource : resource.subresources) {
      AddSubresource(object + "/" + subresource.name, subresource);
    }
  }

 private:
  Operation Op(std::string_view action, const api::GroupVersionKind& gvk) {
    return Operation(action, gvk, version_, roots_);
  }

  void Set(const std::string& path, std::string_view method, Operation& operation) {
    PathItem(paths_, path, version_)[std::string(method)] = operation.Take();
  }

  void AddSubresource(const std::string& path, const api::SubresourceInfo& subresource) {
    // exec, attach, portforward and proxy take *Options kinds and are connect operations.
    if (subresource.kind.kind.ends_with("Options")) {
      for (std::string_view verb : subresource.verbs) {
        std::string_view method = verb == "create" ? "post" : verb == "update" ? "put" : verb;
        Set(path, method, Op("connect", subresource.kind).Returns("200", nullptr, kObjectTypes));
      }
      return;
    }
    const api::TypeSchema* kind = api::FindTypeSchema(subresource.kind);
    if (subresource.HasVerb("get")) {
      Set(path, "get", Op("get", subresource.kind).Returns("200", kind, kObjectTypes));
    }
    if (subresource.HasVerb("create")) {
      Set(path, "post",
          Op("post", subresource.kind).Query(kWriteParameters).Body(kind, kBodyTypes)
              .Returns("200", kind, kObjectTypes).Returns("201", kind, kObjectTypes)
              .Returns("202", kind, kObjectTypes));
    }
    if (subresource.HasVerb("update")) {
      Set(path, "put",
          Op("put", subresource.kind).Query(kWriteParameters).Body(kind, kBodyTypes)
              .Returns("200", kind, kObjectTypes).Returns("201", kind, kObjectTypes));
    }
    if (subresource.HasVerb("patch")) {
      Set(path, "patch",
          Op("patch", subresource.kind).Query(kPatchParameters)
              .Body(&MetaSchema("Patch"), kPatchTypes)
              .Returns("200", kind, kObjectTypes).Returns("201", kind, kObjectTypes));
    }
  }

  std::string prefix_;
  OpenApiVersion version_;
  json& paths_;
  std::vector<const api::TypeSchema*>& roots_;
};

}  // namespace

void AddResourcePaths(const api::GroupVersion& gv,
                      std::span<const api::ResourceCatalog::Entry> resources,
                      OpenApiVersion version, json& paths,
                      std::vector<const api::TypeSchema*>& roots) {
  const std::string prefix =
      gv.group.empty() ? "/api/" + gv.version : "/apis/" + gv.group + "/" + gv.version;
  const api::TypeSchema* resource_list = &MetaSchema("APIResourceList");
  roots.push_back(resource_list);
  json get = {{"responses",
               {{"200", {{"description", "OK"}}}, {"401", {{"description", "Unauthorized"}}}}}};
  if (version == OpenApiVersion::kV3) {
    get["responses"]["200"]["content"] = {
        {"application/json", {{"schema", SchemaRef(*resource_list, version)}}}};
  } else {
    get["responses"]["200"]["schema"] = SchemaRef(*resource_list, version);
    get["produces"] = {"application/json", "application/yaml"};
  }
  paths[prefix + "/"] = {{"get", std::move(get)}};
  ResourcePaths builder(prefix, version, paths, roots);
  for (const api::ResourceCatalog::Entry& resource : resources) builder.Add(*resource);
}

}  // namespace kubefake::fakeserver
