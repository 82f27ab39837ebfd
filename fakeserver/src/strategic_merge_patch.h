// Strategic merge patch: apimachinery's strategicpatch.StrategicMergeMapPatch as the apiserver
// runs it (MergeParallelList and IgnoreUnmatchedNulls on), with the list semantics taken from
// the OpenAPI schema of the kind (x-kubernetes-patch-strategy and -patch-merge-key) instead of
// Go struct tags (R8.5). Pure function over nlohmann::json and static schema data; thread-safe.
//
// Fidelity:
//   Emulated:  maps merge recursively and null deletes a key; lists without the merge strategy
//              are replaced; merge lists of objects match elements by the merge key, merge
//              matched ones and append the rest; merge lists of scalars take the union; the
//              order of the result follows the patch, then the live list, as the apiserver's
//              normalizeElementOrder/mergeSortedSlice place them; `$patch: replace|delete|merge`
//              in maps and list elements, `$retainKeys`, `$deleteFromPrimitiveList/<f>`,
//              `$setElementOrder/<f>` (checked against the patch list), directives dropped from
//              values new to the object; the errors of mergepatch/errors.go with the apiserver's
//              codes: 400 for the format errors, 422 with the generic message for `lists of
//              lists are not supported`, and the rest unwrapped (500, no reason) such as `map:
//              map[image:x] does not contain declared merge key: name`.
//   Differs:   Go iterates patch maps in random order; keys are taken here in sorted order
//              (`$` directives first), which only matters for patches whose effects collide.
#pragma once

#include <nlohmann/json.hpp>

#include "kubefake/api/openapi_schema.h"
#include "kubefake/api/result.h"

namespace kubefake::fakeserver {

// Applies `patch` (a JSON object) to `original` (an object of `type`, in the endpoint's
// version) and returns the patched object. Both arguments are consumed.
// Errors: BadRequest (`invalid patch format of retainKeys`, ...), Invalid with the generic
// message, or an unwrapped 500 as listed in the Fidelity note.
Result<nlohmann::json> StrategicMergePatch(nlohmann::json original, nlohmann::json patch,
                                           const api::TypeSchema& type);

}  // namespace kubefake::fakeserver
