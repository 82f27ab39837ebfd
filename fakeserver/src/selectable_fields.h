// SelectableFields: the field-selector contract of one resource (R6.12): which field labels a
// request may select on (with the resource's own rejection message), how aliases are rewritten,
// and the field set the server computes per object to match them against. Kubernetes: the
// per-kind AddFieldLabelConversionFunc registrations (pkg/apis/<group>/<version>/conversion.go,
// runtime.DefaultMetaV1FieldSelectorConversion, the CRD converter) and the registries'
// GetAttrs/ToSelectableFields (pkg/registry/...). Immutable after construction; thread-safe.
//
// Fidelity:
//   Emulated:  the two upstream layers separately. Acceptance: every built-in kind of 1.33
//              with a conversion func (Pod, Node, ReplicationController, Event in v1 and
//              events.k8s.io/v1, Namespace, Secret, Service, Job, CertificateSigningRequest,
//              ClusterTrustBundle, ResourceSlice) with its exact 400 text; every other kind
//              accepts metadata.name and metadata.namespace (also when cluster-scoped) and
//              rejects the rest with `"<f>" is not a known field selector: only
//              "metadata.name", "metadata.namespace"`; custom resources accept metadata.name,
//              metadata.namespace when namespaced, and the version's selectableFields.
//              Aliases: pods' spec.host -> spec.nodeName; events.k8s.io's regarding.* ->
//              involvedObject.* and reportingController -> reportingComponent. Field sets: the
//              values ToSelectableFields computes, read from the served JSON (pods'
//              status.podIP is status.podIPs[0].ip; spec.hostNetwork, spec.unschedulable read
//              "true"/"false"; counts such as Job status.successful (from status.succeeded) and
//              RC status.replicas read as decimal, "0" when absent; Event source falls back to
//              the reporting controller). A label that is accepted but never computed (pods'
//              status.podIPs) reads "", as upstream's fields.Set does.
//   Differs:   the table is keyed by group-resource (plus version for ResourceSlice, whose
//              message names the version), not by kind; a built-in resource that is not in
//              the catalog still gets the default table.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "kubefake/api/field_selector.h"
#include "kubefake/api/group_version.h"
#include "kubefake/api/result.h"

namespace kubefake::fakeserver {

class SelectableFields {
 public:
  // How a value is rendered, and what an absent one reads as.
  enum class ValueKind {
    kString,  // the string; "" when absent
    kBool,    // "true"/"false"; "false" when absent
    kInt,     // decimal; "0" when absent
    kScalar,  // custom resources: strings as is, booleans and integers printed; "" when absent
  };

  // One computed field: `label` is read from `path` in the served object (a segment of digits
  // indexes an array), or from `fallback_path` when that gives "".
  struct Field {
    std::string label;
    std::vector<std::string> path;
    std::vector<std::string> fallback_path;
    ValueKind kind = ValueKind::kString;
  };

  // The wording of the 400 for a label the resource does not accept.
  enum class Rejection {
    kNotKnown,             // `"<f>" is not a known field selector: only "metadata.name", ...`
    kNotSupported,         // `field label not supported: <f>`
    kNotSupportedForKind,  // `field label <%q f> not supported for <kind>` (batch/v1 Job)
    kNotSupportedForGvk,   // `field label not supported for <gvk>: <f>` (ResourceSlice)
  };

  // The contract of built-in resource `gvr`, whose scope is `namespaced`. Resources without
  // a conversion func of their own get the default (metadata.name, metadata.namespace). The
  // reference is to a process-wide table and never dangles.
  static const SelectableFields& ForBuiltIn(const api::GroupVersionResource& gvr, bool namespaced);

  // The contract of a custom resource version: metadata.name, metadata.namespace when
  // `namespaced`, and each of `json_paths` (a CRD's spec.versions[].selectableFields[].jsonPath,
  // such as ".spec.color", selected as "spec.color").
  static SelectableFields ForCustomResource(bool namespaced,
                                            const std::vector<std::string>& json_paths);

  // The label selection uses for `label` (the label itself, or what an alias stands for).
  // Errors: BadRequest with the resource's message when `label` is not accepted.
  Result<std::string> ConvertLabel(std::string_view label) const;

  // fields.Selector.Transform with ConvertLabel: every requirement's label converted, values
  // and operators kept, Everything and Nothing unchanged.
  // Errors: BadRequest from the first requirement (in the selector's order) not accepted.
  Result<api::FieldSelector> Convert(const api::FieldSelector& selector) const;

  // The field set of `object` (a served JSON object of this resource): every computed label
  // with its value, metadata.name, and metadata.namespace for namespaced kinds.
  api::FieldSet FieldsOf(const nlohmann::json& object) const;

  // The value FieldsOf(object) holds for `label`, "" when it holds none.
  std::string Value(std::string_view label, const nlohmann::json& object) const;

  // Same as selector.Matches(FieldsOf(object)), reading only the labels the selector names.
  // `selector` must have been through Convert.
  bool Matches(const api::FieldSelector& selector, const nlohmann::json& object) const;

 private:
  struct Accepted {
    std::string label;      // as a client sends it
    std::string canonical;  // as the field set holds it
  };

  SelectableFields(std::vector<Accepted> accepted, std::vector<Field> fields, Rejection rejection,
                   std::string rejection_subject);
  friend class SelectableFieldsTable;

  const Field* FindField(std::string_view label) const;

  std::vector<Accepted> accepted_;
  std::vector<Field> fields_;
  Rejection rejection_;
  // The kind or group-version-kind the rejection names (kNotSupportedForKind, ...ForGvk).
  std::string rejection_subject_;
};

}  // namespace kubefake::fakeserver
