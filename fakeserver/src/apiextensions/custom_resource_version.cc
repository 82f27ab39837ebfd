// Catalog entries and serving data from a CustomResourceDefinition.
#include "apiextensions/custom_resource_version.h"

#include "apiextensions/crd_conditions.h"
#include "apiextensions/custom_resource_printer.h"
#include "apiextensions/schema_validation.h"
#include "content_digest.h"

namespace kubefake::fakeserver::apiextensions {
namespace {

using nlohmann::json;

// customresource_discovery_controller.go's verb order (R9.1).
const std::vector<std::string> kVerbs = {"delete", "deletecollection", "get",    "list",
                                         "patch",  "create",           "update", "watch"};
// A terminating CRD's resource lists no create, update or patch (R4.10).
const std::vector<std::string> kTerminatingVerbs = {"delete", "deletecollection", "get", "list",
                                                    "watch"};
const std::vector<std::string> kSubresourceVerbs = {"get", "patch", "update"};

std::vector<std::string> Strings(const json& value) {
  std::vector<std::string> out;
  if (!value.is_array()) return out;
  for (const json& item : value) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

// The storage version's entry in spec.versions (null when there is none).
json StorageVersion(const json& spec) {
  for (const json& version : spec.value("versions", json::array())) {
    if (version.value("storage", false)) return version;
  }
  return nullptr;
}

json SchemaOf(const json& version) {
  if (!version.is_object()) return nullptr;
  auto found = version.find("schema");
  if (found == version.end() || !found->is_object()) return nullptr;
  return found->value("openAPIV3Schema", json());
}

}  // namespace

std::vector<std::pair<api::ResourceInfo, CustomResourceVersionPtr>> ServedVersions(
    const json& crd, const json& accepted_names) {
  std::vector<std::pair<api::ResourceInfo, CustomResourceVersionPtr>> served;
  const json& spec = crd["spec"];
  const std::string group = spec.value("group", "");
  const json storage = StorageVersion(spec);
  const std::string storage_version = storage.is_object() ? storage.value("name", "") : "";
  const json storage_schema = SchemaOf(storage);
  const std::string kind = accepted_names.value("kind", "");
  const bool namespaced = spec.value("scope", "") == "Namespaced";
  const bool terminating = IsCrdConditionTrue(crd, "Terminating");
  for (const json& version : spec.value("versions", json::array())) {
    if (!version.value("served", false)) continue;
    api::ResourceInfo info;
    info.group = group;
    info.version = version.value("name", "");
    info.name = accepted_names.value("plural", "");
    info.singular_name = accepted_names.value("singular", "");
    info.kind = kind;
    info.list_kind = accepted_names.value("listKind", "");
    info.namespaced = namespaced;
    info.verbs = terminating ? kTerminatingVerbs : kVerbs;
    info.short_names = Strings(accepted_names.value("shortNames", json()));
    info.categories = Strings(accepted_names.value("categories", json()));
    info.storage_version_hash = StorageVersionHash(group, storage_version, kind);

    json schema = SchemaOf(version);
    const json subresources = version.value("subresources", json::object());
    std::optional<ScaleSubresource> scale;
    if (auto found = subresources.find("scale"); found != subresources.end()) {
      scale = ScaleSubresource{found->value("specReplicasPath", ""),
                               found->value("statusReplicasPath", ""),
                               found->value("labelSelectorPath", "")};
      info.subresources.push_back({"scale", {"autoscaling", "v1", "Scale"}, kSubresourceVerbs});
    }
    const bool has_status = subresources.contains("status");
    if (has_status) {
      info.subresources.push_back({"status", info.GetGroupVersionKind(), kSubresourceVerbs});
    }
    std::vector<std::string> selectable;
    for (const json& field : version.value("selectableFields", json::array())) {
      selectable.push_back(field.value("jsonPath", ""));
    }
    std::vector<std::string> cel_rule_paths = CelRulePaths(schema);
    auto custom = std::make_shared<const CustomResourceVersion>(CustomResourceVersion{
        .crd_name = crd["metadata"].value("name", ""),
        .storage_version = storage_version,
        .schema = std::move(schema),
        .storage_schema = storage_schema,
        .terminating = terminating,
        .has_status = has_status,
        .scale = std::move(scale),
        .printer = CustomResourcePrinter(version.value("additionalPrinterColumns", json())),
        .selectable_fields = SelectableFields::ForCustomResource(namespaced, selectable),
        .cel_rule_paths = std::move(cel_rule_paths)});
    served.emplace_back(std::move(info), std::move(custom));
  }
  return served;
}

}  // namespace kubefake::fakeserver::apiextensions
