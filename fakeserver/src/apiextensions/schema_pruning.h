// Pruning and defaulting of custom objects by their CRD version's structural schema (R10.6,
// R10.7): the apiserver's schemaCoercingDecoder running pkg/apiserver/schema/pruning and
// schema/defaulting over every request body, and its storage codec over every stored object
// read. Pure functions; thread-safe.
//
// Fidelity:
//   Emulated:  fields the schema does not describe are removed and reported by path
//              (`spec.foo`, `spec.items[0].bar`), except below x-kubernetes-preserve-unknown-
//              fields (known properties below it are still pruned) and, inside
//              x-kubernetes-embedded-resource objects, apiVersion, kind and metadata; at the
//              root apiVersion, kind and metadata are kept and unknown ObjectMeta fields are
//              dropped; additionalProperties and items schemas apply to every entry; defaults
//              fill absent fields (and null ones unless nullable) of objects that exist, after
//              pruning. Both run on request bodies with the request version's schema and on
//              every stored object read (GET, LIST, WATCH, the current state a patch or an
//              update starts from) with the storage version's, so a default added by a CRD
//              update shows on existing objects without a write.
//   Differs:   the reported paths are sorted by name.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kubefake::fakeserver::apiextensions {

// Removes from `object` (a whole custom object) what `schema` (an openAPIV3Schema) does not
// describe; returns the removed paths in strict-decoding form (`spec.foo`), sorted.
std::vector<std::string> PruneBySchema(nlohmann::json& object, const nlohmann::json& schema);

// Applies the `default`s of `schema` to `object`.
void ApplySchemaDefaults(nlohmann::json& object, const nlohmann::json& schema);

}  // namespace kubefake::fakeserver::apiextensions
