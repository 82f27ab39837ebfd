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

// Runs the update flow for the object of `scope`'s URL and answers the written object (200, or
// 201 when an update created it). `options` gives dry run and the field manager.
// Errors: whatever `produce` returns; NotFound; Conflict; Invalid.
Result<Response> RunUpdate(RequestScope& scope, const WriteOptions& options,
                           ObjectProducer produce);

}  // namespace kubefake::fakeserver
