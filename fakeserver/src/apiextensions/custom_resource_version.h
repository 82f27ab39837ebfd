// CustomResourceVersion: what serving one version of a CRD needs besides its catalog entry:
// the schema, the status and scale subresources, the Table printer, the selectable fields and
// the storage version. Built from a stored CustomResourceDefinition when it is established;
// immutable and shared (a request keeps it alive while it runs). Thread-safe.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kubefake/api/resource_catalog.h"
#include "selectable_fields.h"
#include "table_printer.h"

namespace kubefake::fakeserver::apiextensions {

// spec.versions[].subresources.scale (R3.4, R10.5).
struct ScaleSubresource {
  std::string spec_replicas_path;    // ".spec.replicas"
  std::string status_replicas_path;  // ".status.replicas"
  std::string label_selector_path;   // "" when absent
};

struct CustomResourceVersion {
  std::string crd_name;         // "widgets.example.com"
  std::string storage_version;  // the version objects are stored in
  nlohmann::json schema;        // openAPIV3Schema; null when the version has none
  // The storage version's openAPIV3Schema: stored objects are pruned and defaulted by it
  // when read (R10.6, R10.7); null when that version has none.
  nlohmann::json storage_schema;
  bool terminating = false;  // the CRD's Terminating condition is True (R4.10)
  bool has_status = false;
  std::optional<ScaleSubresource> scale;
  TablePrinter printer;
  SelectableFields selectable_fields;
  // Where the schema has x-kubernetes-validations rules, which kubefake does not evaluate.
  std::vector<std::string> cel_rule_paths;
};

using CustomResourceVersionPtr = std::shared_ptr<const CustomResourceVersion>;

// The catalog entries and serving data of every served version of `crd` (a stored, valid
// CustomResourceDefinition), named by `accepted_names` (its status.acceptedNames).
std::vector<std::pair<api::ResourceInfo, CustomResourceVersionPtr>> ServedVersions(
    const nlohmann::json& crd, const nlohmann::json& accepted_names);

}  // namespace kubefake::fakeserver::apiextensions
