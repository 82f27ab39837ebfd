// CustomResourceDefinition defaulting, strategy and validation (R10.1): what
// apiextensions-apiserver's v1 SetDefaults, registry/customresourcedefinition/strategy.go and
// apis/apiextensions/validation/validation.go do to a CRD on create and update. Pure
// functions; thread-safe.
//
// Fidelity:
//   Emulated:  defaults (names.singular = lower-case kind, names.listKind = Kind + "List",
//              conversion.strategy None); status on create (empty acceptedNames, storedVersions
//              = the storage version) and storedVersions growing on update; validation of
//              metadata.name (`must be spec.names.plural+"."+spec.group`), group (required,
//              DNS subdomain, `should be a domain with at least one dot`), scope, names
//              (required, DNS-1035 labels, kind and listKind differ), versions (DNS-1035 names,
//              unique, `must have exactly one version marked as storage version`,
//              `schemas are required`, a root type, `must not be empty for specified object
//              fields`, `uniqueItems cannot be set to true since the runtime complexity becomes
//              quadratic`), additionalPrinterColumns (name, type, jsonPath), scale subresource
//              paths, conversion strategy; on update, immutable group, names.plural,
//              names.kind and scope.
//   Differs:   the full structural-schema rules (no anyOf/allOf type rules, metadata
//              restrictions, x-kubernetes-list-type checks, CEL compilation) are not checked;
//              Go prints the versions value of a versions error as a Go struct, kubefake as JSON.
//   Rejected:  conversion strategy Webhook: 422 `spec.conversion.strategy: Forbidden: Webhook
//              conversion is not emulated by kubefake; use None`.
#pragma once

#include <nlohmann/json.hpp>

#include "kubefake/api/field_error.h"

namespace kubefake::fakeserver::apiextensions {

// Fills the defaulted fields of `crd` (names.singular, names.listKind, conversion).
void DefaultCustomResourceDefinition(nlohmann::json& crd);

// The strategy's PrepareForCreate: status starts with empty acceptedNames and the storage
// version as the only stored version.
void PrepareCustomResourceDefinitionForCreate(nlohmann::json& crd);

// The strategy's PrepareForUpdate (after status was copied from the stored object): a new
// storage version joins status.storedVersions.
void PrepareCustomResourceDefinitionForUpdate(nlohmann::json& crd);

// Validates `crd`; `old` is the stored CRD on update, nullptr on create.
api::FieldErrorList ValidateCustomResourceDefinition(const nlohmann::json& crd,
                                                     const nlohmann::json* old);

}  // namespace kubefake::fakeserver::apiextensions
