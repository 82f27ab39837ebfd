// managedFields bookkeeping: which manager set which fields, in the FieldsV1 format the
// apiserver writes (R2.5, R8.10). Update operations (create, update, non-apply patches) are
// recorded here; server-side apply (server_side_apply.h) reads and writes the same entries.
// Pure functions; thread-safe.
//
// Fidelity:
//   Emulated:  one entry per (manager, operation, apiVersion, subresource); on create the
//              manager owns every field it set; on update it takes over the fields whose
//              values changed and other managers lose them; empty entries are dropped; `time`
//              changes only when an entry's fields do; at most 10 Update entries, the oldest
//              merged per apiVersion into `ancient-changes`. Field paths follow
//              object_fields.h; custom resources use their CRD schema. An update sending
//              `managedFields: []` or `[{}]` clears them and records nothing.
//   Differs:   other managedFields sent by the client are replaced, not honoured.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "field_set.h"
#include "kubefake/api/object.h"
#include "kubefake/api/time.h"
#include "kubefake/fakeserver/request.h"
#include "request_scope.h"
#include "schema_node.h"

namespace kubefake::fakeserver {

// The field manager of a write: `field_manager` (the ?fieldManager option) when set, else the
// User-Agent up to its first '/' with non-printable characters dropped, at most 128 bytes.
std::string FieldManagerFor(const Request& request, std::string_view field_manager);

// The schema field ownership of `scope`'s objects follows: the built-in definition of its
// kind, or the custom resource's CRD schema.
SchemaNode ObjectSchema(const RequestScope& scope);

// One managedFields entry: `entry` holds everything but fieldsV1, which is `fields`.
struct ManagedFieldsEntry {
  nlohmann::json entry;
  FieldSet fields;
};

// The managedFields of `object` (a whole object); entries that are not objects are skipped.
std::vector<ManagedFieldsEntry> ReadManagedFields(const nlohmann::json& object);

// Stores `entries` as `object`'s metadata.managedFields, dropping empty ones and merging the
// oldest Update entries into `ancient-changes` beyond 10 (R8.10); none removes the field.
void WriteManagedFields(std::vector<ManagedFieldsEntry> entries, nlohmann::json& object);

// Records `manager`'s Update operation on `object` (the new state; `old` is the stored state,
// nullptr on create). `root` is the kind's schema (ObjectSchema). `track_status` is false for
// resources whose status has its own endpoint. `subresource` ("status") names the endpoint
// written; its entries are kept apart from the main endpoint's, as the apiserver keeps them.
void RecordUpdateManagedFields(const api::Object* old, api::Object& object, const SchemaNode& root,
                               std::string_view manager, bool track_status, api::Time now,
                               std::string_view subresource = "");

}  // namespace kubefake::fakeserver
