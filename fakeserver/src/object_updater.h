// The update flow PUT and PATCH share (the apiserver's genericregistry.Store.Update with
// rest.UpdatedObjectInfo): the new object is computed from the stored one inside the storage's
// retry loop, then preconditions (resourceVersion, uid), system-owned metadata, the status
// split, generation, managedFields, no-op detection, finalizer completion and dry run apply.
// R2.2, R2.4, R2.9, R3.2, R3.3, R3.5, R3.6, R3.8, R3.9, R4.6. Thread-compatible (one request).
#pragma once

#include <functional>

#include "kubefake/api/object.h"
#include "kubefake/api/result.h"
#include "request_options.h"
#include "request_scope.h"

namespace kubefake::fakeserver {

// The object a write submits, computed from the stored object (nullptr when there is none).
// It may run more than once: GuaranteedUpdate retries it on the fresh state.
using ObjectProducer = std::function<Result<api::Object>(const api::Object* current)>;

// Records the managedFields of a write once the strategy has prepared `object` (`old` is the
// stored object, nullptr on create).
using ManagedFieldsRecorder = std::function<void(const api::Object* old, api::Object& object)>;

// How a write departs from a plain update.
struct UpdateFlow {
  // Create a missing object even where the strategy allows no create on update (server-side
  // apply, R8.7); never through a subresource.
  bool create_when_missing = false;
  // nullptr: an Update operation of the request's field manager (R8.10).
  ManagedFieldsRecorder record_managed_fields;
};

// Runs the update flow for the object of `scope`'s URL and answers the written object (200, or
// 201 when an update created it). `options` gives dry run and the field manager.
// Errors: whatever `produce` returns; NotFound; Conflict; Invalid.
Result<Response> RunUpdate(RequestScope& scope, const WriteOptions& options, ObjectProducer produce,
                           UpdateFlow flow = {});

}  // namespace kubefake::fakeserver
