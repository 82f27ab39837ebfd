// managedFields bookkeeping for Update operations (create, update and patch): which
// manager set which fields, in the FieldsV1 format the apiserver writes (R2.5). Server-side
// apply builds on the same field sets. Pure functions; thread-safe.
//
// Fidelity:
//   Emulated:  one entry per (manager, operation, apiVersion, subresource); on create the
//              manager owns every field it set; on update it takes over the fields whose
//              values changed and other managers lose them; empty entries are dropped. Field
//              paths follow structured-merge-diff: `f:<field>`, `.` for maps and list items,
//              `k:{...}` for associative lists (x-kubernetes-list-type map or a patch merge
//              key), `v:<value>` for sets, whole atomic lists; server-owned metadata (name,
//              namespace, uid, resourceVersion, generation, timestamps, managedFields) and, on
//              resources with a status subresource, status are not tracked.
//   Differs:   managedFields sent by the client are replaced, not honoured; custom resources
//              without a built-in schema track objects as maps.
#pragma once

#include <string>
#include <string_view>

#include "kubefake/api/object.h"
#include "kubefake/api/time.h"
#include "kubefake/fakeserver/request.h"

namespace kubefake::fakeserver {

// The field manager of a write: `field_manager` (the ?fieldManager option) when set, else the
// User-Agent up to its first '/' with non-printable characters dropped, at most 128 bytes.
std::string FieldManagerFor(const Request& request, std::string_view field_manager);

// Records `manager`'s Update operation on `object` (the new state; `old` is the stored state,
// nullptr on create). `track_status` is false for resources whose status has its own endpoint.
// `subresource` ("status") names the endpoint written; its entries are kept apart from the
// main endpoint's, as the apiserver keeps them.
void RecordUpdateManagedFields(const api::Object* old, api::Object& object,
                               std::string_view manager, bool track_status, api::Time now,
                               std::string_view subresource = "");

}  // namespace kubefake::fakeserver
