// The fields an object sets, by schema (structured-merge-diff's TypedValue.ToFieldSet): every
// leaf value, `.` for each granular map and associative list item, `k:{...}` for keyed list
// items, `v:<value>` for set items, whole atomic lists. apiVersion, kind and server-owned
// metadata (name, namespace, uid, resourceVersion, generation, timestamps, managedFields) are
// never tracked, nor status when the endpoint does not own it (R8.8, R8.10). Pure functions;
// thread-safe.
#pragma once

#include <map>
#include <nlohmann/json.hpp>

#include "field_set.h"
#include "schema_node.h"

namespace kubefake::fakeserver {

// Each field path of an object with the value there (nullptr for `.` members). The values
// point into the object, which must outlive the map.
using FieldValues = std::map<FieldSet::Path, const nlohmann::json*>;

// The fields of `object` (a whole object) under `root`, its kind's schema.
FieldValues CollectObjectFields(const nlohmann::json& object, const SchemaNode& root,
                                bool track_status);

// The same fields as a FieldsV1 trie (what FieldSet::ToFieldsV1 makes of their paths), built
// directly: a create's managedFields entry owns exactly these.
nlohmann::json CollectObjectFieldsV1(const nlohmann::json& object, const SchemaNode& root,
                                     bool track_status);

FieldSet PathsOf(const FieldValues& fields);

// How an object's fields changed from `before` to `after`.
struct FieldChanges {
  FieldSet changed;  // added, or set to another value
  FieldSet removed;
};
FieldChanges CompareFields(const FieldValues& before, const FieldValues& after);

}  // namespace kubefake::fakeserver
