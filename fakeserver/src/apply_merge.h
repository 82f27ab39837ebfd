// The two object edits of server-side apply (structured-merge-diff's merge and RemoveItems,
// R8.8): merging an applied configuration into the live object by the schema's list and map
// semantics, and removing the fields a manager stopped applying. Pure functions; thread-safe.
//
// Fidelity:
//   Emulated:  structs and granular maps merge per key; keyed lists merge items by their key
//              fields, sets by value; atomic lists, atomic maps and scalars are replaced.
//              Item order is structured-merge-diff's interleave: live items the configuration
//              lacks keep their place, shared items follow the configuration's order, new items
//              sit where the configuration puts them relative to the shared ones.
//   Differs:   an object or list that pruning leaves empty is removed when nobody owns
//              anything below it, where structured-merge-diff decides by named struct fields.
#pragma once

#include <nlohmann/json.hpp>

#include "field_set.h"
#include "schema_node.h"

namespace kubefake::fakeserver {

// `config` merged into `live` at a position of schema `node` (the kind's root for whole
// objects).
nlohmann::json MergeApplied(const nlohmann::json& live, const nlohmann::json& config,
                            const SchemaNode& node);

// Removes from `object` (a whole object of schema `root`) every field of `remove`; a map or
// list item whose `.` is in `remove` goes unless `keep` holds a path below it.
void RemoveFields(nlohmann::json& object, const SchemaNode& root, const FieldSet& remove,
                  const FieldSet& keep);

}  // namespace kubefake::fakeserver
